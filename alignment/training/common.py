"""What every training stage shares: LoRA config, device/precision arguments, progress logging, output folders."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from transformers import TrainerCallback

from ..config import LoraSettings, StageSettings, TrainingSettings
from ..models import pick_device

log = logging.getLogger(__name__)

SUMMARY_FILE = "training_summary.json"  # written last: its presence marks a finished stage


def lora_config(settings: LoraSettings):
    from peft import LoraConfig

    return LoraConfig(
        r=settings.r,
        lora_alpha=settings.alpha,
        lora_dropout=settings.dropout,
        target_modules=list(settings.target_modules),
        bias="none",
        task_type="CAUSAL_LM",
    )


def trainer_kwargs(stage: StageSettings, training: TrainingSettings, output_dir: Path) -> dict[str, Any]:
    """Arguments common to TRL's SFTConfig and KTOConfig. On CPU: fp32 and ``use_cpu``; on GPU: bf16."""
    device = pick_device(training.device)
    return dict(
        output_dir=str(output_dir),
        max_steps=stage.max_steps,
        learning_rate=stage.learning_rate,
        per_device_train_batch_size=stage.per_device_train_batch_size,
        gradient_accumulation_steps=stage.gradient_accumulation_steps,
        max_length=stage.max_length,
        warmup_steps=stage.warmup_steps,
        lr_scheduler_type="linear",
        logging_steps=stage.logging_steps,
        gradient_checkpointing=stage.gradient_checkpointing,
        save_strategy="no",
        report_to=[],
        seed=training.seed,
        data_seed=training.seed,
        use_cpu=device == "cpu",
        bf16=device == "cuda",
        disable_tqdm=True,
        dataloader_num_workers=0,
    )


def training_dtype(training: TrainingSettings) -> str:
    """fp32 on CPU (bf16 matmuls are slow there and TRL needs ``bf16=False``); bf16 on GPU."""
    return "bfloat16" if pick_device(training.device) == "cuda" else "float32"


def chat_prompt(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


def chat_completion(text: str) -> list[dict[str, str]]:
    return [{"role": "assistant", "content": text}]


def shuffled(rows: pd.DataFrame, seed: int) -> pd.DataFrame:
    return rows.sample(frac=1.0, random_state=seed).reset_index(drop=True)


def cache_key(**parts: Any) -> str:
    blob = json.dumps(parts, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


@dataclass
class StageResult:
    adapter_dir: str
    stage: str
    steps: int
    losses: list[float]
    seconds: float
    reused: bool = False

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


def train_and_save(trainer, tokenizer, out_dir: Path, stage: str) -> StageResult:
    """Run a TRL trainer, save only the trained ("default") adapter and its tokenizer, and mark the stage finished.
    The summary is written last, so an interrupted stage is never mistaken for a finished one."""
    quiet(trainer)
    start = time.monotonic()
    trainer.train()
    trainer.model.save_pretrained(out_dir, selected_adapters=["default"])
    tokenizer.save_pretrained(out_dir)
    result = StageResult(
        adapter_dir=str(out_dir),
        stage=stage,
        steps=trainer.state.global_step,
        losses=losses_from(trainer.state.log_history),
        seconds=round(time.monotonic() - start, 2),
    )
    write_summary(out_dir, result)
    return result


def quiet(trainer) -> None:
    """Drop transformers' raw dict printer; ``ProgressLogger`` reports through logging instead."""
    from transformers.trainer_callback import PrinterCallback

    trainer.remove_callback(PrinterCallback)


def losses_from(log_history: list[dict[str, Any]]) -> list[float]:
    return [float(e["loss"]) for e in log_history if "loss" in e]
