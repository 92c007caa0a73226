"""ORPO (Hong et al., 2024) with TRL's ORPOTrainer on preference pairs (the pairs DPO trains on).

ORPO adds to the SFT loss on the chosen completion a log-odds-ratio term, weighted by β (the paper's λ), that
favours the chosen completion over the rejected one. It needs no reference model, and its loss already holds the
SFT term, so it trains a fresh adapter on the base as a method of its own (not after SFT).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from ..config import ORPOSettings


def config_options(settings: ORPOSettings, rows: pd.DataFrame, stage: str) -> dict:
    return dict(beta=settings.beta)
