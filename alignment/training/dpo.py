"""DPO with TRL's DPOTrainer on preference pairs.

Pairs come from the paired rows (``<id>#chosen`` / ``<id>#rejected``) and from single rows that share a prompt
with opposite labels (the i-th desirable completion of a prompt against its i-th undesirable one). After SFT the
adapter is continued and TRL's frozen copy of it ("ref") is the reference; alone, the reference is the base.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from .chat import chat_completion, chat_prompt, shuffled

if TYPE_CHECKING:
    from ..config import DPOSettings


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
        raise ValueError("preference training needs pairs: paired rows (chosen/rejected), or a prompt that has both a "
                         "desirable and an undesirable completion")
    return out


def preference_dataset(rows: pd.DataFrame, seed: int):
    """Conversational (prompt, chosen, rejected) examples, shuffled (every preference-pair stage trains on these)."""
    from datasets import Dataset

    pairs = shuffled(preference_pairs(rows), seed)
    return Dataset.from_dict({
        "prompt": [chat_prompt(p) for p in pairs["prompt"]],
        "chosen": [chat_completion(c) for c in pairs["chosen"]],
        "rejected": [chat_completion(r) for r in pairs["rejected"]],
    })


def config_options(settings: DPOSettings, rows: pd.DataFrame, stage: str) -> dict:
    return dict(beta=settings.beta, loss_type=[settings.loss_type])
