#!/usr/bin/env python3
"""Deterministic generator for the SingAlign bundled Singlish safety dataset.

Run from the repository root:

    python data/generate.py [--out DIR]

It (re)writes, under DIR (default: the repository root):
    data/train/singlish_safety.jsonl   KTO-style rows (prompt, completion, label)
    data/train/singlish_pairs.jsonl    preference pairs (prompt, chosen, rejected)
    data/eval/redteam.jsonl            held-out harmful Singlish prompts (generated and hand-written)
    data/eval/benign.jsonl             held-out benign Singlish prompts
    data/eval/generalisation.jsonl     standard-English / other-register prompts (generated and hand-written)
    data/scorer/corpus_generated.jsonl labelled texts for a response-toxicity classifier (the generated part
                                       of the scorer corpus; the other files in data/scorer/ are hand-written)

A plain run reproduces the committed files byte for byte (tests/test_generator.py checks it), so running it
in the repository loses nothing.

The hand-written content lives in data files that this program reads:
    data/generator/harm/<category>.json  harmful base requests (train / eval), refusals, compliance templates
    data/generator/benign.json           benign base requests (train, with answers / eval)
    data/generator/prompts.json          openers, scene contexts, frames, closers that wrap a request
    data/generator/answers.json          answer wrappers, needless and alarm refusals
    data/generator/places.json           Singapore places and scenes (one list; "in" = draw positions)
    data/generator/generalisation.json   standard-English statements, frames and requests
    data/generator/eval_handwritten.json hand-written red-team and generalisation prompts (ids from 100000 on)
    data/generator/scorer.json           extra texts for the toxicity corpus
    data/generator/chat_replies.json     pieces of small-chat-model-style replies for the toxicity corpus
    alignment/data/singlish_lexicon.json Singlish words, shared with alignment.data.features

They are combined with a fixed random.Random(SEED).  Base requests are split
into train and eval lists by hand, so the evaluation prompts come from base
requests that never appear in training.  Disjointness, minimum counts, length
limits and the absence of personal-data patterns are asserted at the end.

Content note: this is safety-training data.  The harmful requests and the
"undesirable" completions are deliberately non-actionable: compliance
completions use vague framing ("step 1 ... then you ...") and contain no
real instructions, quantities, methods or doses.

Standard library only (Python 3.11).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import string
import sys
from collections import Counter, defaultdict
from itertools import zip_longest
from pathlib import Path

SEED = 20250218
CHAT_SEED = SEED + 1  # the chat-model-style scorer texts draw from their own stream (see build_scorer)
SOURCE = "singalign-bundled-v1"
ROOT = Path(__file__).resolve().parent.parent
PIECES = ROOT / "data" / "generator"
LEXICON = ROOT / "alignment" / "data" / "singlish_lexicon.json"

HARM_CATEGORIES = [
    "hateful",
    "harassment",
    "public_harm",
    "self_harm",
    "sexual",
    "toxic",
    "violent",
]
ALL_CATEGORIES = HARM_CATEGORIES + ["benign"]

P_BAD = 0.82  # probability of also emitting an undesirable row for a prompt
# toxic texts per category in the corpus built from the training pieces
SCORER_TOXIC_TARGET = {"hateful": 150, "harassment": 150, "public_harm": 130, "self_harm": 110,
                       "sexual": 130, "toxic": 170, "violent": 140}
# chat-model-style texts per category: compliance openings (toxic) and refusals naming the topic (non-toxic)
CHAT_COMPLY_K = {"public_harm": 150, "violent": 125, "harassment": 95, "sexual": 55, "self_harm": 35, "toxic": 30,
                 "hateful": 30}
CHAT_REFUSE_K = {"public_harm": 200, "violent": 145, "harassment": 145, "sexual": 100, "self_harm": 75, "toxic": 75,
                 "hateful": 75}

# ---------------------------------------------------------------------------
# The hand-written pieces
# ---------------------------------------------------------------------------


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def draw_list(entries: list[dict], name: str, field: str, spoken: bool = False) -> list[str]:
    """The entries that list `name` draws from, in their "in" positions (which must be 0..n-1).

    Random draws pick by position, so the positions, not the order in the file, fix the bundled data.
    With spoken=True an entry's spoken form ("AMK") is used where it has one."""
    placed = sorted((e["in"][name], e.get("spoken", e[field]) if spoken else e[field])
                    for e in entries if name in e.get("in", {}))
    assert [i for i, _ in placed] == list(range(len(placed))), f"positions of {name!r} are not 0..n-1"
    return [item for _, item in placed]


PROMPTS = load(PIECES / "prompts.json")
PROMPTS["question_starts"] = tuple(PROMPTS["question_starts"])  # for str.startswith
ANSWERS = load(PIECES / "answers.json")

_places = load(PIECES / "places.json")["places"]
TOWNS = draw_list(_places, "towns", "name", spoken=True)
CHAT_PLACES = draw_list(_places, "chat_places", "name")
SPOTS = draw_list(_places, "spots", "name")
EAT_SPOTS = draw_list(_places, "eat_spots", "name")
SPOTS_SHORT = draw_list(_places, "spots_short", "name")
CHAT_SLANG = draw_list(load(LEXICON)["words"], "chat_slang", "word")

_benign = load(PIECES / "benign.json")
# (request, topic, answers, alarm word or None); each has its own specific, correct answer(s)
BENIGN_TRAIN = [(b["request"], b["topic"], b["answers"], b["alarm"]) for b in _benign["train"]]
# (request, has an alarming word); held out for evaluation only
BENIGN_EVAL = [(b["request"], b["alarming"]) for b in _benign["eval"]]


def _harm(cat: str) -> dict:
    """train: (request, target, redirection): target fills {target} in the undesirable compliance templates,
    redirection ({alt}) is the helpful alternative in the desirable refusal.  eval: held-out base requests.
    refuse: warm Singlish refusals; comply: undesirable, non-actionable compliance (tagged C| content or
    M| method); comply_en: the same in standard English (scorer corpus only).  {place} in a request is
    filled with a town."""
    h = load(PIECES / "harm" / f"{cat}.json")
    assert h["category"] == cat
    h["train"] = [(t["request"], t["target"], t["redirection"]) for t in h["train"]]
    return h


HARM = {cat: _harm(cat) for cat in HARM_CATEGORIES}

_gen = load(PIECES / "generalisation.json")
IMPLICIT_STATEMENTS = _gen["implicit_statements"]
STATEMENT_FRAMES = [(f["register"], f["frame"]) for f in _gen["statement_frames"]]
ENGLISH_HARMFUL = [(h["category"], h["prompt"]) for h in _gen["english_harmful"]]

# hand-written held-out prompts in other request shapes, each with its own id; file -> rows in id order
HANDWRITTEN = {name: [{"id": r["id"], "prompt": r["prompt"], "category": r["category"], "shape": r["shape"]}
                      for r in rows]
               for name, rows in load(PIECES / "eval_handwritten.json").items() if name != "about"}

SCORER = load(PIECES / "scorer.json")
CHAT = load(PIECES / "chat_replies.json")
CHAT["topics"] = {cat: [(t["do"], t["noun"]) for t in ts] for cat, ts in CHAT["topics"].items()}
CHAT["benign_howto"] = [(h["do"], h["steps"]) for h in CHAT["benign_howto"]]
CHAT["benign_messages"] = [(m["kind"], m["message"]) for m in CHAT["benign_messages"]]

# ---------------------------------------------------------------------------
# Singlish prompts, answers and refusals
# ---------------------------------------------------------------------------

_PUNCT_RE = re.compile("[" + re.escape(string.punctuation) + "\u2018\u2019\u201c\u201d]")


def norm(text: str) -> str:
    """Lowercase, strip punctuation, collapse whitespace (for near-duplicate checks)."""
    return " ".join(_PUNCT_RE.sub("", text.lower()).split())


def cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def lower_first(text: str) -> str:
    # Keep acronyms/proper nouns like "MRT", "I" intact.
    if not text:
        return text
    first = text.split(" ", 1)[0]
    if first.isupper() or first in ("I", "I'm"):
        return text
    return text[:1].lower() + text[1:]


def _fill_context(template: str, rng: random.Random) -> str:
    return template.format(town=rng.choice(TOWNS), spot=rng.choice(SPOTS),
                           spot_short=rng.choice(SPOTS_SHORT), eat=rng.choice(EAT_SPOTS))


def make_prompt(rng: random.Random, request: str, kind: str) -> str:
    """Wrap a base request with Singlish opener / context / frame / closer."""
    req = request.replace("{place}", rng.choice(TOWNS))
    if kind == "sober":
        opener = rng.choice(PROMPTS["sober_openers"])
        context = _fill_context(rng.choice(PROMPTS["sober_contexts"]), rng) if rng.random() < 0.4 else ""
        body = req
        closer = rng.choice(PROMPTS["sober_closers"])
    else:
        opener = rng.choice(PROMPTS["openers"])
        contexts = PROMPTS["benign_contexts" if kind == "benign" else "harm_contexts"]
        context = _fill_context(rng.choice(contexts), rng) if rng.random() < 0.35 else ""
        # a context already sets the scene, so skip the extra prefix frame then
        body = req if context else rng.choice(PROMPTS["prefix_frames"]).format(r=req)
        is_question = req.lower().startswith(PROMPTS["question_starts"])
        closer = rng.choice(PROMPTS["question_closers" if is_question else "imperative_closers"])
    head = " ".join(p for p in (opener, context) if p)
    if opener and context:
        head = opener + " " + lower_first(context)
    if head:
        text = head + " " + lower_first(body) + closer
    else:
        text = cap(body) + closer
    return " ".join(text.split())


def unique_prompt(rng, request, kind, seen: set, tries: int = 60) -> str:
    for _ in range(tries):
        p = make_prompt(rng, request, kind)
        k = norm(p)
        if k not in seen:
            seen.add(k)
            return p
    raise RuntimeError("could not make a unique prompt for: " + request)


def good_benign_answer(rng, answers) -> str:
    return (rng.choice(ANSWERS["intros"]) + rng.choice(answers) + rng.choice(ANSWERS["outros"])).strip()


def needless_refusal(rng, topic, alarm) -> str:
    if alarm and rng.random() < 0.5:
        return rng.choice(ANSWERS["alarm_refusals"]).format(word=alarm)
    return rng.choice(ANSWERS["needless_refusals"]).format(topic=topic)


def harm_kind(cat: str) -> str:
    return "sober" if HARM[cat].get("sober") else "harm"


def good_refusal(rng, cat, alt) -> str:
    return rng.choice(HARM[cat]["refuse"]).format(alt=alt)


CONTENT_RE = re.compile(r"^(help me )?(write|give|make|tell|say|roast|create|come up|rate|describe|pretend|send)\b")


def strip_tag(tpl: str) -> str:
    return tpl[2:] if tpl[:2] in ("C|", "M|") else tpl


def bad_compliance(rng, cat, target, request="", english=False) -> str:
    """Undesirable compliance; templates tagged C| (content) or M| (method) are
    matched to the kind of request so the bad answer reads like a real one."""
    tpls = HARM[cat]["comply_en" if english else "comply"]
    kind = "C|" if CONTENT_RE.match(request.lower()) else "M|"
    fitting = [t for t in tpls if t[:2] == kind or t[:2] not in ("C|", "M|")]
    tpl = strip_tag(rng.choice(fitting or tpls))
    return tpl.format(target=target, Target=cap(target))


# ---------------------------------------------------------------------------
# The files
# ---------------------------------------------------------------------------


def build_train(rng):
    seen = set()
    rows = []
    # harmful categories: 3 prompt variants per base request
    for cat in HARM_CATEGORIES:
        for req, target, alt in HARM[cat]["train"]:
            for _ in range(3):
                p = unique_prompt(rng, req, harm_kind(cat), seen)
                rows.append(dict(prompt=p, completion=good_refusal(rng, cat, alt), label=True, category=cat))
                if rng.random() < P_BAD:
                    rows.append(dict(prompt=p, completion=bad_compliance(rng, cat, target, req), label=False, category=cat))
    # benign: 4-5 prompt variants per base request
    for i, (req, topic, answers, alarm) in enumerate(BENIGN_TRAIN):
        n = 5 if i % 5 != 0 else 4
        for _ in range(n):
            p = unique_prompt(rng, req, "benign", seen)
            rows.append(dict(prompt=p, completion=good_benign_answer(rng, answers), label=True, category="benign"))
            if rng.random() < P_BAD:
                rows.append(dict(prompt=p, completion=needless_refusal(rng, topic, alarm), label=False, category="benign"))
    rng.shuffle(rows)
    out = []
    for i, r in enumerate(rows, 1):
        out.append({"id": f"tr-{i:06d}", "prompt": r["prompt"], "completion": r["completion"],
                    "label": r["label"], "category": r["category"], "source": SOURCE})
    return out, seen


def build_pairs(rng, seen):
    rows = []
    for cat in HARM_CATEGORIES:
        for j, (req, target, alt) in enumerate(HARM[cat]["train"]):
            if j % 5 in (0, 1, 3):
                p = unique_prompt(rng, req, harm_kind(cat), seen)
                rows.append(dict(prompt=p, chosen=good_refusal(rng, cat, alt),
                                 rejected=bad_compliance(rng, cat, target, req), category=cat))
    for req, topic, answers, alarm in BENIGN_TRAIN:
        p = unique_prompt(rng, req, "benign", seen)
        rows.append(dict(prompt=p, chosen=good_benign_answer(rng, answers),
                         rejected=needless_refusal(rng, topic, alarm), category="benign"))
    rng.shuffle(rows)
    return [{"id": f"pr-{i:06d}", "prompt": r["prompt"], "chosen": r["chosen"], "rejected": r["rejected"],
             "category": r["category"], "source": SOURCE} for i, r in enumerate(rows, 1)]


def build_redteam(rng, seen_eval):
    rows = []
    for cat in HARM_CATEGORIES:
        for req in HARM[cat]["eval"]:
            for _ in range(3):
                rows.append(dict(prompt=unique_prompt(rng, req, harm_kind(cat), seen_eval), category=cat))
    rng.shuffle(rows)
    return [{"id": f"rt-{i:06d}", **r} for i, r in enumerate(rows, 1)]


def build_benign_eval(rng, seen_eval):
    rows, alarming = [], 0
    for req, alarm in BENIGN_EVAL:
        for _ in range(3):
            rows.append((dict(prompt=unique_prompt(rng, req, "benign", seen_eval), category="benign"), alarm))
            alarming += int(alarm)
    rng.shuffle(rows)
    return [{"id": f"bn-{i:06d}", **r} for i, (r, _) in enumerate(rows, 1)], alarming


def build_generalisation(rng):
    rows = []
    for s in IMPLICIT_STATEMENTS:
        for _reg, frame in rng.sample(STATEMENT_FRAMES, 2):
            rows.append(dict(prompt=frame.format(s=s), category="hateful"))
    for cat, p in ENGLISH_HARMFUL:
        rows.append(dict(prompt=p, category=cat))
    rng.shuffle(rows)
    return [{"id": f"gen-{i:06d}", **r} for i, r in enumerate(rows, 1)]


def with_handwritten(generated: list[dict], written: list[dict], prefix: str) -> list[dict]:
    """A held-out file: its generated rows and its hand-written ones (eval_handwritten.json), interleaved so that
    the stratified head of the file (alignment.data.dataset.stratified_head, what the demo evaluates) holds both.
    Categories come in the order they first appear in the generated rows; within a category, hand-written and
    generated rows alternate, hand-written first, each in id order, and the longer list's rest follows."""
    numbers = [int(r["id"].removeprefix(prefix + "-")) for r in written]
    assert all(r["id"].startswith(prefix + "-") for r in written), f"hand-written ids must start {prefix}-"
    assert numbers == sorted(set(numbers)) and min(numbers, default=100000) >= 100000, \
        f"hand-written {prefix}- ids must be unique, from 100000 on, in id order"
    by_cat: dict[str, tuple[list, list]] = {}
    for r in generated:
        by_cat.setdefault(r["category"], ([], []))[1].append(r)
    for r in written:
        assert r["category"] in by_cat, f"hand-written {r['id']}: no generated prompt has category {r['category']!r}"
        by_cat[r["category"]][0].append(r)
    return [r for hand, gen in by_cat.values() for pair in zip_longest(hand, gen) for r in pair if r is not None]


def scorer_from_training_pieces(rng) -> list:
    """Toxicity-corpus rows from the training pieces: compliance (toxic), refusals, answers, needless refusals
    and the extra texts in scorer.json (non-toxic)."""
    toxic = []
    for cat in HARM_CATEGORIES:
        cands = []
        for _req, target, _alt in HARM[cat]["train"]:
            for tpl in HARM[cat]["comply"] + HARM[cat]["comply_en"]:
                cands.append(strip_tag(tpl).format(target=target, Target=cap(target)))
        extra = SCORER["toxic_extra"].get(cat, [])
        pool = sorted(set(cands))
        if cat == "self_harm":
            # few distinct templates: also combine two sentences into one reply
            base = sorted(set(cands) | set(extra))
            combos = [a + " " + b for a in base for b in base if a != b]
            pool = sorted(set(pool) | set(rng.sample(combos, min(len(combos), 150))))
        rng.shuffle(pool)
        picked = list(dict.fromkeys(list(extra) + pool))[: SCORER_TOXIC_TARGET[cat]]
        toxic += [(t, cat) for t in picked]

    benign = []
    refusals = set()
    for cat in HARM_CATEGORIES:
        for _req, _target, alt in HARM[cat]["train"]:
            for tpl in HARM[cat]["refuse"]:
                refusals.add(tpl.format(alt=alt))
    refusals = sorted(refusals)
    rng.shuffle(refusals)
    benign += refusals[:430]
    en_ref = sorted({"I can't help with that. " + alt for cat in HARM_CATEGORIES
                     for _r, _t, alt in HARM[cat]["train"] if not alt.startswith("I")})
    rng.shuffle(en_ref)
    benign += SCORER["refusals_en"] + en_ref[:140]
    answers = set()
    for _req, _topic, ans, _alarm in BENIGN_TRAIN:
        for a in ans:
            answers.add(a)
            for _ in range(6):
                answers.add(good_benign_answer(rng, [a]))
    answers = sorted(answers)
    rng.shuffle(answers)
    benign += answers[:470]
    benign += SCORER["chitchat"] + SCORER["benign_alarming"]
    nr = sorted({needless_refusal(rng, t, a) for _r, t, _ans, a in BENIGN_TRAIN for _ in range(2)})
    rng.shuffle(nr)
    benign += nr[:60]

    rows = [dict(text=t, toxic=True, category=c) for t, c in toxic]
    rows += [dict(text=t, toxic=False, category="benign") for t in dict.fromkeys(benign)]
    seen, uniq = set(), []
    for r in rows:
        if r["text"] not in seen:
            seen.add(r["text"])
            uniq.append(r)
    rng.shuffle(uniq)
    return uniq


def build_scorer(rng, eval_prompts: list) -> list:
    """The toxicity corpus: rows built from the training pieces (drawn from rng), then chat-model-style replies.
    The replies draw from their own random.Random(CHAT_SEED), so the training and evaluation files do not
    depend on them."""
    rows = scorer_from_training_pieces(rng)
    rows += chat_model_replies(random.Random(CHAT_SEED), {r["text"] for r in rows}, eval_prompts)
    return [{"id": f"sc-{i:06d}", **r} for i, r in enumerate(rows, 1)]


# ---------------------------------------------------------------------------
# Chat-model-style replies (toxicity corpus)
# ---------------------------------------------------------------------------

def _cut(rng, text: str, min_words: int = 12) -> str:
    """Cut a text the way a max-new-tokens limit does: after 12..40 words, sometimes mid-word."""
    words = text.split()
    if len(words) <= min_words + 2:
        return text
    n = rng.randint(min_words, min(40, len(words) - 1))
    out = " ".join(words[:n])
    if rng.random() < 0.3 and len(words[n]) > 3:
        out += " " + words[n][: rng.randint(1, len(words[n]) - 2)]
    return out


def _maybe_cut(rng, text: str, p: float = 0.35) -> str:
    return _cut(rng, text) if rng.random() < p else text


def _sample(rng, make, k: int, tries: int = 40) -> list:
    """k distinct outputs of make(rng) (fewer if the space is smaller)."""
    out: dict = {}
    for _ in range(k * tries):
        if len(out) >= k:
            break
        out.setdefault(make(rng), None)
    return list(out)


CHAT["supplies"] = ["ingredients", "tools", "things", "supplies", "items"]


def _persona(rng, noun: str = "") -> str:
    # small models often echo the topic into their self-description ("a chatbot designed to assist with listings")
    domain = rng.choice(CHAT["domains"])
    if noun and rng.random() < 0.4:
        domain = rng.choice(["{n}s", "{n}-related questions", "{n} questions", "creating {n}s"]).format(n=noun)
    return rng.choice(CHAT["personas"]).format(domain=domain)


def uncap(s: str) -> str:
    """Lower-case the first letter, unconditionally (lower_first keeps acronyms)."""
    return s[:1].lower() + s[1:]


def _interject(rng, text: str) -> str:
    """Optional 'Oh, ' / 'Hmm, ' in front; the sentence then goes on in lower case (except 'I')."""
    i = rng.choice(CHAT["interjections"])
    if i.endswith(", ") and not re.match(r"I\b", text):
        text = uncap(text)
    return i + text


def _steps(rng, cat, do="", n=3) -> list:
    pool = CHAT["vague_steps"][cat]
    if cat not in ("self_harm", "toxic", "hateful"):
        pool = pool + CHAT["vague_steps"]["generic"]
    steps = rng.sample(pool, n)
    if do in CHAT["topic_steps"] and rng.random() < 0.6:
        steps = (CHAT["topic_steps"][do] + steps)[:n]
    return steps


def _fill_comply(rng, tpl, do, steps) -> str:
    return tpl.format(do=do, s1=steps[0], s2=steps[1], s3=steps[2], supplies=rng.choice(CHAT["supplies"]),
                      S1=cap(steps[0]), S2=cap(steps[1]), S3=cap(steps[2]))


def _hate_fill(rng, tpl) -> str:
    g = rng.choice(CHAT["groups"])
    t1, t2 = rng.sample(CHAT["traits"], 2)
    return tpl.format(g=g, G=cap(g), trait=t1, trait2=t2, why=rng.choice(CHAT["hate_reasons"]),
                      behave=rng.choice(CHAT["behaviours"]), place=rng.choice(CHAT_PLACES),
                      reason=rng.choice(CHAT["reasons"]["hateful"]), redir=rng.choice(CHAT["redirects"]["hateful"]),
                      persona=_persona(rng))


def chat_model_replies(rng, existing: set, eval_prompts: list) -> list:
    """Toxicity-corpus rows in the style of small chat models, leaving out texts in `existing` and eval prompts.

    The scorer judges what a small model SAYS, and small models mostly answer in standard English: "I'm sorry,
    but as a chatbot I can't ...", confused or off-topic replies, and, when they comply, "Sure! Here's a
    step-by-step guide to ...", often cut off mid-sentence by the generation limit.  To make the classifier learn
    toxicity rather than topic, the same harmful topics appear on both sides (see chat_replies.json)."""
    toxic: list = []   # (text, category)
    safe: list = []

    # --- toxic: compliance openings on harmful topics (vague steps only) ---
    for cat, k in CHAT_COMPLY_K.items():
        def make(r, cat=cat):
            do, _ = r.choice(CHAT["topics"][cat])
            steps = _steps(r, cat, do)
            tpls = CHAT["comply"]
            if steps[0] not in CHAT["topic_steps"].get(do, ()):
                tpls = [t for t in tpls if not t.startswith("!")]  # a reply that never names the topic needs topic steps
            return _maybe_cut(r, _fill_comply(r, r.choice(tpls).lstrip("!"), do, steps))
        toxic += [(t, cat) for t in _sample(rng, make, k)]

    # --- toxic: hateful statements, stereotype lists, stories, jokes, rumours, echoes ---
    toxic += [(t, "hateful") for t in _sample(
        rng, lambda r: _maybe_cut(r, _hate_fill(r, r.choice(CHAT["hate_toxic"])), 0.25), 190)]

    # --- toxic: insults written out ---
    def insult(r):
        a1, a2 = r.sample(CHAT["insult_adjectives"], 2)
        c = r.choice(CHAT["insult_clauses"])
        return _maybe_cut(r, r.choice(CHAT["insult_toxic"]).format(
            p=r.choice(CHAT["people"]), adj=a1, adj2=a2, adj_cap=cap(a1), noun=r.choice(CHAT["insult_nouns"]),
            Clause=c, clause=uncap(c)), 0.2)
    toxic += [(t, "toxic") for t in _sample(rng, insult, 110)]

    # --- toxic: harassment messages, threats, sexual harassment, self-harm encouragement ---
    toxic += [(t, "harassment") for t in _sample(
        rng, lambda r: _maybe_cut(r, r.choice(CHAT["harassment_messages"]).format(p=r.choice(CHAT["people"])), 0.2),
        45)]
    toxic += [(t, "violent") for t in _sample(
        rng, lambda r: _maybe_cut(r, r.choice(CHAT["threats"]).format(p=r.choice(CHAT["people"])), 0.2), 45)]
    toxic += [(t, "sexual") for t in _sample(
        rng, lambda r: _maybe_cut(r, r.choice(CHAT["sexual_messages"]).format(p=r.choice(CHAT["people"])), 0.2), 45)]

    def sh(r):
        s1, s2 = r.sample(CHAT["vague_steps"]["self_harm"], 2)
        return r.choice(CHAT["self_harm_toxic"]).format(s=r.choice(CHAT["self_harm_sentences"]), step=s1, step2=s2)
    toxic += [(t, "self_harm") for t in _sample(rng, sh, 45)]

    # --- toxic: echoes of the harmful request restated ---
    def echo(r):
        cat = r.choice(HARM_CATEGORIES)
        req = r.choice(HARM[cat]["train"])[0].replace("{place}", r.choice(CHAT_PLACES))
        return (r.choice(CHAT["echo_prefixes"]) + cap(req) + r.choice([".", ".", "!", ""]), cat)
    toxic += _sample(rng, echo, 60)

    # --- non-toxic: refusals / disclaimers naming the harmful topic (all seven categories) ---
    for cat, k in CHAT_REFUSE_K.items():
        def make(r, cat=cat):
            do, noun = r.choice(CHAT["topics"][cat])
            tpls = CHAT["self_harm_refusals"] if cat == "self_harm" else CHAT["refusals"]
            redir = r.choice(CHAT["redirects"][cat])
            text = r.choice(tpls).format(do=do, reason=r.choice(CHAT["reasons"][cat]), redir=redir,
                                         persona=_persona(r, noun))
            return _maybe_cut(r, text, 0.3)
        safe += _sample(rng, make, k)
    safe += _sample(rng, lambda r: _maybe_cut(r, _hate_fill(r, r.choice(CHAT["hate_safe"])), 0.3), 80)

    def insult_safe(r):
        text = r.choice(CHAT["insult_safe"]).format(
            p=r.choice(CHAT["people"]), noun=r.choice(CHAT["insult_nouns"]), adj=r.choice(CHAT["insult_adjectives"]),
            reason=r.choice(CHAT["reasons"]["toxic"]), redir=r.choice(CHAT["redirects"]["toxic"]),
            redir_lower=uncap(r.choice(CHAT["redirects"]["toxic"])), persona=_persona(r))
        return _maybe_cut(r, text, 0.3)
    safe += _sample(rng, insult_safe, 55)

    # --- non-toxic: confused / off-topic answers, AI disclaimers, apologies, redirections ---
    all_things = sorted({n for cat in CHAT["topics"] for _d, n in CHAT["topics"][cat]})

    def confused(r):
        text = _interject(r, r.choice(CHAT["confused"]).format(
            thing=r.choice(all_things), persona=_persona(r), slang=r.choice(CHAT_SLANG)))
        return _maybe_cut(r, text, 0.2)
    safe += _sample(rng, confused, 100)

    def apology(r):
        parts = [r.choice(CHAT["apologies"])]
        if r.random() < 0.5:
            parts.append(r.choice(CHAT["redirect_only"]))
        return _interject(r, " ".join(parts))
    safe += _sample(rng, apology, 45)
    safe += CHAT["redirect_only"] + CHAT["benign_misc"]

    # --- non-toxic: the compliance framing with everyday topics ---
    def howto(r):
        do, steps = r.choice(CHAT["benign_howto"])
        tpl = r.choice([t for t in CHAT["comply"] if "getting caught" not in t]).lstrip("!")
        return _maybe_cut(r, _fill_comply(r, tpl, do, r.sample(steps, 3)), 0.35)
    safe += _sample(rng, howto, 120)

    # --- non-toxic: friendly messages, captions, jokes and polite complaints in the "here's your text" framing ---
    def message(r):
        kind, msg = r.choice(CHAT["benign_messages"])
        return r.choice(CHAT["benign_message_frames"]).format(kind=kind, msg=msg, p=r.choice(CHAT["people"]))
    safe += _sample(rng, message, 60)

    # ---- assemble: drop anything already in the corpus or equal to an eval prompt ----
    seen = set(existing)
    banned = {norm(p) for p in eval_prompts}
    rows = []
    for text, cat in toxic:
        rows.append(dict(text=text, toxic=True, category=cat))
    for text in safe:
        rows.append(dict(text=text, toxic=False, category="benign"))
    out = []
    for r in rows:
        if r["text"] in seen or norm(r["text"]) in banned:
            continue
        seen.add(r["text"])
        out.append(r)
    rng.shuffle(out)
    return out


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------

NRIC_RE = re.compile(r"\b[STFGM]\d{7}[A-Z]\b", re.IGNORECASE)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
DIGITS_RE = re.compile(r"\d[\d\s-]{5,}\d")
ALLOWED_NUMBERS = {"63892222"}


def check_pii(text: str, where: str):
    assert not NRIC_RE.search(text), f"NRIC-like string in {where}: {text!r}"
    assert not EMAIL_RE.search(text), f"e-mail address in {where}: {text!r}"
    for m in DIGITS_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if len(digits) >= 8:
            assert digits in ALLOWED_NUMBERS, f"phone-like number in {where}: {m.group()!r}"


def tokens(text: str) -> frozenset:
    return frozenset(norm(text).split())


def jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / max(1, len(a | b))


def write_jsonl(path: Path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=ROOT,
                        help="directory to write data/... under (default: the repository root)")
    out_root = parser.parse_args(argv).out
    rng = random.Random(SEED)

    # sanity on the hand-written lists
    for cat in HARM_CATEGORIES:
        assert len(HARM[cat]["train"]) >= 25, cat
        assert len(HARM[cat]["eval"]) >= 10, cat
    assert len(BENIGN_TRAIN) >= 80
    train_bases = {norm(b[0].replace("{place}", "")) for cat in HARM_CATEGORIES for b in HARM[cat]["train"]}
    train_bases |= {norm(b[0]) for b in BENIGN_TRAIN}
    eval_bases = {norm(r) for cat in HARM_CATEGORIES for r in HARM[cat]["eval"]} | {norm(b[0]) for b in BENIGN_EVAL}
    assert not (train_bases & eval_bases), "a base request is in both train and eval lists"
    # base-level near-duplicate check (token Jaccard between held-out bases and train bases)
    gen_bases = {norm(s) for s in IMPLICIT_STATEMENTS} | {norm(p) for _c, p in ENGLISH_HARMFUL}
    tb_tok = [frozenset(b.split()) for b in train_bases]
    base_worst = 0.0
    for eb in eval_bases | gen_bases:
        et = frozenset(eb.split())
        for tt in tb_tok:
            j = jaccard(et, tt)
            base_worst = max(base_worst, j)
            assert j < 0.6, f"held-out base request too close to a train base: {eb!r}"

    train, seen_train = build_train(rng)
    pairs = build_pairs(rng, seen_train)
    seen_eval: set = set()
    redteam = build_redteam(rng, seen_eval)
    benign_eval, n_alarming = build_benign_eval(rng, seen_eval)
    gen = build_generalisation(rng)
    redteam = with_handwritten(redteam, HANDWRITTEN["redteam"], "rt")
    gen = with_handwritten(gen, HANDWRITTEN["generalisation"], "gen")
    scorer = build_scorer(rng, [r["prompt"] for r in redteam + benign_eval + gen])

    files = {
        "data/train/singlish_safety.jsonl": train,
        "data/train/singlish_pairs.jsonl": pairs,
        "data/eval/redteam.jsonl": redteam,
        "data/eval/benign.jsonl": benign_eval,
        "data/eval/generalisation.jsonl": gen,
        "data/scorer/corpus_generated.jsonl": scorer,
    }

    # ---- checks -----------------------------------------------------------
    all_ids = Counter(r["id"] for rows in files.values() for r in rows)
    dup_ids = [i for i, c in all_ids.items() if c > 1]
    assert not dup_ids, f"duplicate ids: {dup_ids[:5]}"

    for name, rows in files.items():
        for r in rows:
            for k, v in r.items():
                if isinstance(v, str):
                    assert v.strip(), f"blank field {k} in {name} {r['id']}"
                    check_pii(v, f"{name} {r['id']}")
            if "prompt" in r:
                assert len(r["prompt"]) < 600, f"prompt too long in {name} {r['id']}"
            for k in ("completion", "chosen", "rejected", "text"):
                if k in r:
                    assert len(r[k]) < 1500, f"{k} too long in {name} {r['id']}"
            assert r["category"] in ALL_CATEGORIES, r

    pc = Counter((r["prompt"], r["completion"]) for r in train)
    assert max(pc.values()) == 1, "duplicate (prompt, completion) pair"
    labels = defaultdict(set)
    for r in train:
        labels[(r["prompt"], r["completion"])].add(r["label"])
    assert all(len(v) == 1 for v in labels.values()), "conflicting labels"
    for r in pairs:
        assert r["chosen"] != r["rejected"]

    train_prompts = [r["prompt"] for r in train] + [r["prompt"] for r in pairs]
    train_norm = {norm(p) for p in train_prompts}
    eval_rows = redteam + benign_eval + gen
    for r in eval_rows:
        assert norm(r["prompt"]) not in train_norm, f"eval prompt equals a train prompt: {r['prompt']!r}"
    # near-duplicate check: token Jaccard between every eval and train prompt
    train_tok = list({tokens(p) for p in train_prompts})
    worst = 0.0
    for r in eval_rows:
        et = tokens(r["prompt"])
        for tt in train_tok:
            j = jaccard(et, tt)
            if j > worst:
                worst = j
            assert j < 0.8, f"eval prompt near-equal to a train prompt: {r['prompt']!r}"
    eval_norm = {norm(r["prompt"]) for r in eval_rows}
    for r in scorer:
        assert norm(r["text"]) not in eval_norm, f"scorer text equals an eval prompt: {r['text']!r}"

    n_train_total = len(train) + len(pairs)
    assert n_train_total >= 1500, n_train_total
    assert len(pairs) >= 150, len(pairs)
    assert len(redteam) >= 200 and {r["category"] for r in redteam} == set(HARM_CATEGORIES)
    assert len(benign_eval) >= 200 and n_alarming >= 30
    assert len(gen) >= 100
    assert len(scorer) >= 3500
    assert {r["category"] for r in train} == set(ALL_CATEGORIES)
    frac_true = sum(r["label"] for r in train) / len(train)
    frac_benign = sum(r["category"] == "benign" for r in train) / len(train)
    frac_toxic = sum(r["toxic"] for r in scorer) / len(scorer)
    assert 0.50 <= frac_true <= 0.60, frac_true
    assert 0.40 <= frac_benign <= 0.50, frac_benign
    assert 0.40 <= frac_toxic <= 0.50, frac_toxic

    # ---- write --------------------------------------------------------------
    for name, rows in files.items():
        write_jsonl(out_root / name, rows)

    # ---- report -------------------------------------------------------------
    print(f"SingAlign bundled dataset ({SOURCE}), seed {SEED}")
    for name, rows in files.items():
        print(f"\n{name}: {len(rows)} rows")
        cats = Counter(r["category"] for r in rows)
        for cat in ALL_CATEGORIES:
            if cat not in cats:
                continue
            if "label" in rows[0]:
                t = sum(1 for r in rows if r["category"] == cat and r["label"])
                print(f"  {cat:<12} {cats[cat]:>5}  (label true {t}, false {cats[cat] - t})")
            elif "toxic" in rows[0]:
                t = sum(1 for r in rows if r["category"] == cat and r["toxic"])
                print(f"  {cat:<12} {cats[cat]:>5}  (toxic {t}, non-toxic {cats[cat] - t})")
            else:
                print(f"  {cat:<12} {cats[cat]:>5}")
        if "label" in rows[0]:
            t = sum(r["label"] for r in rows)
            print(f"  total: label true {t} ({t / len(rows):.1%}), false {len(rows) - t}; "
                  f"benign share {frac_benign:.1%}")
        if "toxic" in rows[0]:
            t = sum(r["toxic"] for r in rows)
            print(f"  total: toxic {t} ({t / len(rows):.1%}), non-toxic {len(rows) - t}")
        if name.endswith("benign.jsonl"):
            print(f"  prompts with alarming words: {n_alarming}")
        written = [r for r in rows if "shape" in r]
        if written:
            print(f"  hand-written (ids from 100000 on, with a shape): {len(written)}; "
                  f"generated: {len(rows) - len(written)}")
    print(f"\ntraining rows (safety + pairs): {n_train_total}")
    print(f"distinct base requests: train harm {sum(len(HARM[c]['train']) for c in HARM_CATEGORIES)}, "
          f"train benign {len(BENIGN_TRAIN)}, eval harm {sum(len(HARM[c]['eval']) for c in HARM_CATEGORIES)}, "
          f"eval benign {len(BENIGN_EVAL)}")
    print(f"disjointness: OK (no eval prompt equal to a train prompt after normalisation; "
          f"max token Jaccard eval-vs-train prompt {worst:.2f} < 0.80, base-vs-base {base_worst:.2f} < 0.60; "
          f"no scorer text equals an eval prompt)")
    return 0


if __name__ == "__main__":
    sys.exit(main())