/** Offers `content` as a download named `name` (a link click: works in the Electron window and in a browser). */
export function saveFile(name: string, content: Blob | string, type = 'application/json'): void {
	const blob = typeof content === 'string' ? new Blob([content], {type}) : content;
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = name;
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
