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
		if (this.tail === '' && this.droppedBytes === 0 && this.headBytes + bytes <= this.maxBytes) {
			this.head += text;
			this.headBytes += bytes;
			return;
		}
		const half = Math.floor(this.maxBytes / 2);
		if (this.tail === '' && this.droppedBytes === 0) {
			// First overflow: the first half of everything so far is the head for good; the rest joins the tail.
			const all = Buffer.from(this.head + text);
			this.head = all.subarray(0, half).toString();
			this.headBytes = half;
			this.tail = all.subarray(half).toString();
		} else
			this.tail += text;
		const tailBytes = Buffer.from(this.tail);
		const room = this.maxBytes - half;
		if (tailBytes.length > room) {
			this.droppedBytes += tailBytes.length - room;
			this.tail = tailBytes.subarray(tailBytes.length - room).toString();
		}
	}

	public get truncated(): boolean {
		return this.droppedBytes > 0;
	}

	public text(): string {
		return this.truncated ? `${this.head}\n…[${this.droppedBytes} bytes truncated]…\n${this.tail}` : this.head + this.tail;
	}
}
