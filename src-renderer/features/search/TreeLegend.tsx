import {qColor} from '../../lib/qColor';
import {nodeKindLabels, type NodeKind} from '../../lib/treeView';

const glyphs: Record<NodeKind, string> = {correct: '★', wrong: '◆', unchecked: '⬟', 'code-error': '▲', failed: '■', exhausted: '◌', open: '●'};
const gradient = `linear-gradient(to right, ${[-1, -0.5, 0, 0.5, 1].map(q => qColor(q)).join(', ')})`;

/** The key to the tree: Q's colour scale, size by visits, a mark per kind, and the highlights. */
export function TreeLegend() {
	return (
		<div className="legend" aria-label="Legend">
			<span className="legend-scale"><span>Q −1</span><span className="legend-bar" style={{background: gradient}}/><span>+1</span></span>
			<span className="muted">size: visits</span>
			{(Object.keys(glyphs) as NodeKind[]).map(kind => <span key={kind} className={`legend-kind kind-${kind}`}>{glyphs[kind]} {nodeKindLabels[kind]}</span>)}
			<span className="legend-kind"><span className="swatch best"/> best trajectory</span>
			<span className="legend-kind"><span className="swatch path"/> selection path</span>
			<span className="legend-kind"><span className="swatch backup"/> backup</span>
		</div>
	);
}
