import type {RoundExtraction} from '../../../src-main/contract/rounds';
import {PathText} from '../../components/PathText';

/** What the extraction made: SFT rows and PPM pairs (mined by the reference's rules, and made by hand), and where. */
export function ExtractionPanel({extraction}: {extraction: RoundExtraction}) {
	const searches = typeof extraction.options.searches === 'number' ? extraction.options.searches : null;
	return (
		<div className="stage-panel">
			<p className="stage-figures" data-testid="extraction-counts">
				<span><strong>{extraction.sftRows}</strong> SFT rows</span>
				<span><strong>{extraction.pairRows}</strong> PPM pairs</span>
				<span className="muted">({extraction.pairRows - extraction.handPairs} mined, {extraction.handPairs} made by hand)</span>
				{searches !== null && <span className="muted">from {searches} searches</span>}
			</p>
			<p className="muted small">in <PathText path={extraction.directory}/></p>
		</div>
	);
}
