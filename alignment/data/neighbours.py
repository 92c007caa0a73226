"""Near-duplicate leakage by embedding similarity: the exact-match leakage rule misses a training prompt that is an
evaluation prompt reworded. Prompts are embedded with the bundled sentence encoder (all-MiniLM-L6-v2, mean
pooled, L2-normalised) and compared by cosine similarity; embeddings are cached by text so a re-validation of
the same data costs nothing."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..cache import write_atomic

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Neighbour:
    query: str
    nearest: str
    similarity: float


def embed_cached(texts: list[str], encoder_name: str, cache_dir: Path | None) -> np.ndarray:
    """Embeddings of ``texts`` (one row each), reusing a cache file keyed by the encoder and the texts."""
    from ..evaluation.toxicity import shared_encoder

    key = hashlib.sha256(("\x00".join([encoder_name, *texts])).encode("utf-8")).hexdigest()[:20]
    path = cache_dir / "embeddings" / f"{key}.npy" if cache_dir else None
    if path is not None and path.is_file():
        return np.load(path)
    encoder, _ = shared_encoder(encoder_name)
    x = encoder.encode(texts).astype(np.float32)
    if path is not None:
        write_atomic(path, lambda tmp: _save_npy(tmp, x))
    return x


def _save_npy(path: Path, x: np.ndarray) -> None:
    with open(path, "wb") as fh:  # a file object: np.save would append ".npy" to the temporary name
        np.save(fh, x)


def nearest(queries: list[str], corpus: list[str], encoder_name: str, cache_dir: Path | None = None
            ) -> list[Neighbour]:
    """For each query, its most similar text in ``corpus`` and the cosine similarity."""
    if not queries or not corpus:
        return []
    q = embed_cached(queries, encoder_name, cache_dir)
    c = embed_cached(corpus, encoder_name, cache_dir)
    sims = q @ c.T
    idx = sims.argmax(axis=1)
    return [Neighbour(queries[i], corpus[j], float(sims[i, j])) for i, j in enumerate(idx)]
