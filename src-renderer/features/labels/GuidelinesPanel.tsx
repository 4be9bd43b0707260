import {useState} from 'react';
import {useSettings} from '../../api/useSettings';
import {NameForm} from '../../components/NameForm';
import {useGuidelines} from './useGuidelines';

/**
 * The team's labelling guidelines: the current version as plain paragraphs (blank lines split them; no markdown, so
 * what was typed is what is shown), and an editor that saves a new version under the user's name. Every version is
 * kept: labels and decisions name the one they were taken under.
 */
export function GuidelinesPanel() {
	const {guidelines, error, save} = useGuidelines();
	const {settings} = useSettings();
	const [draft, setDraft] = useState<string | null>(null);
	const [saving, setSaving] = useState(false);
	const [failure, setFailure] = useState<string | null>(null);
	const author = settings?.userName ?? '';

	const submit = () => {
		setSaving(true);
		setFailure(null);
		save(draft!, author).then(() => setDraft(null), (failed: Error) => setFailure(failed.message)).finally(() => setSaving(false));
	};

	return (
		<section className="guidelines" aria-label="Guidelines">
			<header className="guidelines-head">
				<h2>Guidelines</h2>
				{guidelines && (guidelines.version === null
					? <span className="muted">none written yet</span>
					: <span className="muted" data-testid="guidelines-version">v{guidelines.version} · {guidelines.author} · {new Date(guidelines.createdAt!).toLocaleString()}</span>)}
				{guidelines && draft === null && <button type="button" onClick={() => setDraft(guidelines.text)}>Edit</button>}
			</header>
			{error && <p className="error" role="alert">{error}</p>}
			{guidelines === null && !error && <p className="muted">loading…</p>}
			{guidelines && draft === null && (guidelines.text.trim() === ''
				? <p className="muted">No guidelines yet: Edit to write how your team rates steps and judges pairs.</p>
				: <div className="guidelines-text">{guidelines.text.split(/\n\s*\n/).map((paragraph, i) => <p key={i}>{paragraph}</p>)}</div>)}
			{draft !== null && (
				<div className="guidelines-edit">
					<textarea aria-label="Guidelines text" value={draft} rows={18} maxLength={200_000} onChange={event => setDraft(event.target.value)}/>
					{settings && author === '' && <NameForm why="the new version is saved under your name"/>}
					<div className="guidelines-actions">
						<button type="button" className="primary" disabled={saving || author === ''} onClick={submit}>
							Save as v{(guidelines?.version ?? 0) + 1}
						</button>
						<button type="button" disabled={saving} onClick={() => setDraft(null)}>Cancel</button>
						{author && <span className="muted">as {author}</span>}
					</div>
					{failure && <p className="error" role="alert">{failure}</p>}
				</div>
			)}
		</section>
	);
}
