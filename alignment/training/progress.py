"""Training progress: a log line per logging step, and the hooks the orchestration layer listens on.

In-process, ``ProgressLogger`` calls the hooks directly. A stage run in a child process (``accelerate launch``)
has no hooks of the parent's: the child appends one JSON line per logging step to a progress file
(``ProgressFile``), and the parent, while the child runs, reads the new lines (``ProgressTail``) and calls its own
hooks with them (``report``), so either way the same hooks see the same steps.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from transformers import TrainerCallback

log = logging.getLogger(__name__)

# Callables (stage, step, max_steps, loss) told about each logging step; the orchestration layer registers one to
# show a progress artifact, without this library knowing about Prefect.
PROGRESS_HOOKS: list = []


def report(stage: str, step: int, max_steps: int, loss: float) -> None:
    """Tell every registered hook about a logging step."""
    for hook in list(PROGRESS_HOOKS):
        hook(stage, step, max_steps, loss)


class ProgressLogger(TrainerCallback):
    """One log line per logging step: step, loss, time per step and ETA (the trainers' tqdm bars are off); the
    hooks hear of it from the main process only."""

    def __init__(self, stage: str):
        self.stage = stage
        self.start = time.monotonic()

    def on_train_begin(self, args, state, control, **kwargs):
        self.start = time.monotonic()
        log.info("%s: training %d steps", self.stage, state.max_steps)

    def on_log(self, args, state, control, logs=None, **kwargs):
        if not logs or "loss" not in logs:
            return
        elapsed = time.monotonic() - self.start
        per_step = elapsed / max(state.global_step, 1)
        eta = per_step * (state.max_steps - state.global_step)
        extra = "".join(
            f" {k.split('/')[-1] if k.startswith('rewards/') else k}={logs[k]:.3f}"
            for k in ("kl", "rewards/margins")
            if k in logs
        )
        log.info(
            "%s: step %d/%d loss=%.4f%s (%.1fs/step, eta %.0fs)",
            self.stage, state.global_step, state.max_steps, logs["loss"], extra, per_step, eta,
        )
        if state.is_world_process_zero:
            report(self.stage, state.global_step, state.max_steps, float(logs["loss"]))


class ProgressFile:
    """A hook that appends each step as one JSON line (what a child process registers for its parent)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def __call__(self, stage: str, step: int, max_steps: int, loss: float) -> None:
        line = json.dumps({"stage": stage, "step": step, "max_steps": max_steps, "loss": loss}) + "\n"
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(line)


class ProgressTail:
    """Reads the lines a ``ProgressFile`` appended since the last read. A line the writer has not finished (no
    newline yet) is left for the next read; a missing file has no lines yet."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.offset = 0

    def read(self) -> list[dict]:
        try:
            with open(self.path, "rb") as fh:
                fh.seek(self.offset)
                chunk = fh.read()
        except FileNotFoundError:
            return []
        end = chunk.rfind(b"\n") + 1
        self.offset += end
        return [json.loads(line) for line in chunk[:end].decode("utf-8").splitlines() if line.strip()]

    def report_new(self) -> int:
        """Call the hooks with every new line; how many there were."""
        records = self.read()
        for r in records:
            report(r["stage"], int(r["step"]), int(r["max_steps"]), float(r["loss"]))
        return len(records)
