"""Training progress: a log line per logging step, and the hooks the orchestration layer listens on."""

from __future__ import annotations

import logging
import time

from transformers import TrainerCallback

log = logging.getLogger(__name__)

# Callables (stage, step, max_steps, loss) told about each logging step; the orchestration layer registers one to
# show a progress artifact, without this library knowing about Prefect.
PROGRESS_HOOKS: list = []


class ProgressLogger(TrainerCallback):
    """One log line per logging step: step, loss, time per step and ETA (the trainers' tqdm bars are off)."""

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
        for hook in list(PROGRESS_HOOKS):
            hook(self.stage, state.global_step, state.max_steps, float(logs["loss"]))
