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
                            out_dir=str(tmp_path / "out"), command="test")
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
