/** Bytes in the largest binary unit under 1024 of it ("769 KiB", "4.37 GiB"). */
export function fileSize(bytes: number): string {
	const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${unit === 0 ? value : Number(value.toPrecision(3))} ${units[unit]}`;
}
