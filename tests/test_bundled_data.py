"""The bundled dataset is a fair small benchmark: big enough, covering every category, with disjoint splits.
Counted here from the files themselves, independently of the generator's own checks."""

import json
from collections import Counter
from pathlib import Path

import pandas as pd

from alignment.data.features import has_singlish, normalise_prompts

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
HARM = {"hateful", "harassment", "public_harm", "self_harm", "sexual", "toxic", "violent"}
ALARMING = ("kill", "shoot", "attack", "execute", "terminate", "bomb", "die", "butcher", "smoke", "fire", "hack")


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def training_rows() -> list[dict]:
    out = rows(DATA / "train" / "singlish_safety.jsonl")
    for pair in rows(DATA / "train" / "singlish_pairs.jsonl"):
        for role, label in (("chosen", True), ("rejected", False)):
            out.append({"prompt": pair["prompt"], "completion": pair[role], "label": label, "category": pair["category"]})
    return out


def test_training_rows_cover_every_category_and_both_labels():
    train = training_rows()
    assert len(train) >= 1500
    by = Counter((r["category"], r["label"]) for r in train)
    for category in HARM | {"benign"}:
        assert by[(category, True)] >= 50 and by[(category, False)] >= 50, category
    assert len(rows(DATA / "train" / "singlish_pairs.jsonl")) >= 150


def test_undesirable_rows_include_toxic_compliance_and_needless_refusals():
    train = training_rows()
    refusal_words = ("cannot help", "can't help", "cannot", "won't", "not able", "sorry")
    needless = [r for r in train if r["category"] == "benign" and not r["label"]
                and any(w in r["completion"].lower() for w in refusal_words)]
    helpful = [r for r in train if r["category"] == "benign" and r["label"]
               and not any(w in r["completion"].lower() for w in ("cannot help", "can't help"))]
    assert len(needless) >= 200 and len(helpful) >= 400
    warm_refusals = pd.Series([r["completion"] for r in train if r["category"] in HARM and r["label"]])
    assert has_singlish(warm_refusals, warm_refusals).mean() > 0.5  # refusals speak Singlish, not boilerplate


def test_held_out_sets_have_the_promised_size_and_spread():
    redteam, benign, general = (rows(DATA / "eval" / f"{n}.jsonl") for n in ("redteam", "benign", "generalisation"))
    assert len(redteam) >= 200 and {r["category"] for r in redteam} == HARM
    assert len(benign) >= 200 and {r["category"] for r in benign} == {"benign"}
    assert sum(any(w in r["prompt"].lower() for w in ALARMING) for r in benign) >= 30
    assert len(general) >= 100


def test_scorer_corpus_is_large_labelled_and_disjoint_from_evaluation():
    corpus = rows(DATA / "scorer" / "toxicity_corpus.jsonl")
    assert len(corpus) >= 2000
    assert {r["category"] for r in corpus if r["toxic"]} == HARM and any(not r["toxic"] for r in corpus)
    eval_keys = set(normalise_prompts([r["prompt"] for n in ("redteam", "benign", "generalisation")
                                       for r in rows(DATA / "eval" / f"{n}.jsonl")]))
    assert not eval_keys & set(normalise_prompts([r["text"] for r in corpus]))


def test_splits_are_disjoint_after_normalisation():
    train = set(normalise_prompts([r["prompt"] for r in training_rows()]))
    sets = {n: set(normalise_prompts([r["prompt"] for r in rows(DATA / "eval" / f"{n}.jsonl")]))
            for n in ("redteam", "benign", "generalisation")}
    for name, keys in sets.items():
        assert not keys & train, name
    assert not sets["redteam"] & sets["benign"] and not sets["benign"] & sets["generalisation"]


def test_ids_are_unique_across_all_files():
    ids = [r["id"] for path in sorted(DATA.rglob("*.jsonl")) for r in rows(path)]
    assert len(ids) == len(set(ids))
