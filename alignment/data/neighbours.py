"""Near-duplicate leakage by embedding similarity: the exact-match leakage rule misses a training prompt that is an
evaluation prompt reworded. Prompts are embedded with the bundled sentence encoder (all-MiniLM-L6-v2, mean
pooled, L2-normalised) and compared by cosine similarity; the encoder keeps each text's embedding (its memo under
the SingAlign cache), so a re-validation encodes only the prompts it has not seen."""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Neighbour:
    query: str
    nearest: str
    similarity: float


def nearest(queries: list[str], corpus: list[str], encoder_name: str) -> list[Neighbour]:
    """For each query, its most similar text in ``corpus`` and the cosine similarity."""
    from ..evaluation.toxicity import shared_encoder

    if not queries or not corpus:
        return []
    encoder = shared_encoder(encoder_name)
    q, c = encoder.encode(queries), encoder.encode(corpus)
    sims = q @ c.T
    idx = sims.argmax(axis=1)
    return [Neighbour(queries[i], corpus[j], float(sims[i, j])) for i, j in enumerate(idx)]
