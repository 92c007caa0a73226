"""LionGuard-style toxicity scorer: sentence embeddings + a linear classifier.

Embeddings come from all-MiniLM-L6-v2 (mean pooling, L2-normalised, as sentence-transformers does). The classifier
is scikit-learn's LogisticRegression trained on the bundled labelled corpus; its weights are cached as safetensors
(never pickle), keyed by the corpus, encoder and settings, with its held-out precision, recall and F1 beside them.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from ..config import ScorerSettings
from ..models import resolve_encoder, sha256_file

log = logging.getLogger(__name__)


class SentenceEncoder:
    def __init__(self, path: Path, max_length: int = 256, batch_size: int = 64):
        from transformers import AutoModel, AutoTokenizer

        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.model = AutoModel.from_pretrained(path).eval()
        self.max_length, self.batch_size = max_length, batch_size

    @torch.inference_mode()
    def encode(self, texts: list[str]) -> np.ndarray:
        chunks = []
        for i in range(0, len(texts), self.batch_size):
            enc = self.tokenizer(
                texts[i : i + self.batch_size], padding=True, truncation=True, max_length=self.max_length, return_tensors="pt"
            )
            hidden = self.model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            chunks.append(torch.nn.functional.normalize(pooled, dim=-1).numpy())
        return np.concatenate(chunks) if chunks else np.zeros((0, self.model.config.hidden_size), dtype=np.float32)


@dataclass
class ScorerQuality:
    precision: float
    recall: float
    f1: float
    heldout_size: int
    train_size: int


def read_corpus(path: Path) -> tuple[list[str], np.ndarray, list[str]]:
    texts, labels, categories = [], [], []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                text, toxic = obj["text"], obj["toxic"]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{n}: not a corpus row {{text, toxic, category}}: {exc}") from None
            if not isinstance(text, str) or not isinstance(toxic, bool):
                raise ValueError(f"{path}:{n}: 'text' must be a string and 'toxic' a boolean")
            texts.append(text)
            labels.append(int(toxic))
            categories.append(str(obj.get("category", "")))
    return texts, np.asarray(labels), categories


class ToxicityScorer:
    """``scores(texts)`` → probability of toxic; ``is_toxic`` applies the configured threshold."""

    def __init__(self, encoder: SentenceEncoder, coef: np.ndarray, intercept: float, threshold: float, quality: ScorerQuality):
        self.encoder, self.coef, self.intercept = encoder, coef, intercept
        self.threshold, self.quality = threshold, quality

    def scores(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros(0)
        logits = self.encoder.encode(texts) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-logits))

    def is_toxic(self, texts: list[str]) -> np.ndarray:
        return self.scores(texts) >= self.threshold


def _train(settings: ScorerSettings, encoder: SentenceEncoder, seed: int) -> tuple[np.ndarray, float, ScorerQuality]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import precision_recall_fscore_support
    from sklearn.model_selection import train_test_split

    texts, labels, categories = read_corpus(settings.corpus)
    if len(set(labels.tolist())) < 2:
        raise ValueError(f"{settings.corpus}: the scorer corpus needs both toxic and non-toxic texts")
    log.info("scorer: embedding %d labelled texts", len(texts))
    x = encoder.encode(texts)
    strata = [f"{c}/{y}" for c, y in zip(categories, labels)]
    counts = {s: strata.count(s) for s in set(strata)}
    stratify = strata if min(counts.values()) >= 2 else labels
    x_tr, x_te, y_tr, y_te = train_test_split(
        x, labels, test_size=settings.heldout_fraction, random_state=seed, stratify=stratify
    )
    clf = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced").fit(x_tr, y_tr)
    pred = (clf.predict_proba(x_te)[:, 1] >= settings.threshold).astype(int)
    p, r, f, _ = precision_recall_fscore_support(y_te, pred, average="binary", zero_division=0)
    quality = ScorerQuality(float(p), float(r), float(f), int(len(y_te)), int(len(y_tr)))
    log.info("scorer: held-out precision %.3f recall %.3f F1 %.3f (n=%d)", p, r, f, len(y_te))
    return clf.coef_[0].astype(np.float32), float(clf.intercept_[0]), quality


_LOADED: dict[tuple[str, str, int, int], ToxicityScorer] = {}


def load_scorer(settings: ScorerSettings, cache_dir: Path, seed: int = 0) -> ToxicityScorer:
    """Train once per (corpus, encoder, settings); later calls load the cached safetensors weights. Within one
    process the loaded scorer is reused, so evaluating base and candidate hashes and loads the encoder once."""
    key = (settings.model_dump_json(), str(cache_dir), seed, settings.corpus.stat().st_mtime_ns)
    if key not in _LOADED:
        _LOADED[key] = _load_scorer(settings, cache_dir, seed)
    return _LOADED[key]


def _load_scorer(settings: ScorerSettings, cache_dir: Path, seed: int) -> ToxicityScorer:
    from safetensors.numpy import load_file, save_file

    encoder_path = resolve_encoder(settings.encoder)
    encoder = SentenceEncoder(encoder_path)
    key = hashlib.sha256(
        json.dumps(
            {
                "corpus": sha256_file(settings.corpus),
                "encoder": sha256_file(encoder_path / "model.safetensors")
                if (encoder_path / "model.safetensors").is_file()
                else str(encoder_path),
                "threshold": settings.threshold,
                "heldout": settings.heldout_fraction,
                "seed": seed,
                "v": 1,
            },
            sort_keys=True,
        ).encode()
    ).hexdigest()[:16]
    folder = cache_dir / "scorers" / key
    weights, meta = folder / "classifier.safetensors", folder / "quality.json"
    if weights.is_file() and meta.is_file():
        tensors = load_file(str(weights))
        quality = ScorerQuality(**json.loads(meta.read_text()))
        return ToxicityScorer(encoder, tensors["coef"], float(tensors["intercept"][0]), settings.threshold, quality)
    coef, intercept, quality = _train(settings, encoder, seed)
    folder.mkdir(parents=True, exist_ok=True)
    save_file({"coef": coef, "intercept": np.asarray([intercept], dtype=np.float32)}, str(weights))
    meta.write_text(json.dumps(vars(quality), indent=2))
    return ToxicityScorer(encoder, coef, intercept, settings.threshold, quality)
