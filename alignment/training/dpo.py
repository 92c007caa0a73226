"""DPO with TRL's DPOTrainer on preference pairs.

Pairs come from the paired rows (``<id>#chosen`` / ``<id>#rejected``) and from single rows that share a prompt
with opposite labels (the i-th desirable completion of a prompt against its i-th undesirable one). After SFT the
adapter is continued and TRL's frozen copy of it ("ref") is the reference; alone, the reference is the base.
"""

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


def preference_pairs(rows: pd.DataFrame) -> pd.DataFrame:
    """(prompt, chosen, rejected) from explicit pairs and from same-prompt rows with opposite labels."""
    rows = rows.assign(label=rows["label"].astype(bool))
    paired = rows[rows["pair_id"].notna()]
    explicit = pd.DataFrame(columns=["prompt", "chosen", "rejected"])
    if len(paired):
        wide = paired.pivot_table(index=["pair_id", "prompt"], columns="label", values="completion", aggfunc="first")
        explicit = wide.rename(columns={True: "chosen", False: "rejected"}).dropna().reset_index()
    singles = rows[rows["pair_id"].isna()]
    implied = []
    for prompt, group in singles.groupby("prompt", sort=True):
        good = group[group["label"]]["completion"].tolist()
        bad = group[~group["label"]]["completion"].tolist()
        implied += [{"prompt": prompt, "chosen": g, "rejected": b} for g, b in zip(good, bad)]
    out = pd.concat([explicit[["prompt", "chosen", "rejected"]], pd.DataFrame(implied, columns=["prompt", "chosen", "rejected"])],
                    ignore_index=True)
    if out.empty:
        raise ValueError("DPO needs preference pairs: paired rows (chosen/rejected), or a prompt that has both a "
                         "desirable and an undesirable completion")
    return out


def dpo_dataset(rows: pd.DataFrame, seed: int):
    from datasets import Dataset

    pairs = shuffled(preference_pairs(rows), seed)
    return Dataset.from_dict({
        "prompt": [chat_prompt(p) for p in pairs["prompt"]],
        "chosen": [chat_completion(c) for c in pairs["chosen"]],
        "rejected": [chat_completion(r) for r in pairs["rejected"]],
    })


def train_dpo(rows: pd.DataFrame, base: ResolvedModel, training: TrainingSettings, out_dir: Path,
              previous_adapter: str | None = None, checkpointing: Checkpointing | None = None) -> StageResult:
    if training.reuse_cached and (done := finished(out_dir)):
        log.info("dpo: reusing the adapter already trained with these inputs at %s", out_dir)
        return done
    from trl import DPOConfig, DPOTrainer

    settings = training.dpo
    out_dir.mkdir(parents=True, exist_ok=True)
    tokenizer = load_tokenizer(base.path)
    model, peft_config = policy_model(base, training, previous_adapter)
    args = DPOConfig(**trainer_kwargs(settings, training, out_dir / "trainer"), beta=settings.beta,
                     loss_type=[settings.loss_type])
    trainer = DPOTrainer(model=model, args=args, train_dataset=dpo_dataset(rows, training.seed),
                         processing_class=tokenizer, peft_config=peft_config, callbacks=[ProgressLogger("dpo")])
    return train_and_save(trainer, tokenizer, out_dir, "dpo", checkpointing)
