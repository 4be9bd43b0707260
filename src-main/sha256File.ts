import crypto from 'node:crypto';
import fs from 'node:fs';

/** The sha256 of a file, streamed (model files run to gigabytes), as hex. */
export async function sha256File(filePath: string): Promise<string> {
	const hash = crypto.createHash('sha256');
	for await (const chunk of fs.createReadStream(filePath, {highWaterMark: 1 << 20}))
		hash.update(chunk as Buffer);
	return hash.digest('hex');
}
