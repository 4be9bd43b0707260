import {useCallback, useEffect, useRef} from 'react';

/**
 * `callback`, run at most once every `ms`: a call in a quiet period runs at once; calls within the interval collapse
 * into one at its end, so the last change is never missed. Pending calls are dropped on unmount.
 */
export function useThrottledCallback(callback: () => void, ms: number): () => void {
	const latest = useRef(callback);
	latest.current = callback;
	const state = useRef<{last: number; timer: ReturnType<typeof setTimeout> | null}>({last: 0, timer: null});
	useEffect(() => () => {
		if (state.current.timer)
			clearTimeout(state.current.timer);
	}, []);
	return useCallback(() => {
		const throttle = state.current;
		if (throttle.timer)
			return;
		const run = () => {
			throttle.timer = null;
			throttle.last = performance.now();
			latest.current();
		};
		const wait = throttle.last + ms - performance.now();
		if (wait <= 0)
			run();
		else
			throttle.timer = setTimeout(run, wait);
	}, [ms]);
}
