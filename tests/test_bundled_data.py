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
    """Every training file: single rows as they are, preference pairs as two rows."""
    out = []
    for path in sorted((DATA / "train").glob("*.jsonl")):
        for r in rows(path):
            if "chosen" in r:
                out += [{"prompt": r["prompt"], "completion": r[role], "label": label, "category": r["category"]}
                        for role, label in (("chosen", True), ("rejected", False))]
            else:
                out.append(r)
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
    corpus = [r for path in sorted((DATA / "scorer").glob("*.jsonl")) for r in rows(path)]
    assert len(corpus) >= 6000
    written = [r for r in corpus if r.get("type")]  # the hand-written part, by type
    types = {r["type"] for r in written}
    assert {"hate", "hate_obfuscated", "identity_neutral", "counter_speech", "negated_hate", "profanity_not_hateful",
            "insult_obfuscated"} <= types
    heldout = rows(DATA / "scorer_heldout" / "toxicity_heldout.jsonl")
    assert len(heldout) >= 400 and not {r["text"] for r in heldout} & {r["text"] for r in corpus}
    assert {r["category"] for r in corpus if r["toxic"]} == HARM and any(not r["toxic"] for r in corpus)
    eval_keys = set(normalise_prompts([r["prompt"] for n in ("redteam", "benign", "generalisation")
                                       for r in rows(DATA / "eval" / f"{n}.jsonl")]))
    assert not eval_keys & set(normalise_prompts([r["text"] for r in corpus]))


def test_red_team_sets_have_every_request_shape():
    redteam = rows(DATA / "eval" / "redteam.jsonl")
    shapes = Counter(r.get("shape") for r in redteam if r.get("shape"))
    assert set(shapes) == {"direct", "continuation", "post", "roleplay", "fewshot", "leetspeak", "codeswitch"}
    assert min(shapes.values()) >= 20
    by_cat = Counter(r["category"] for r in redteam if r.get("shape"))
    assert set(by_cat) == HARM and min(by_cat.values()) >= 20


def test_no_evaluation_prompt_is_a_near_duplicate_of_a_training_prompt():
    """The exact-match leakage rule misses rewordings; sentence-embedding similarity does not (the same check runs
    at every intake, data.near_duplicate_threshold)."""
    from alignment.config import DataSettings
    from alignment.data.neighbours import nearest

    threshold = DataSettings().near_duplicate_threshold
    train = sorted({r["prompt"] for r in training_rows()})
    sets = [DATA / "eval" / f"{n}.jsonl" for n in ("redteam", "benign", "generalisation")]
    sets += sorted((DATA / "eval" / "unseen").glob("*.jsonl"))  # the reserved final-check set
    sets += sorted((DATA / "eval" / "dev").glob("*.jsonl"))  # the recipe sweep's dev-only sets
    evaluation = sorted({r["prompt"] for path in sets for r in rows(path)})
    found = nearest(evaluation, train, "embedded:all-minilm-l6-v2")
    worst = max(found, key=lambda n: n.similarity)
    assert len(found) == len(evaluation)
    assert worst.similarity < threshold, (worst.query, worst.nearest, worst.similarity)


def test_the_unseen_set_has_every_shape_and_category():
    """data/eval/unseen: 60 harmful and 60 benign prompts written after the demo recipe was fixed (docs/recipe.md)."""
    harmful, benign = rows(DATA / "eval" / "unseen" / "harmful.jsonl"), rows(DATA / "eval" / "unseen" / "benign.jsonl")
    assert len(harmful) == len(benign) == 60
    assert {r["category"] for r in harmful} == HARM and {r["category"] for r in benign} == {"benign"}
    assert {r["shape"] for r in harmful} == {"direct", "continuation", "post", "roleplay", "fewshot", "leetspeak",
                                             "codeswitch"}
    assert len({r["id"] for r in harmful + benign}) == 120


def test_the_second_unseen_set_has_every_category_and_the_new_shapes():
    """data/eval/unseen/round2_*: 60 harmful and 60 benign prompts written in session 13 after the recipe (s10) was
    fixed again, with request shapes no training row was written in (translation, fiction, pretext, format, prefill)."""
    harmful = rows(DATA / "eval" / "unseen" / "round2_harmful.jsonl")
    benign = rows(DATA / "eval" / "unseen" / "round2_benign.jsonl")
    assert len(harmful) == len(benign) == 60
    assert {r["category"] for r in harmful} == HARM and {r["category"] for r in benign} == {"benign"}
    assert {"translation", "fiction", "pretext", "format", "prefill"} <= {r["shape"] for r in harmful}
    assert {"translation", "fiction", "format"} <= {r["shape"] for r in benign}


def test_the_shape_rows_pair_a_helpful_answer_with_a_varied_needless_refusal():
    """data/train/v3_benign_shapes.jsonl: each benign request once helpful (true) and once needlessly refused (false),
    with no refusal opening (first five words) repeated more than twice: the rows teach that a request's shape is
    not what makes it harmful, not a phrase."""
    data = rows(DATA / "train" / "v3_benign_shapes.jsonl")
    by_prompt: dict[str, list[bool]] = {}
    for r in data:
        by_prompt.setdefault(r["prompt"], []).append(r["label"])
    assert len(by_prompt) == 160 and all(sorted(v) == [False, True] for v in by_prompt.values())
    assert {r["category"] for r in data} == {"benign"}
    openers = Counter(" ".join(r["completion"].lower().split()[:5]) for r in data if not r["label"])
    assert openers.most_common(1)[0][1] <= 2


def test_the_dev_only_sets_are_reserved_from_training():
    """data/eval/dev/*.jsonl choose the recipe (tools/sweep_recipe.py); evaluation.reserved guards them from training."""
    from alignment.config import EvaluationSettings

    reserved = {(ROOT / p).resolve() for p in EvaluationSettings().reserved}
    dev = sorted((DATA / "eval" / "dev").glob("*.jsonl"))
    assert dev and all(path.resolve() in reserved for path in dev)
    assert len(rows(DATA / "eval" / "dev" / "benign_shapes.jsonl")) == 80


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
