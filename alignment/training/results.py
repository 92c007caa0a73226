"""A finished stage: its adapter, its summary (written last: its presence marks the stage finished), its curves."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .checkpoints import Checkpointing, CheckpointUploader, resume_point

log = logging.getLogger(__name__)

SUMMARY_FILE = "training_summary.json"  # written last: its presence marks a finished stage


@dataclass
class StageResult:
    adapter_dir: str
    stage: str
    steps: int
    losses: list[float]
    seconds: float
    reused: bool = False
    resumed_from_step: int = 0
    margins: list[float] = field(default_factory=list)  # reward margins along training (KTO/DPO)
    # KTO/KTO-S: share of training micro-batches whose KL estimate was <= 0, so z0 clamped at 0 (KTO-S = KTO there),
    # and the estimate before the clamp along training (mean per logging window)
    z0_clamped_share: float | None = None
    kl_raw: list[float] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def finished(out_dir: Path) -> StageResult | None:
    summary = out_dir / SUMMARY_FILE
    if summary.is_file():
        data = json.loads(summary.read_text())
        data["reused"] = True
        return StageResult(**data)
    return None


def write_summary(out_dir: Path, result: StageResult) -> None:
    data = result.to_dict()
    data.pop("reused", None)
    (out_dir / SUMMARY_FILE).write_text(json.dumps(data, indent=2))


def train_and_save(trainer, tokenizer, out_dir: Path, stage: str, checkpointing: Checkpointing | None = None,
                   ) -> StageResult:
    """Run a TRL trainer (from the last checkpoint, if there is one), save only the trained ("default") adapter
    and its tokenizer, and mark the stage finished. The summary is written last, so an interrupted stage is never
    mistaken for a finished one."""
    quiet(trainer)
    if checkpointing is not None:
        trainer.add_callback(CheckpointUploader(checkpointing))
    resume = resume_point(Path(trainer.args.output_dir), checkpointing) if trainer.args.save_strategy != "no" else None
    if resume:
        log.info("%s: resuming from %s", stage, resume)
    start = time.monotonic()
    trainer.train(resume_from_checkpoint=resume)
    if not trainer.is_world_process_zero():
        return StageResult(adapter_dir=str(out_dir), stage=stage, steps=trainer.state.global_step, losses=[],
                           seconds=round(time.monotonic() - start, 2))
    trainer.model.save_pretrained(out_dir, selected_adapters=["default"])
    tokenizer.save_pretrained(out_dir)
    counts = getattr(trainer, "z0_counts", None)
    share = counts["clamped"] / counts["steps"] if counts and counts["steps"] else None
    if share is not None:
        # (the micro-batches this process trained: a resumed stage counts from its checkpoint)
        log.info("%s: z0 clamped at 0 on %d of %d micro-batches (%.0f%%); on those KTO-S and KTO are the same step",
                 stage, counts["clamped"], counts["steps"], 100 * share)
    result = StageResult(
        adapter_dir=str(out_dir),
        stage=stage,
        steps=trainer.state.global_step,
        losses=losses_from(trainer.state.log_history),
        seconds=round(time.monotonic() - start, 2),
        resumed_from_step=int(resume.rsplit("-", 1)[-1]) if resume else 0,
        margins=[float(e["rewards/margins"]) for e in trainer.state.log_history if "rewards/margins" in e],
        z0_clamped_share=share,
        kl_raw=[float(e["kl_raw"]) for e in trainer.state.log_history if "kl_raw" in e],
    )
    write_summary(out_dir, result)
    return result


def quiet(trainer) -> None:
    """Drop transformers' raw dict printer; ``ProgressLogger`` reports through logging instead."""
    from transformers.trainer_callback import PrinterCallback

    trainer.remove_callback(PrinterCallback)


def losses_from(log_history: list[dict[str, Any]]) -> list[float]:
    return [float(e["loss"]) for e in log_history if "loss" in e]
