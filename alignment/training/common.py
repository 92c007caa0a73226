"""What every training stage shares: LoRA config, device/precision arguments, progress logging, output folders."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from transformers import TrainerCallback

from ..config import LoraSettings, StageSettings, TrainingSettings
from ..errors import SingAlignError
from ..models import pick_device, torch_dtype_for

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
    """Arguments common to TRL's SFT, DPO and KTO configs. On GPU: bf16; on CPU: ``use_cpu``, and bf16 autocast
    where ``training.cpu_bf16`` says so (``cpu_bf16``), else fp32.
    With ``checkpoint_steps`` the trainer saves a resumable checkpoint (adapter, optimizer, scheduler, RNG) every N
    steps; ``CheckpointUploader`` copies each one to the store."""
    device = pick_device(training.device)
    every = training.checkpoint_steps
    bf16 = device == "cuda" or cpu_bf16(training)
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
        save_strategy="steps" if every else "no",
        save_steps=every or 500,
        save_total_limit=2 if every else None,
        save_only_model=False,
        report_to=[],
        seed=training.seed,
        data_seed=training.seed,
        use_cpu=device == "cpu",
        bf16=bf16,
        disable_tqdm=True,
        dataloader_num_workers=0,
    )


class TrainingSetupError(SingAlignError, RuntimeError):
    """Training cannot start with these settings on this machine; the message says why and what to change."""


def policy_model(base, training: TrainingSettings, previous_adapter: str | None):
    """The model a stage trains, and the LoRA config TRL should attach (None when continuing an adapter).

    Continuing: the previous stage's adapter, trainable; TRL then freezes a copy of it as the reference policy.
    Fresh: the base (4-bit for QLoRA) plus a new LoRA adapter; the reference is the base with the adapter off."""
    from ..models import load_causal_lm

    compact_lm_head(training)
    quantization = None
    if training.quantization == "4bit":
        quantization = qlora_quantization(training)
    model = load_causal_lm(base.path, dtype=training_dtype(training), quantization=quantization)
    if quantization is not None:
        from peft import prepare_model_for_kbit_training

        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=True)
    if previous_adapter:
        from peft import PeftModel

        return PeftModel.from_pretrained(model, previous_adapter, is_trainable=True), None
    return model, lora_config(training.lora)


def qlora_quantization(training: TrainingSettings):
    """A bitsandbytes NF4 config, or a clear refusal where QLoRA cannot run."""
    import importlib.util

    if pick_device(training.device) != "cuda":
        raise TrainingSetupError("training.quantization=4bit (QLoRA) needs a CUDA GPU; this machine has none. "
                                 "Set training.quantization=none to train a LoRA adapter on the full-precision base.")
    if importlib.util.find_spec("bitsandbytes") is None:
        raise TrainingSetupError("training.quantization=4bit (QLoRA) needs the bitsandbytes package: "
                                 "pip install bitsandbytes (the GPU worker image includes it).")
    import torch
    from transformers import BitsAndBytesConfig

    return BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
                              bnb_4bit_compute_dtype=torch.bfloat16)


def cpu_bf16(training: TrainingSettings) -> bool:
    """Whether CPU training runs in bf16 (``training.cpu_bf16``; ``auto``: the CPU has AMX bf16 tiles). Without
    AMX, bf16 matmuls on CPU are slower than fp32, so ``auto`` keeps fp32 there."""
    if pick_device(training.device) != "cpu" or training.cpu_bf16 == "off":
        return False
    if training.cpu_bf16 == "on":
        return True
    import torch

    return bool(getattr(torch.cpu, "_is_amx_tile_supported", lambda: False)())


_COMPACT_CPU_LM_HEAD = {"on": False}


def compact_lm_head(training: TrainingSettings) -> None:
    """Apply ``training.cpu_compact_lm_head``: TRL's fused LM head (``trl.trainer.utils.add_fused_lm_head``) picks
    its compact path (score only labelled positions) with ``_use_triton(device)``; on CPU that is False, so every
    position is scored. With the setting on, the compact path is taken on CPU too (the Triton kernels themselves are
    chosen elsewhere, in ``trl.kernels``, and stay off)."""
    from trl.trainer import utils as trl_utils

    _COMPACT_CPU_LM_HEAD["on"] = training.cpu_compact_lm_head
    if getattr(trl_utils._use_triton, "_singalign", False) or not hasattr(trl_utils, "_use_triton"):
        return
    original = trl_utils._use_triton

    def use_compact(device):
        return original(device) or (device.type == "cpu" and _COMPACT_CPU_LM_HEAD["on"])

    use_compact._singalign = True
    trl_utils._use_triton = use_compact


def training_dtype(training: TrainingSettings) -> str:
    """bf16 on GPU, and on CPU where ``cpu_bf16`` holds (the frozen base in bf16, autocast on); else fp32."""
    device = pick_device(training.device)
    return "bfloat16" if cpu_bf16(training) and device == "cpu" else torch_dtype_for(device)


def precision_tag(training: TrainingSettings) -> str:
    """The training precision, for the stage cache key: a bf16 adapter is not the fp32 one."""
    return training_dtype(training)


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
    resumed_from_step: int = 0
    margins: list[float] = field(default_factory=list)  # reward margins along training (KTO/DPO)

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


@dataclass(frozen=True)
class Checkpointing:
    """Where a stage's checkpoints go in the store: ``<prefix>/checkpoint-<step>/…`` and ``<prefix>/latest.json``."""

    store: Any
    prefix: str


class CheckpointUploader(TrainerCallback):
    """Copy each checkpoint the trainer saves to the store; ``latest.json`` is written after its files, so it only
    ever names a complete checkpoint."""

    def __init__(self, checkpointing: Checkpointing):
        self.ckpt = checkpointing

    def on_save(self, args, state, control, **kwargs):
        if not state.is_world_process_zero:
            return
        folder = Path(args.output_dir) / f"checkpoint-{state.global_step}"
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            self.ckpt.store.put_file(path, f"{self.ckpt.prefix}/{folder.name}/{path.relative_to(folder).as_posix()}")
        self.ckpt.store.put_bytes(f"{self.ckpt.prefix}/latest.json",
                                  json.dumps({"step": state.global_step, "folder": folder.name}).encode())
        log.info("checkpoint at step %d saved to %s", state.global_step, self.ckpt.store.url(self.ckpt.prefix))


def resume_point(output_dir: Path, checkpointing: Checkpointing | None) -> str | None:
    """The newest complete checkpoint of this stage: local if present, else downloaded from the store."""
    from transformers.trainer_utils import get_last_checkpoint

    local = get_last_checkpoint(str(output_dir)) if output_dir.is_dir() else None
    local_step = int(local.rsplit("-", 1)[-1]) if local else -1
    if checkpointing is None or not checkpointing.store.exists(f"{checkpointing.prefix}/latest.json"):
        return local
    latest = json.loads(checkpointing.store.get_bytes(f"{checkpointing.prefix}/latest.json"))
    if latest["step"] <= local_step:
        return local
    target = output_dir / latest["folder"]
    prefix = f"{checkpointing.prefix}/{latest['folder']}/"
    for key in checkpointing.store.list(prefix):
        checkpointing.store.download(key, target / key[len(prefix):])
    return str(target)


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
    result = StageResult(
        adapter_dir=str(out_dir),
        stage=stage,
        steps=trainer.state.global_step,
        losses=losses_from(trainer.state.log_history),
        seconds=round(time.monotonic() - start, 2),
        resumed_from_step=int(resume.rsplit("-", 1)[-1]) if resume else 0,
        margins=[float(e["rewards/margins"]) for e in trainer.state.log_history if "rewards/margins" in e],
    )
    write_summary(out_dir, result)
    return result


def quiet(trainer) -> None:
    """Drop transformers' raw dict printer; ``ProgressLogger`` reports through logging instead."""
    from transformers.trainer_callback import PrinterCallback

    trainer.remove_callback(PrinterCallback)


def losses_from(log_history: list[dict[str, Any]]) -> list[float]:
    return [float(e["loss"]) for e in log_history if "loss" in e]


def plot_curves(results: list[StageResult], path: Path) -> Path:
    """Loss per logging step of each stage (and reward margins where the trainer reports them) as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(results), figsize=(5 * len(results), 3.5), squeeze=False)
    for ax, r in zip(axes[0], results):
        ax.plot(range(1, len(r.losses) + 1), r.losses, marker=".", label="loss")
        if r.margins:
            ax.plot(range(1, len(r.margins) + 1), r.margins, marker=".", label="reward margin")
        ax.set(title=f"{r.stage} ({r.steps} steps)", xlabel="logging step")
        ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
