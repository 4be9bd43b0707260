/**
 * Keeps a run's output within a byte budget: the first half and the last half of the budget, with a marker saying
 * how much was dropped between them, so both the start of a flood and its end stay readable.
 */
export class OutputCapture {
	private head = '';
	private tail = '';
	private headBytes = 0;
	private droppedBytes = 0;

	public constructor(private readonly maxBytes: number) {}

	public append(text: string): void {
		const bytes = Buffer.byteLength(text);
		const half = Math.floor(this.maxBytes / 2);
		if (this.droppedBytes === 0 && this.tail === '' && this.headBytes + bytes <= this.maxBytes) {
			this.head += text;
			this.headBytes += bytes;
			return;
		}
		if (this.tail === '' && this.droppedBytes === 0) {
			// First overflow: keep the first half as the head, the rest goes through the tail.
			const all = Buffer.from(this.head);
			this.head = all.subarray(0, half).toString();
			this.tail = all.subarray(half).toString();
			this.headBytes = Buffer.byteLength(this.head);
		}
		this.tail += text;
		const tailBytes = Buffer.from(this.tail);
		if (tailBytes.length > this.maxBytes - half) {
			const cut = tailBytes.length - (this.maxBytes - half);
			this.droppedBytes += cut;
			this.tail = tailBytes.subarray(cut).toString();
		}
	}

	public get truncated(): boolean {
		return this.droppedBytes > 0;
	}

	public text(): string {
		return this.truncated ? `${this.head}\n…[${this.droppedBytes} bytes truncated]…\n${this.tail}` : this.head + this.tail;
	}
}
