"""The model a stage trains: the base (4-bit for QLoRA) with a new LoRA adapter, or a previous stage's adapter."""

from __future__ import annotations


from ..config import LoraSettings, TrainingSettings
from ..errors import SingAlignError
from ..models import ResolvedModel, pick_device
from .device import compact_lm_head, training_dtype


class TrainingSetupError(SingAlignError, RuntimeError):
    """Training cannot start with these settings on this machine; the message says why and what to change."""


def lora_config(settings: LoraSettings):
    from peft import LoraConfig

    return LoraConfig(
        r=settings.r,
        lora_alpha=settings.alpha,
        lora_dropout=settings.dropout,
        target_modules=list(settings.target_modules),
        layers_to_transform=list(settings.layers_to_transform) if settings.layers_to_transform else None,
        bias="none",
        task_type="CAUSAL_LM",
    )


def policy_model(base: ResolvedModel, training: TrainingSettings, previous_adapter: str | None):
    """The model a stage trains, and the LoRA config TRL should attach (None when continuing an adapter).

    Continuing: the previous stage's adapter, trainable; TRL then freezes a copy of it as the reference policy.
    Fresh: the base (4-bit for QLoRA) plus a new LoRA adapter; the reference is the base with the adapter off."""
    from .. import models

    compact_lm_head(training)
    quantization = None
    if training.quantization == "4bit":
        quantization = qlora_quantization(training)
    model = models.load_causal_lm(base.path, dtype=training_dtype(training), revision=base.hub_revision,
                                  quantization=quantization)
    if quantization is not None:
        from peft import prepare_model_for_kbit_training

        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=True)
    check_lora_layers(training.lora, model.config.num_hidden_layers)
    if previous_adapter:
        from peft import PeftModel

        return PeftModel.from_pretrained(model, previous_adapter, is_trainable=True), None
    return model, lora_config(training.lora)


def check_lora_layers(settings: LoraSettings, num_layers: int) -> None:
    """``training.lora.layers_to_transform`` must name layers the base has (PEFT's own error names no key)."""
    wanted = settings.layers_to_transform or []
    if wanted and max(wanted) >= num_layers:
        raise TrainingSetupError(f"training.lora.layers_to_transform names layer {max(wanted)}, but the base model "
                                 f"has {num_layers} decoder layers (0 to {num_layers - 1}); pick indices below "
                                 f"{num_layers}, or null for every layer.")


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
