"""Rows as TRL's conversational examples."""

from __future__ import annotations

import pandas as pd


def chat_prompt(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


def chat_completion(text: str) -> list[dict[str, str]]:
    return [{"role": "assistant", "content": text}]


def shuffled(rows: pd.DataFrame, seed: int) -> pd.DataFrame:
    return rows.sample(frac=1.0, random_state=seed).reset_index(drop=True)
