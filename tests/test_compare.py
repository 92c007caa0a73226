"""The method comparison: its sampling and step budgets, and the flow end to end on a tiny grid."""

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from alignment.compare import ComparisonRun, fraction_of, one_pass_config, stability
from alignment.config import load_config
from alignment.evaluation.stats import wilson
from alignment.metrics import HEADLINE, SUMMARY
from tests.helpers import TINY

ROOT = Path(__file__).resolve().parent.parent


def bundled_rows() -> pd.DataFrame:
    from alignment.data.dataset import canonical_rows
    from alignment.data.validate import validate_batch

    return canonical_rows(validate_batch([ROOT / "data" / "train"])[1].rows)


def test_fractions_are_stratified_and_keep_pairs_together():
    rows = bundled_rows()
    sub = fraction_of(rows, 0.1, seed=1)
    assert 0.08 * len(rows) < len(sub) < 0.12 * len(rows)
    assert set(sub["category"]) == set(rows["category"]) and set(sub["label"]) == {True, False}
    pairs = sub[sub["pair_id"].notna()].groupby("pair_id").size()
    assert (pairs == 2).all()
    assert fraction_of(rows, 0.1, seed=1).equals(sub) and not fraction_of(rows, 0.1, seed=2).equals(sub)


def test_each_stage_makes_one_pass_over_its_examples_capped_at_max_steps():
    cfg = load_config(ROOT / "configs" / "compare-cpu.yaml")
    rows = fraction_of(bundled_rows(), 0.02, seed=42)
    run = one_pass_config(cfg, rows, "sft+kto_s", seed=7)
    assert run.training.method == "sft+kto_s" and run.training.seed == 7
    assert run.training.kto.max_steps == min(cfg.training.kto.max_steps, -(-len(rows) // 8))
    assert run.training.sft.max_steps == min(cfg.training.sft.max_steps, -(-int(rows["label"].sum()) // 8))


def test_stability_reports_spread_over_seeds():
    runs = [ComparisonRun("sft+kto", 0.5, s, 10, 10, {HEADLINE.key: wilson(k, 10).to_dict()}, {}, m, z)
            for s, k, m, z in ((1, 1, [0.0, 1.0], 0.25), (2, 3, [0.0, 3.0], 0.75))]
    out = stability(runs)["sft+kto"]
    assert out[f"{HEADLINE.key}_mean"] == pytest.approx(0.2) and out[f"{HEADLINE.key}_std"] == pytest.approx(0.1)
    assert out["margin_std_mean"] == pytest.approx(0.5)
    assert out["final_margin_mean"] == pytest.approx(2.0)
    assert out["z0_clamped_share"] == pytest.approx(0.5)
    assert stability([ComparisonRun("sft+dpo", 0.5, 1, 10, 10, {HEADLINE.key: wilson(1, 10).to_dict()})])[
        "sft+dpo"]["z0_clamped_share"] is None


def test_compare_flow_on_a_tiny_grid(prefect_harness, tmp_path):
    from flows.compare_methods import compare_methods

    overrides = {k: yaml.safe_load(v) for k, v in (o.split("=", 1) for o in TINY)}
    overrides.update({"store.uri": str(tmp_path / "store"), "evaluation.limit": 2, "data.drift.enabled": False,
                      "training.kto.logging_steps": 1})
    files = compare_methods(methods=["sft+kto_s"], fractions=[0.004], stability_methods=["sft+kto_s"],
                            stability_seeds=[42, 43], stability_fraction=0.004,
                            config_path=str(ROOT / "configs" / "compare-cpu.yaml"), overrides=overrides,
                            out_dir=str(tmp_path / "out"), report=str(tmp_path / "docs" / "comparison.md"),
                            command="test")
    result = json.loads(Path(files["json"]).read_text())
    assert [r["method"] for r in result["runs"]] == ["sft+kto_s"]
    assert [r["seed"] for r in result["stability_runs"]] == [42, 43]
    for r in result["runs"]:  # every rate carries its Wilson interval, on the two prompts of each set
        assert sorted(r["intervals"]) == sorted(m.key for m in SUMMARY)
        for key, i in r["intervals"].items():
            assert i["n"] == 2 and i["rate"] == i["k"] / 2
            assert i == pytest.approx(wilson(i["k"], 2, 0.95).to_dict())
    assert Path(files["plot"]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "| sft+kto_s | 0.4% |" in Path(files["table"]).read_text()
    for r in result["runs"] + result["stability_runs"]:  # how often KTO-S was exactly KTO
        assert 0.0 <= r["z0_clamped_share"] <= 1.0
        assert len(r["outcomes"][HEADLINE.key]) == 2 and r["items"][HEADLINE.key] == result["runs"][0]["items"][
            HEADLINE.key]  # the per-prompt outcomes behind the paired tests
    page = Path(files["report"]).read_text()  # the whole page, setup and plain findings included
    assert "Command: `test`" in page and "- Judge: embedded judge on" in page and "Cohen's kappa" in page
    assert "### Fewest examples for a significant cut against the base" in page and "| sft+kto_s |" in page
    assert "![sample efficiency and stability](../out/compare_methods.png)" in page


def _run(method, fraction, seed, unsafe, examples=16, z0=None, margins=()):
    """A comparison run whose attack success is ``unsafe`` (one 0/1 per prompt, the same prompts for every run)."""
    from alignment.evaluation.stats import rate_of

    items = [f"p{i}" for i in range(len(unsafe))]
    return ComparisonRun(method, fraction, seed, 40, examples, {HEADLINE.key: rate_of(unsafe).to_dict()}, {},
                         list(margins), z0, {HEADLINE.key: list(unsafe)}, {HEADLINE.key: items})


def _base(unsafe):
    from alignment.metrics import ModelMetrics
    from alignment.evaluation.stats import rate_of

    return ModelMetrics("base", {HEADLINE.key: rate_of(unsafe)}, {HEADLINE.key: list(unsafe)},
                        {HEADLINE.key: [f"p{i}" for i in range(len(unsafe))]})


def test_findings_answer_the_papers_questions_from_paired_tests():
    from alignment.compare import sample_efficiency_findings

    base = _base([1] * 20 + [0] * 10)
    clear = [_run("sft+kto", 0.05, 42, [0] * 20 + [0] * 10, examples=184),  # fixes all 20
             _run("dpo", 0.05, 42, [1] * 20 + [0] * 10, examples=16),
             _run("sft+kto", 0.01, 42, [1] * 20 + [0] * 10, examples=48), _run("dpo", 0.01, 42, [1] * 20 + [0] * 10)]
    text = "\n".join(sample_efficiency_findings(clear, base, 0.05))
    assert "### Did SFT+KTO beat DPO on sample efficiency?\n\n**Yes.**" in text
    assert "| 5% | 184 / 16 | 0.0% [0.0, 11.4] | 66.7% [48.8, 80.8] | 20 / 0 | 1.9e-06 | 3.8e-06 |" in text
    # the fewest examples with a significant cut against the base: SFT+KTO at 5%, DPO never
    assert "| sft+kto | 184 (5%) |" in text and "| dpo | none in this grid |" in text
    # within noise (2 prompts apart on 30) is not a win, and a significantly worse one is named so
    close = [_run("sft+kto", 0.05, 42, [1] * 18 + [0] * 12), _run("dpo", 0.05, 42, [1] * 20 + [0] * 10)]
    assert "**Not shown at this scale.** At no fraction did sft+kto and dpo differ significantly (smallest " \
        "Holm-adjusted p = 0.5" in "\n".join(sample_efficiency_findings(close, base, 0.05))
    # p = 0.039 at one of three fractions is not significant once corrected for asking at three (Holm: 0.12)
    one_of_three = [_run("sft+kto", f, 42, [1] * 10 + [0] * 20) for f in (0.01, 0.02)] + [
        _run("dpo", f, 42, [1] * 10 + [0] * 20) for f in (0.01, 0.02)] + [
        _run("sft+kto", 0.05, 42, [1] * 2 + [0] * 28), _run("dpo", 0.05, 42, [1, 0] + [1] * 8 + [0] * 20)]
    text = "\n".join(sample_efficiency_findings(one_of_three, base, 0.05))
    assert "| 5% | 16 / 16 |" in text and "| 8 / 1 | 0.039 | 0.12 |" in text and "**Not shown at this scale.**" in text
    worse = [_run("sft+kto", 0.05, 42, [1] * 30), _run("dpo", 0.05, 42, [1] * 5 + [0] * 25)]
    assert "**No.** dpo ended significantly lower than sft+kto at 5%" in "\n".join(
        sample_efficiency_findings(worse, base, 0.05))


def test_stability_finding_needs_a_significant_spread_difference():
    from alignment.compare import stability_findings

    def runs(kto_s, kto, clamp=0.9):
        return [_run(m, 0.02, s, [1] * k + [0] * (30 - k), z0=clamp, margins=[0.1, 0.2 + k / 100])
                for m, ks in (("sft+kto_s", kto_s), ("sft+kto", kto)) for s, k in zip((42, 43, 44, 45), ks)]

    text = "\n".join(stability_findings(runs((10, 11, 10), (5, 15, 25)), 0.05))
    assert "### Was SFT+KTO-S steadier than SFT+KTO?\n\n**Not measurably.**" in text and "both lower for KTO-S" in text
    assert "z0 clamped at 0 on 90% of the sft+kto_s steps" in text and "| 44 |" in text
    assert "the same for both" in "\n".join(stability_findings(runs((10, 11, 12), (10, 11, 12)), 0.05))
    # Levene's test: with three seeds each even this spread difference is not significant (p = 0.13); with four it is
    assert "**Not measurably.**" in "\n".join(stability_findings(runs((10, 10, 11), (2, 15, 28)), 0.05))
    assert "\n**Yes.** attack success spread over 4 seeds" in "\n".join(
        stability_findings(runs((10, 10, 11, 10), (2, 15, 28, 29)), 0.05))
    assert "\n**No, sft+kto was steadier.**" in "\n".join(
        stability_findings(runs((2, 15, 28, 29), (10, 10, 11, 10)), 0.05))
    assert stability_findings(runs((10,), (5,))[:1], 0.05) == []


def test_plot_takes_runs_with_the_same_number_of_examples(tmp_path):
    """DPO at 1% and 2% can both train 8 examples (one step): the plot must not try to order their intervals."""
    from alignment.compare import plot

    runs = [_run("dpo", 0.01, 42, [1, 0, 1], examples=8), _run("dpo", 0.02, 42, [1, 1, 0], examples=8)]
    assert plot(runs, [], _base([1, 1, 1]), tmp_path / "p.png").read_bytes()[:4] == b"\x89PNG"
