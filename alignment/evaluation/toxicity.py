"""LionGuard-style toxicity scorer: sentence embeddings (and hashed n-grams of the text) + a linear classifier.

Embeddings come from all-MiniLM-L6-v2 (mean pooling, L2-normalised, as sentence-transformers does); beside them,
``scorer.ngram_weight`` > 0 adds hashed character and word n-grams. The classifier is scikit-learn's
LogisticRegression trained on the bundled labelled corpus; its weights are cached as safetensors
(never pickle), keyed by the corpus, encoder and settings, with its held-out precision, recall and F1 beside them.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
import torch

from ..cache import build_once, write_atomic
from ..config import ScorerSettings
from ..models import cpu_has_amx, resolve_encoder, sha256_file

log = logging.getLogger(__name__)


class SentenceEncoder:
    """Mean-pooled, L2-normalised sentence embeddings. Texts are encoded in length-sorted batches (less padding,
    the same vectors); on a CPU with AMX the encoder runs under bf16 autocast, 2-4x faster, with embeddings within
    cosine 0.9999 of fp32 (``precision`` names which; ``fingerprint``, which the judge's and scorer's cache keys
    include, covers it).

    ``memo``: a folder where every text's embedding is kept, keyed by the text's checksum, in one SQLite file per
    encoder (weights, precision and maximum length). A text is encoded once per cache, however many processes, sets
    or fits ask for it, and a text repeated within one call is encoded once; a text therefore always gets the same
    vector, whatever batch it came in. If the memo cannot be read or written the encoder works without it."""

    def __init__(self, path: Path, max_length: int = 256, batch_size: int = 64, memo: Path | None = None):
        from transformers import AutoModel, AutoTokenizer

        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.model = AutoModel.from_pretrained(path).eval()
        self.max_length, self.batch_size = max_length, batch_size
        self.bf16 = cpu_has_amx()
        self.precision = "bf16-autocast" if self.bf16 else "fp32"
        # What the vectors depend on, hashed once: the memo's, the judge's and the classifier's cache keys use it.
        weights = path / "model.safetensors"
        identity = {"weights": sha256_file(weights) if weights.is_file() else str(path),
                    "precision": self.precision, "max_length": max_length}
        self.fingerprint = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:16]
        self.memo = memo / f"encoder-{self.fingerprint}.sqlite" if memo is not None else None

    def encode(self, texts: list[str]) -> np.ndarray:
        dim = self.model.config.hidden_size
        keys = [hashlib.sha256(t.encode("utf-8")).digest() for t in texts]
        known = self._recall(set(keys))
        todo = {k: t for k, t in zip(keys, texts) if k not in known}  # each new text once
        if todo:
            fresh = self._encode(list(todo.values()))
            known.update(zip(todo, fresh))
            self._remember(dict(zip(todo, fresh)))
        if not texts:
            return np.zeros((0, dim), dtype=np.float32)
        return np.stack([known[k] for k in keys]).astype(np.float32, copy=False)

    def _connect(self):
        import sqlite3

        self.memo.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.memo, timeout=120)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE IF NOT EXISTS embedding (text_sha256 BLOB PRIMARY KEY, vector BLOB NOT NULL)")
        return db

    def _recall(self, keys: set[bytes]) -> dict[bytes, np.ndarray]:
        if self.memo is None or not keys:
            return {}
        import sqlite3

        found: dict[bytes, np.ndarray] = {}
        wanted = list(keys)
        try:
            db = self._connect()
            try:
                for i in range(0, len(wanted), 500):
                    part = wanted[i : i + 500]
                    rows = db.execute("SELECT text_sha256, vector FROM embedding WHERE text_sha256 IN "
                                      f"({','.join('?' * len(part))})", part)
                    found.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
            finally:
                db.close()
        except sqlite3.Error as exc:
            self._disable(exc)
        return found

    def _remember(self, vectors: dict[bytes, np.ndarray]) -> None:
        if self.memo is None:
            return
        import sqlite3

        try:
            db = self._connect()
            try:
                with db:
                    db.executemany("INSERT OR IGNORE INTO embedding VALUES (?, ?)",
                                   [(k, np.ascontiguousarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items()])
            finally:
                db.close()
        except sqlite3.Error as exc:
            self._disable(exc)

    def _disable(self, exc: Exception) -> None:
        log.warning("sentence encoder: embedding memo %s unusable (%s); encoding without it", self.memo, exc)
        self.memo = None

    @torch.inference_mode()
    def _encode(self, texts: list[str]) -> np.ndarray:
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        chunks = []
        for i in range(0, len(texts), self.batch_size):
            enc = self.tokenizer(
                [texts[j] for j in order[i : i + self.batch_size]], padding=True, truncation=True,
                max_length=self.max_length, return_tensors="pt"
            )
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.bf16):
                hidden = self.model(**enc).last_hidden_state.float()
            mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            chunks.append(torch.nn.functional.normalize(pooled, dim=-1).numpy())
        out = np.empty((len(texts), self.model.config.hidden_size), dtype=np.float32)
        if chunks:
            out[order] = np.concatenate(chunks)
        return out


NGRAM_FEATURES = 2**15


def ngram_features(texts: Sequence[str]):
    """Hashed character 2-5-grams and word 1-3-grams of each text, and word n-grams of its first eight words (the
    judge's responses and the toxicity classifier's texts; stateless, so nothing but model weights is stored)."""
    from scipy import sparse
    from sklearn.feature_extraction.text import HashingVectorizer

    chars = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), n_features=NGRAM_FEATURES, alternate_sign=False)
    words = HashingVectorizer(analyzer="word", ngram_range=(1, 3), n_features=NGRAM_FEATURES, alternate_sign=False)
    openings = [" ".join(t.lower().split()[:8]) for t in texts]
    return sparse.hstack([chars.transform(texts), words.transform(texts), words.transform(openings)],
                         format="csr", dtype=np.float32)


_ENCODERS: dict[str, SentenceEncoder] = {}


def shared_encoder(name: str) -> SentenceEncoder:
    """The sentence encoder, loaded once per process (the judge, the toxicity classifier and the near-duplicate
    check share it), with its embedding memo under the SingAlign cache (``embeddings/``)."""
    from ..paths import default_cache_dir

    path = resolve_encoder(name)
    if str(path) not in _ENCODERS:
        _ENCODERS[str(path)] = SentenceEncoder(path, memo=default_cache_dir() / "embeddings")
    return _ENCODERS[str(path)]


@dataclass
class ScorerQuality:
    precision: float
    recall: float
    f1: float
    heldout_size: int
    train_size: int
    auc: float = float("nan")  # ROC AUC on the held-out texts
    false_positive_rate: float = float("nan")  # non-toxic held-out texts flagged toxic


def read_corpus(paths: Path | list[Path]) -> tuple[list[str], np.ndarray, list[str]]:
    """Labelled texts ``{text, toxic, category}`` from JSONL files (a folder means every ``*.jsonl`` in it)."""
    from ..jsonl import jsonl_objects

    texts, labels, categories = [], [], []
    for path in corpus_files(paths):
        for where, obj in jsonl_objects(path, "{text, toxic, category}"):
            text, toxic = obj.get("text"), obj.get("toxic")
            if not isinstance(text, str) or not isinstance(toxic, bool):
                raise ValueError(f"{where}: not a corpus row {{text, toxic, category}}: 'text' must be a string and "
                                 "'toxic' a boolean")
            texts.append(text)
            labels.append(int(toxic))
            categories.append(str(obj.get("category", "")))
    return texts, np.asarray(labels), categories


def corpus_files(paths: Path | list[Path]) -> list[Path]:
    out = []
    for p in [paths] if isinstance(paths, Path) else paths:
        if p.is_dir():
            out += sorted(p.glob("*.jsonl"))
        elif p.is_file():
            out.append(p)
        else:
            raise ValueError(f"scorer corpus {p}: no such file or folder")
    if not out:
        raise ValueError(f"scorer corpus {paths}: no *.jsonl files")
    return out


class ToxicityScorer:
    """``scores(texts)`` → probability of toxic; ``is_toxic`` applies the configured threshold."""

    def __init__(self, encoder: SentenceEncoder, coef: np.ndarray, intercept: float, threshold: float,
                 quality: ScorerQuality, ngram_weight: float = 0.0):
        self.encoder, self.coef, self.intercept = encoder, coef, intercept
        self.threshold, self.quality, self.ngram_weight = threshold, quality, ngram_weight
        self.fingerprint = ""  # set by load_scorer: corpus, encoder and settings

    @staticmethod
    def features(encoder: SentenceEncoder, texts: list[str], ngram_weight: float):
        """The sentence embedding, and (``scorer.ngram_weight`` > 0) the text's hashed n-grams at that weight beside
        it: embeddings carry the topic, n-grams the wording (slurs, obfuscated spellings, "don't say ...")."""
        from scipy import sparse

        dense = encoder.encode(texts)
        if ngram_weight <= 0:
            return dense
        return sparse.hstack([sparse.csr_matrix(dense), ngram_weight * ngram_features(texts)], format="csr",
                             dtype=np.float32)

    def scores(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros(0)
        logits = np.asarray(self.features(self.encoder, texts, self.ngram_weight) @ self.coef).ravel() + self.intercept
        return 1.0 / (1.0 + np.exp(-logits))

    def is_toxic(self, texts: list[str]) -> np.ndarray:
        return self.scores(texts) >= self.threshold


@dataclass
class Split:
    train_texts: list[str]
    train_labels: np.ndarray
    test_texts: list[str]
    test_labels: np.ndarray


def heldout_split(settings: ScorerSettings, seed: int) -> Split:
    """Training and held-out texts, the same for every scorer kind so every scorer is measured on the same texts.
    With ``scorer.heldout`` (a separately written file) the whole corpus trains and that file measures; without it
    a split of the corpus stratified by category and label is held out."""
    from sklearn.model_selection import train_test_split

    texts, labels, categories = read_corpus(settings.corpus)
    if len(set(labels.tolist())) < 2:
        raise ValueError(f"{settings.corpus}: the scorer corpus needs both toxic and non-toxic texts")
    if settings.heldout is not None:
        test_texts, test_labels, _ = read_corpus(settings.heldout)
        return Split(texts, labels, test_texts, test_labels)
    strata = [f"{c}/{y}" for c, y in zip(categories, labels)]
    counts = {s: strata.count(s) for s in set(strata)}
    stratify = strata if min(counts.values()) >= 2 else labels
    train_idx, test_idx = train_test_split(np.arange(len(texts)), test_size=settings.heldout_fraction,
                                           random_state=seed, stratify=stratify)
    return Split([texts[i] for i in train_idx], labels[train_idx], [texts[i] for i in test_idx], labels[test_idx])


def measure(probabilities: np.ndarray, labels: np.ndarray, threshold: float, train_size: int) -> ScorerQuality:
    from sklearn.metrics import precision_recall_fscore_support, roc_auc_score

    pred = (probabilities >= threshold).astype(int)
    p, r, f, _ = precision_recall_fscore_support(labels, pred, average="binary", zero_division=0)
    auc = float(roc_auc_score(labels, probabilities)) if len(set(labels.tolist())) == 2 else float("nan")
    negatives = labels == 0
    fpr = float(pred[negatives].mean()) if negatives.any() else float("nan")
    return ScorerQuality(float(p), float(r), float(f), int(len(labels)), int(train_size), auc, fpr)


def _train(settings: ScorerSettings, encoder: SentenceEncoder, seed: int) -> tuple[np.ndarray, float, ScorerQuality]:
    from sklearn.linear_model import LogisticRegression

    split = heldout_split(settings, seed)
    log.info("scorer: embedding %d + %d labelled texts", len(split.train_texts), len(split.test_texts))
    x_train = ToxicityScorer.features(encoder, split.train_texts, settings.ngram_weight)
    x_test = ToxicityScorer.features(encoder, split.test_texts, settings.ngram_weight)
    clf = LogisticRegression(C=settings.c, max_iter=3000, class_weight="balanced").fit(x_train, split.train_labels)
    quality = measure(clf.predict_proba(x_test)[:, 1], split.test_labels, settings.threshold, len(split.train_texts))
    log.info("scorer: held-out precision %.3f recall %.3f F1 %.3f AUC %.3f false-positive rate %.3f (n=%d)",
             quality.precision, quality.recall, quality.f1, quality.auc, quality.false_positive_rate,
             quality.heldout_size)
    return np.ascontiguousarray(clf.coef_[0], dtype=np.float32), float(clf.intercept_[0]), quality


class HFClassifierScorer:
    """Any Hugging Face text-classification model (a hub id or a local folder), e.g. a LionGuard 2 or ToxiGen
    RoBERTa checkpoint. Weights load from safetensors only (``use_safetensors=True``): a folder holding only pickled
    ``pytorch_model.bin`` is refused. The probability of ``toxic_label`` is the score."""

    def __init__(self, settings: ScorerSettings, seed: int, batch_size: int = 32):
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        if not settings.model:
            raise ValueError("scorer.kind=huggingface needs scorer.model (a hub id or a local folder)")
        try:
            self.model = AutoModelForSequenceClassification.from_pretrained(settings.model, use_safetensors=True).eval()
        except (OSError, EnvironmentError) as exc:
            raise ValueError(f"scorer.model {settings.model!r}: no safetensors weights could be loaded ({exc}). "
                             "SingAlign never loads pickled weights; convert the checkpoint to safetensors.") from None
        self.tokenizer = AutoTokenizer.from_pretrained(settings.model)
        labels = {str(v).lower(): int(k) for k, v in self.model.config.id2label.items()}
        if settings.toxic_label.lower() not in labels:
            raise ValueError(f"scorer.toxic_label {settings.toxic_label!r} is not one of the model's labels "
                             f"{sorted(labels)}")
        self.toxic_index = labels[settings.toxic_label.lower()]
        self.threshold, self.batch_size = settings.threshold, batch_size
        self.fingerprint = hashlib.sha256(settings.model_dump_json().encode()).hexdigest()[:16]
        split = heldout_split(settings, seed)
        self.quality = measure(self.scores(split.test_texts), split.test_labels, self.threshold, 0)
        log.info("scorer %s: held-out precision %.3f recall %.3f F1 %.3f (n=%d)", settings.model,
                 self.quality.precision, self.quality.recall, self.quality.f1, self.quality.heldout_size)

    @torch.inference_mode()
    def scores(self, texts: list[str]) -> np.ndarray:
        out = []
        for i in range(0, len(texts), self.batch_size):
            enc = self.tokenizer(texts[i : i + self.batch_size], padding=True, truncation=True, max_length=512,
                                 return_tensors="pt")
            out.append(torch.softmax(self.model(**enc).logits.float(), dim=-1)[:, self.toxic_index].numpy())
        return np.concatenate(out) if out else np.zeros(0, dtype=np.float32)

    def is_toxic(self, texts: list[str]) -> np.ndarray:
        return self.scores(texts) >= self.threshold


_LOADED: dict[tuple[str, str, int, int], ToxicityScorer] = {}


def load_scorer(settings: ScorerSettings, cache_dir: Path, seed: int = 0) -> ToxicityScorer | HFClassifierScorer:
    """Train once per (corpus, encoder, settings); later calls load the cached safetensors weights. Within one
    process the loaded scorer is reused, so evaluating base and candidate hashes and loads the encoder once."""
    key = (settings.model_dump_json(), str(cache_dir), seed,
           tuple(p.stat().st_mtime_ns for p in corpus_files(settings.corpus)))
    if key not in _LOADED:
        _LOADED[key] = _load_scorer(settings, cache_dir, seed)
    return _LOADED[key]


def _load_scorer(settings: ScorerSettings, cache_dir: Path, seed: int):
    if settings.kind == "huggingface":
        return HFClassifierScorer(settings, seed)
    from safetensors.numpy import load_file, save_file

    encoder = shared_encoder(settings.encoder)
    key = hashlib.sha256(
        json.dumps(
            {
                "corpus": [sha256_file(p) for p in corpus_files(settings.corpus)],
                "heldout": [sha256_file(p) for p in corpus_files(settings.heldout)] if settings.heldout else None,
                "c": settings.c,
                "encoder": encoder.fingerprint,
                "threshold": settings.threshold,
                "heldout_fraction": settings.heldout_fraction,
                "seed": seed,
                "v": 2,
                # only when set: at 0 the n-grams add nothing, and neither does the key
                **({"ngram_weight": settings.ngram_weight} if settings.ngram_weight > 0 else {}),
            },
            sort_keys=True,
        ).encode()
    ).hexdigest()[:16]
    folder = cache_dir / "scorers" / key
    weights, meta = folder / "classifier.safetensors", folder / "quality.json"
    def train() -> None:
        coef, intercept, quality = _train(settings, encoder, seed)
        write_atomic(weights, lambda tmp: save_file(
            {"coef": coef, "intercept": np.asarray([intercept], dtype=np.float32)}, str(tmp)))
        write_atomic(meta, lambda tmp: tmp.write_text(json.dumps(vars(quality), indent=2)))

    build_once(folder, "toxicity classifier", meta.is_file, train)  # meta is written last: weights are complete
    tensors = load_file(str(weights))
    quality = ScorerQuality(**json.loads(meta.read_text()))
    scorer = ToxicityScorer(encoder, tensors["coef"], float(tensors["intercept"][0]), settings.threshold, quality,
                            settings.ngram_weight)
    scorer.fingerprint = key
    return scorer
