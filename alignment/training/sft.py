"""Stage 1: supervised fine-tuning of a LoRA adapter on the desirable rows (loss on the assistant completion only)."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from ..config import TrainingSettings
from ..models import ResolvedModel, load_tokenizer
from .chat import chat_completion, chat_prompt, shuffled
from .checkpoints import Checkpointing
from .device import trainer_kwargs
from .lora import policy_model
from .progress import ProgressLogger
from .results import StageResult, finished, train_and_save

log = logging.getLogger(__name__)


def sft_dataset(rows: pd.DataFrame, seed: int):
    """Conversational prompt-completion rows, which TRL trains with ``completion_only_loss``."""
    from datasets import Dataset

    desirable = shuffled(rows[rows["label"].astype(bool)], seed)
    if desirable.empty:
        raise ValueError("SFT needs desirable rows (label true); the dataset has none")
    return Dataset.from_dict(
        {
            "prompt": [chat_prompt(p) for p in desirable["prompt"]],
            "completion": [chat_completion(c) for c in desirable["completion"]],
        }
    )


def sft_collator(tokenizer, padding_free: bool):
    """TRL's collator; padding-free concatenates a batch's rows into one sequence (position ids restart per row).
    Passed explicitly so TRL still truncates rows to ``max_length`` (its own ``padding_free`` flag would not)."""
    if not padding_free:
        return None
    from trl.trainer.sft_trainer import DataCollatorForLanguageModeling

    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return DataCollatorForLanguageModeling(pad_token_id=tokenizer.pad_token_id, padding_free=True)


def build_sft_trainer(rows: pd.DataFrame, base: ResolvedModel, training: TrainingSettings, out_dir: Path,
                      previous_adapter: str | None = None, callbacks: list | None = None):
    """The SFTTrainer of stage 1 (also what ``bench/train_step.py`` times), with the tokenizer."""
    from trl import SFTConfig, SFTTrainer

    tokenizer = load_tokenizer(base.path)
    model, peft_config = policy_model(base, training, previous_adapter)
    args = SFTConfig(
        **trainer_kwargs(training.sft, training, out_dir / "trainer"),
        completion_only_loss=True,
        packing=False,
    )
    trainer = SFTTrainer(
        model=model,
        args=args,
        train_dataset=sft_dataset(rows, training.seed),
        processing_class=tokenizer,
        peft_config=peft_config,
        data_collator=sft_collator(tokenizer, training.sft.padding_free),
        callbacks=[ProgressLogger("sft"), *(callbacks or [])],
    )
    return trainer, tokenizer


def train_sft(rows: pd.DataFrame, base: ResolvedModel, training: TrainingSettings, out_dir: Path,
              previous_adapter: str | None = None, checkpointing: Checkpointing | None = None) -> StageResult:
    """Train a LoRA adapter with TRL's SFTTrainer (fresh, or continuing ``previous_adapter``); save it (adapter
    only) to ``out_dir``."""
    if training.reuse_cached and (done := finished(out_dir)):
        log.info("sft: reusing the adapter already trained with these inputs at %s", out_dir)
        return done
    out_dir.mkdir(parents=True, exist_ok=True)
    trainer, tokenizer = build_sft_trainer(rows, base, training, out_dir, previous_adapter)
    return train_and_save(trainer, tokenizer, out_dir, "sft", checkpointing)
