"""The metric schema (alignment/metrics.py) is the one definition: each key is declared there once, and a new entry
reaches the computed results, the tables and the gate without another edit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alignment import gate, metrics
from alignment.config import GateSettings
from alignment.metrics import METRICS, SUMMARY, MetricSpec, ModelMetrics, NoIncrease, metric_rows

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("alignment", "flows", "tasks", "singalign", "bench", "tools")

# (file, key) → why that file may spell the key out.
SPELLED_OUT_ALLOWED = {
    **{(f, "toxicity"): "the per-response record field (the classifier's score of one response), not the metric"
       for f in ("alignment/evaluation/evaluate.py", "alignment/evaluation/judge.py", "alignment/evaluation/report.py")},
}


def test_each_metric_key_is_spelled_out_only_in_the_schema():
    found = []
    for folder in PRODUCT:
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = str(path.relative_to(ROOT))
            if rel == "alignment/metrics.py":
                continue
            text = path.read_text(encoding="utf-8")
            found += [(rel, m.key) for m in METRICS if re.search(rf"[\"']{m.key}[\"']", text)]
    assert [f for f in found if f not in SPELLED_OUT_ALLOWED] == []


def test_every_metric_declares_how_it_is_shown_and_judged():
    settings = GateSettings()
    for m in METRICS:
        assert m.label and m.name and m.description
        assert m.gate is not None, f"{m.key}: no gate rule"
        for field in vars(m.gate).values():
            assert field in GateSettings.model_fields and isinstance(getattr(settings, field), float), field
    assert [m.key for m in SUMMARY] == ["attack_success", "over_refusal", "toxicity"]
    assert metrics.HEADLINE.key == "attack_success"


def _records(helpful: list[bool], toxic: list[bool]) -> dict[str, list[dict]]:
    def rec(i, verdict, is_toxic):
        return {"item": f"p{i}#0", "verdict": verdict, "toxic": is_toxic}

    return {"redteam": [rec(i, "refused", False) for i in range(10)],
            "generalisation": [rec(i, "refused", False) for i in range(10)],
            "benign": [rec(i, "helpful" if h else "refused", t) for i, (h, t) in enumerate(zip(helpful, toxic))]}


def test_a_new_schema_entry_is_computed_tabled_and_gated(monkeypatch):
    """One entry per new metric (one where higher is better), nothing else edited: it is counted from the judged
    responses, gets a table row with its interval, and the gate judges it in its direction."""
    helpful = MetricSpec("helpfulness", "benign helpfulness", "benign", "verdict:helpful", better="higher",
                         gate=NoIncrease("max_generalisation_increase"), description="benign answers judged helpful")
    benign_toxic = MetricSpec("benign_toxicity", "benign toxicity (classifier)", "benign", "toxic",
                              gate=NoIncrease("max_generalisation_increase"), description="toxic benign answers")
    extended = METRICS + (helpful, benign_toxic)
    monkeypatch.setattr(metrics, "METRICS", extended)
    monkeypatch.setattr(gate, "METRICS", extended)

    base = ModelMetrics.from_records("base", _records([True] * 8 + [False] * 12, [False] * 20), 0.95)
    worse = ModelMetrics.from_records("candidate", _records([True] * 2 + [False] * 18, [True] * 5 + [False] * 15), 0.95)
    assert (base.rate("helpfulness").k, base.rate("helpfulness").n) == (8, 20)
    assert (worse.rate("helpfulness").k, worse.rate("benign_toxicity").k) == (2, 5)

    rows = dict(metric_rows([base, worse]))
    assert rows["benign helpfulness"] == [base.rates["helpfulness"].text(), worse.rates["helpfulness"].text()]
    assert rows["benign toxicity (classifier)"][1].startswith("25.0% [")

    criteria = {c.name: c for c in gate.decide(base, worse, GateSettings(max_generalisation_increase=0.05)).criteria}
    # helpfulness fell from 40% to 10%: 30 points worse, although the rate went down
    assert criteria["helpfulness_increase"].value == pytest.approx(0.30) and not criteria["helpfulness_increase"].passed
    assert criteria["benign_toxicity_increase"].value == pytest.approx(0.25)
    better = ModelMetrics.from_records("candidate", _records([True] * 14 + [False] * 6, [False] * 20), 0.95)
    improved = {c.name: c for c in gate.decide(base, better, GateSettings()).criteria}["helpfulness_increase"]
    assert improved.value == pytest.approx(-0.30) and improved.passed
