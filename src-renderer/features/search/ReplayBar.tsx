import {useEffect, useRef, useState} from 'react';
import type {SearchEvent} from '../../../src-main/contract/search';

export const replaySpeeds = [1, 4, 16, 64] as const;

export interface ReplayBarProps {
	/** Events applied; 0 … total. */
	index: number;
	total: number;
	/** The rollouts the log covers (beam search: the depths). */
	rollouts: number;
	/** What a log's `rollout` counts: MCTS rollouts, or beam search's depths. */
	unit: 'rollout' | 'depth';
	current: SearchEvent | null;
	playing: boolean;
	onPlayingChange(playing: boolean): void;
	onSeek(index: number): void;
	onJumpToRollout(rollout: number): void;
}

/** The timeline over a search's event log: play, pause, speed, one event back or forward, jump to rollout (beam: depth) k. */
export function ReplayBar(props: ReplayBarProps) {
	const {index, total, playing, onPlayingChange, onSeek} = props;
	const [speed, setSpeed] = useState<number>(4);
	const [rollout, setRollout] = useState('0');
	const latest = useRef({index, total, onSeek, onPlayingChange});
	latest.current = {index, total, onSeek, onPlayingChange};

	useEffect(() => {
		if (!playing)
			return;
		const timer = setInterval(() => {
			const {index: at, total: end, onSeek: seek, onPlayingChange: setPlaying} = latest.current;
			if (at >= end)
				setPlaying(false);
			else
				seek(at + 1);
		}, 1000 / speed);
		return () => clearInterval(timer);
	}, [playing, speed]);

	return (
		<section className="replay" aria-label="Replay">
			<div className="replay-controls">
				<button type="button" onClick={() => onSeek(0)} disabled={index === 0} title="First event (Home)">Start</button>
				<button type="button" onClick={() => onSeek(index - 1)} disabled={index === 0} title="One event back (,)" aria-label="Step back">◀ 1</button>
				<button type="button" onClick={() => onPlayingChange(!playing)} disabled={total === 0} title="Play or pause (P)" aria-label={playing ? 'Pause' : 'Play'}>
					{playing ? 'Pause' : 'Play'}
				</button>
				<button type="button" onClick={() => onSeek(index + 1)} disabled={index >= total} title="One event forward (.)" aria-label="Step forward">1 ▶</button>
				<button type="button" onClick={() => onSeek(total)} disabled={index >= total} title="Last event (End)">End</button>
				<label className="inline">speed
					<select value={speed} onChange={event => setSpeed(Number(event.target.value))} aria-label="Replay speed">
						{replaySpeeds.map(value => <option key={value} value={value}>{value} events/s</option>)}
					</select>
				</label>
				<form className="inline" onSubmit={event => {
					event.preventDefault();
					props.onJumpToRollout(Number(rollout));
				}}>
					<label className="inline">{props.unit}
						<input type="number" min={0} max={Math.max(0, props.rollouts - 1)} value={rollout} onChange={event => setRollout(event.target.value)} aria-label={`${props.unit === 'rollout' ? 'Rollout' : 'Depth'} to jump to`}/>
					</label>
					<button type="submit">Jump</button>
				</form>
				<span className="replay-position" data-testid="replay-position">event {index} / {total}{props.current ? ` · ${props.unit} ${props.current.rollout} · ${props.current.kind}` : ''}</span>
			</div>
			<input type="range" className="replay-slider" min={0} max={total} value={index} onChange={event => onSeek(Number(event.target.value))} aria-label="Replay position"/>
			{props.current && <EventCard event={props.current}/>}
		</section>
	);
}

/** What the current event did, in words and numbers. */
function EventCard({event}: {event: SearchEvent}) {
	switch (event.kind) {
		case 'select':
			return (
				<div className="event-card" data-testid="event-card">
					<strong>select</strong> step #{event.nodeId} by UCT among {event.siblings.length} sibling{event.siblings.length === 1 ? '' : 's'}:
					<span className="uct-list">{[...event.siblings].sort((a, b) => b.uct - a.uct).map(sibling => (
						<span key={sibling.id} className={sibling.id === event.nodeId ? 'uct chosen' : 'uct'}>#{sibling.id} {sibling.uct.toFixed(3)}</span>
					))}</span>
				</div>
			);
		case 'expand':
			return <div className="event-card" data-testid="event-card"><strong>expand</strong> step #{event.nodeId}: {event.children.length} candidate{event.children.length === 1 ? '' : 's'} arrived ({event.children.map(id => `#${id}`).join(', ') || 'none'}){event.merged > 0 ? `, ${event.merged} identical merged` : ''}</div>;
		case 'execute':
			return (
				<div className="event-card" data-testid="event-card">
					<strong>execute</strong> step #{event.nodeId} ({event.ms.toFixed(0)} ms): {event.ok ? 'ok' : 'error'}
					<pre className={event.ok ? 'exec-output' : 'exec-error'}>{(event.ok ? event.output : event.error) || '(printed nothing)'}</pre>
				</div>
			);
		case 'score':
			return <div className="event-card" data-testid="event-card"><strong>score</strong> by the PPM: {event.nodeIds.map((id, i) => `#${id} ${event.scores[i]!.toFixed(3)}`).join(', ')}</div>;
		case 'terminal':
			return <div className="event-card" data-testid="event-card"><strong>terminal</strong> step #{event.nodeId}: {event.reason}{event.reward === null ? '' : `, reward ${event.reward.toFixed(2)}`}{event.correct === null ? '' : event.correct ? ' (correct)' : ' (wrong)'}</div>;
		case 'backup':
			return <div className="event-card" data-testid="event-card"><strong>backup</strong> reward {event.reward.toFixed(2)} up {event.path.length} steps: {event.path.map(id => `#${id}`).join(' → ')}</div>;
		case 'beam':
			return (
				<div className="event-card" data-testid="event-card">
					<strong>beam</strong> {event.ranked.length === 0
						? 'no open step left to rank: the search ends'
						: `kept ${event.kept.length === 0 ? 'none' : event.kept.map(id => `#${id}`).join(', ')} of ${event.ranked.length} step${event.ranked.length === 1 ? '' : 's'} ranked by PPM`}
				</div>
			);
	}
}
