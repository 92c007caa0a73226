"""Toxicity classifiers: the embedded one's held-out figures are recomputed here on the separately written
held-out file; any HF classifier works through the same interface; pickled weights are never loaded."""

from pathlib import Path

import numpy as np
import pytest

from alignment.config import EMBEDDED_ENCODER, ScorerSettings, default_cache_dir
from alignment.evaluation.toxicity import heldout_split, load_scorer

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "scorer"
HELDOUT = ROOT / "data" / "scorer_heldout" / "toxicity_heldout.jsonl"


def test_embedded_classifier_figures_are_measured_on_the_separately_written_held_out_file():
    from sklearn.metrics import f1_score, roc_auc_score

    settings = ScorerSettings(corpus=[CORPUS], heldout=HELDOUT)
    scorer = load_scorer(settings, default_cache_dir(), seed=42)
    split = heldout_split(settings, seed=42)
    assert not set(split.train_texts) & set(split.test_texts)
    assert len(split.test_texts) == scorer.quality.heldout_size
    predicted = scorer.is_toxic(split.test_texts).astype(int)
    f1 = f1_score(split.test_labels, predicted)
    assert f1 == pytest.approx(scorer.quality.f1, abs=1e-6)
    auc = roc_auc_score(split.test_labels, scorer.scores(split.test_texts))
    assert auc == pytest.approx(scorer.quality.auc, abs=1e-6)
    flagged = predicted[split.test_labels == 0].mean()
    assert flagged == pytest.approx(scorer.quality.false_positive_rate)
    # Bars for the bundled data (a change that makes the classifier worse fails here)
    assert auc >= 0.85 and flagged <= 0.2


def test_without_a_held_out_file_a_stratified_split_of_the_corpus_is_held_out():
    settings = ScorerSettings(corpus=[CORPUS], heldout=None, heldout_fraction=0.2)
    split = heldout_split(settings, seed=42)
    total = len(split.train_texts) + len(split.test_texts)
    assert len(split.test_texts) == pytest.approx(0.2 * total, abs=1)


def tiny_classifier(folder: Path, safe: bool = True) -> Path:
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    from alignment.models import resolve_encoder

    tokenizer = AutoTokenizer.from_pretrained(resolve_encoder(EMBEDDED_ENCODER))
    torch.manual_seed(0)
    model = BertForSequenceClassification(BertConfig(
        vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
        intermediate_size=64, num_labels=2, id2label={0: "non-toxic", 1: "TOXIC"}, label2id={"non-toxic": 0, "TOXIC": 1}))
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    if not safe:  # the same weights as a pickle, the way older checkpoints ship
        (folder / "model.safetensors").unlink()
        torch.save(model.state_dict(), folder / "pytorch_model.bin")
    return folder


def test_a_hugging_face_classifier_is_a_scorer_with_its_own_held_out_quality(tmp_path):
    settings = ScorerSettings(kind="huggingface", model=str(tiny_classifier(tmp_path / "clf")), toxic_label="toxic",
                              corpus=[CORPUS], heldout=HELDOUT)
    scorer = load_scorer(settings, tmp_path / "cache", seed=42)
    texts = ["Eh you damn stupid lah", "Try the chendol at Bedok 85, shiok!"]
    scores = scorer.scores(texts)
    # the score is the model's probability of its TOXIC class (matched case-insensitively), recomputed here
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    folder = tmp_path / "clf"
    tokenizer, model = AutoTokenizer.from_pretrained(folder), AutoModelForSequenceClassification.from_pretrained(folder)
    with torch.no_grad():
        expected = torch.softmax(model(**tokenizer(texts, padding=True, return_tensors="pt")).logits, -1)[:, 1]
    assert scores.shape == (2,) and scores == pytest.approx(expected.numpy(), abs=1e-5)
    assert not np.allclose(scores, 1 - expected.numpy(), atol=1e-3)  # not the non-toxic column
    q = scorer.quality
    assert q.heldout_size == len(heldout_split(settings, 42).test_texts) == 420


def test_the_toxic_label_must_exist(tmp_path):
    settings = ScorerSettings(kind="huggingface", model=str(tiny_classifier(tmp_path / "clf")), toxic_label="hateful",
                              corpus=[CORPUS], heldout=HELDOUT)
    with pytest.raises(ValueError, match="toxic_label 'hateful' is not one of"):
        load_scorer(settings, tmp_path / "cache", seed=1)


def test_pickled_weights_are_refused(tmp_path):
    folder = tiny_classifier(tmp_path / "pickled", safe=False)
    assert (folder / "pytorch_model.bin").is_file() and not (folder / "model.safetensors").exists()
    settings = ScorerSettings(kind="huggingface", model=str(folder), corpus=[CORPUS], heldout=HELDOUT)
    with pytest.raises(ValueError, match="never loads pickled weights"):
        load_scorer(settings, tmp_path / "cache", seed=2)


def test_ngram_features_beside_the_embedding_are_trained_stored_and_scored_the_same_way(tmp_path):
    """``scorer.ngram_weight`` > 0: the stored classifier covers the embedding and the hashed n-grams, ``scores()``
    reproduces its held-out figures, and it has its own cache key (0 keeps the embedding-only classifier's)."""
    import json

    from sklearn.metrics import roc_auc_score

    from alignment.evaluation.toxicity import NGRAM_FEATURES

    def sample(src: Path, dst: Path, n: int) -> Path:
        rows = [json.loads(line) for line in src.read_text().splitlines() if line.strip()]
        rows = [r for r in rows if r["toxic"]][:n] + [r for r in rows if not r["toxic"]][:n]
        dst.write_text("".join(json.dumps(r) + "\n" for r in rows))
        return dst

    corpus = sample(sorted(CORPUS.glob("*.jsonl"))[0], tmp_path / "corpus.jsonl", 30)
    heldout = sample(HELDOUT, tmp_path / "heldout.jsonl", 15)
    with_ngrams = load_scorer(ScorerSettings(corpus=[corpus], heldout=heldout, ngram_weight=1.0), tmp_path, seed=0)
    plain = load_scorer(ScorerSettings(corpus=[corpus], heldout=heldout), tmp_path, seed=0)
    assert with_ngrams.fingerprint != plain.fingerprint
    assert with_ngrams.coef.shape == (384 + 3 * NGRAM_FEATURES,) and plain.coef.shape == (384,)
    split = heldout_split(ScorerSettings(corpus=[corpus], heldout=heldout), seed=0)
    auc = roc_auc_score(split.test_labels, with_ngrams.scores(split.test_texts))
    assert auc == pytest.approx(with_ngrams.quality.auc, abs=1e-6)
    assert not np.allclose(with_ngrams.scores(split.test_texts), plain.scores(split.test_texts))


def test_the_encoder_memo_encodes_each_text_once_and_gives_the_same_vectors(tmp_path, caplog):
    """The sentence encoder's memo (judge, toxicity classifier and near-duplicate check share it): a text repeated in
    a call, or asked for again by another process, is not encoded again, and comes back with the same vector."""
    import sqlite3

    from alignment.evaluation.toxicity import SentenceEncoder
    from alignment.models import resolve_encoder

    path = resolve_encoder(EMBEDDED_ENCODER)
    first = SentenceEncoder(path, memo=tmp_path / "memo")
    texts = ["Where got nice chicken rice ah?", "Cannot lah, that one is illegal.", "Where got nice chicken rice ah?"]
    seen: list[list[str]] = []
    encode = first._encode
    first._encode = lambda batch: seen.append(list(batch)) or encode(batch)
    x = first.encode(texts)
    assert x.shape == (3, 384) and seen == [texts[:2]]
    np.testing.assert_array_equal(x[0], x[2])
    np.testing.assert_allclose(np.linalg.norm(x, axis=1), 1.0, rtol=1e-5)
    (db,) = (tmp_path / "memo").glob("encoder-*.sqlite")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM embedding").fetchone() == (2,)

    # Another encoder on the same memo (another process): only the new text is encoded; the rest match exactly.
    second = SentenceEncoder(path, memo=tmp_path / "memo")
    seen.clear()
    encode2 = second._encode
    second._encode = lambda batch: seen.append(list(batch)) or encode2(batch)
    y = second.encode(["Eh bro, how to kill a zombie process?", *texts])
    assert seen == [["Eh bro, how to kill a zombie process?"]]
    np.testing.assert_array_equal(y[1:], x)
    # Without the memo the vectors are the encoder's own (batching changes them by rounding only).
    z = SentenceEncoder(path).encode(texts)
    assert float(np.min(np.sum(z * x, axis=1))) > 0.999
    assert second.encode([]).shape == (0, 384)

    # A memo that cannot be used (here: not a database) is reported and the encoder works without it.
    bad = tmp_path / "bad"
    bad.mkdir()
    broken = SentenceEncoder(path, memo=bad)
    broken.memo.write_text("not a database")
    w = broken.encode(texts[:2])
    assert broken.memo is None and "unusable" in caplog.text
    np.testing.assert_allclose(w, x[:2], atol=1e-2)
