import {SearchSettings, type SearchPreset, type SearchSettingsInput} from './search.js';

/**
 * The reference implementation's search configurations (microsoft/rStar, branch rStar-math, `config/*.yaml`) as
 * presets. Sampling rounds judge answers against the ground truth; evaluation ones do not. Every value can still be
 * overridden, and the search stores the settings it ran with.
 */
export const presetSettings: Record<SearchPreset, SearchSettingsInput> = {
	/** Round 1 (`sample_mcts.yaml`): a model never trained on the format, few-shot, Q from the answers alone. */
	'rstar-bootstrap': {
		mode: 'mcts', qMode: 'terminal-guided', useGroundTruth: true, rollouts: 48, candidates: 12, maxDepth: 16, cPuct: 2,
		errorThreshold: 2, temperature: 0.7, topP: 1, topK: 0, maxStepTokens: 2048, promptFormat: 'few-shot', answerSelection: 'majority-vote'
	},
	/** Later rounds (`sft_sample_mcts.yaml`): the fine-tuned policy and the previous round's PPM. */
	'rstar-round': {
		mode: 'mcts', qMode: 'ppm-augmented', useGroundTruth: true, rollouts: 48, candidates: 12, maxDepth: 16, cPuct: 2,
		errorThreshold: 1, temperature: 1, topP: 1, topK: 0, maxStepTokens: 2048, promptFormat: 'rstar-sft', answerSelection: 'majority-vote'
	},
	/** Evaluation by MCTS (`sft_eval_mcts.yaml`): PPM-augmented, no ground truth, the answer leaf with the highest Q. */
	'rstar-eval-mcts': {
		mode: 'mcts', qMode: 'ppm-augmented', useGroundTruth: false, rollouts: 12, candidates: 32, maxDepth: 16, cPuct: 2,
		errorThreshold: 1, temperature: 1, topP: 1, topK: 0, maxStepTokens: 2048, promptFormat: 'rstar-sft', answerSelection: 'highest-q'
	},
	/** Evaluation by step-level beam search (`sft_eval_bs.yaml`): B1 = B2 = 8, ranked by the PPM, the best-scored answer. */
	'rstar-eval-beam': {
		mode: 'beam', beamWidth: 8, beamCandidates: 8, useGroundTruth: false, maxDepth: 16, errorThreshold: 1, temperature: 1,
		topP: 1, topK: 0, maxStepTokens: 2048, promptFormat: 'rstar-sft', answerSelection: 'best-ppm'
	}
};

/** A preset's settings with `overrides` on top (no preset: the schema's defaults), the preset named in them. */
export function settingsFor(preset: SearchPreset | null | undefined, overrides: SearchSettingsInput = {}): SearchSettings {
	const chosen = preset ?? overrides.preset ?? null;
	return SearchSettings.parse({...(chosen ? presetSettings[chosen] : {}), ...overrides, preset: chosen});
}
