import type {RoundView} from '../../../src-main/contract/rounds';
import {RoundCard} from './RoundCard';

/** Every round, grouped by evolution in the order the API lists them (evolution, then number). */
export function RoundList({rounds, selectedId, onSelect}: {rounds: readonly RoundView[]; selectedId: number | null; onSelect(id: number): void}) {
	const evolutions = [...new Set(rounds.map(round => round.evolution))];
	return (
		<nav className="round-list" aria-label="Rounds">
			{evolutions.map(evolution => (
				<section key={evolution}>
					<h3>{evolution}</h3>
					<ul>
						{rounds.filter(round => round.evolution === evolution).map(round => (
							<li key={round.id}><RoundCard round={round} selected={round.id === selectedId} onSelect={() => onSelect(round.id)}/></li>
						))}
					</ul>
				</section>
			))}
		</nav>
	);
}
