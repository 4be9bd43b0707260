/** A file path on one line, cut with an ellipsis where it does not fit; the whole path is its tooltip. */
export function PathText({path}: {path: string}) {
	return <code className="path" title={path}>{path}</code>;
}
