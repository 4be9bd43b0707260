"""What the trainer tells its caller: one JSON object per line on stdout, nothing else there. The app validates each
line against its schema (src-main/contract/trainer.ts)."""

import json
import signal
import sys
import time


class Cancelled(Exception):
    pass


class TrainerError(Exception):
    """Bad input or environment: reported as an `error` line with this message, exit status 2."""


class Progress:
    def __init__(self, task, stream=None):
        self.task = task
        self.stream = stream or sys.stdout
        self.cancelled = False
        self.started = time.monotonic()
        self._phase_started = self.started
        self._last_emit = 0.0
        # SIGINT/SIGTERM stop the run at the next step boundary, so the run ends with a `cancelled` line.
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._cancel)

    def _cancel(self, *_):
        self.cancelled = True

    def check(self):
        if self.cancelled:
            raise Cancelled()

    def emit(self, event, **fields):
        line = {"event": event, "task": self.task, "elapsed_s": round(time.monotonic() - self.started, 3), **fields}
        self.stream.write(json.dumps(line) + "\n")
        self.stream.flush()

    def phase(self, phase, **fields):
        self._phase_started = time.monotonic()
        self.emit("phase", phase=phase, **fields)

    def step(self, phase, step, total, every_s=1.0, **fields):
        """A training or evaluation step; emitted at most once per `every_s` (and always for the last)."""
        self.check()
        now = time.monotonic()
        if step < total and now - self._last_emit < every_s:
            return
        self._last_emit = now
        spent = now - self._phase_started
        eta = spent / step * (total - step) if step > 0 else None
        self.emit("progress", phase=phase, step=step, total=total,
                  eta_s=None if eta is None else round(eta, 1), **fields)

    def metric(self, phase, step, name, value, **fields):
        self.emit("metric", phase=phase, step=step, name=name, value=value, **fields)
