"""Stage 1: supervised fine-tuning of a LoRA adapter on the desirable rows (loss on the assistant completion only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from .chat import chat_completion, chat_prompt, shuffled

if TYPE_CHECKING:
    from ..config import SFTSettings


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


def config_options(settings: SFTSettings, rows: pd.DataFrame, stage: str) -> dict:
    """TRL's SFTConfig beyond the shared arguments: loss on the completion only, no packing."""
    return dict(completion_only_loss=True, packing=False)


def trainer_options(settings: SFTSettings, tokenizer, stage: str) -> dict:
    return dict(data_collator=sft_collator(tokenizer, settings.padding_free))
