"""Where and in what precision a stage trains, and the TRL trainer arguments every stage shares."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..config import StageSettings, TrainingSettings
from ..models import cpu_has_amx, pick_device, torch_dtype_for


def trainer_kwargs(stage: StageSettings, training: TrainingSettings, output_dir: Path) -> dict[str, Any]:
    """Arguments common to every stage's TRL config. On GPU: bf16; on CPU: ``use_cpu``, and bf16 autocast
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


def cpu_bf16(training: TrainingSettings) -> bool:
    """Whether CPU training runs in bf16 (``training.cpu_bf16``; ``auto``: the CPU has AMX bf16 tiles). Without
    AMX, bf16 matmuls on CPU are slower than fp32, so ``auto`` keeps fp32 there."""
    if pick_device(training.device) != "cpu" or training.cpu_bf16 == "off":
        return False
    if training.cpu_bf16 == "on":
        return True
    return cpu_has_amx()


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
