"""The method registry is the one place methods are declared: what derives from it, without training."""

import math
import os
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from alignment.config import ConfigError, TrainingSettings, load_config
from alignment.training.methods import METHODS, STAGES, in_order, method_stages

ROOT = Path(__file__).resolve().parent.parent


def test_every_entry_names_a_settings_section_a_module_and_classes_that_exist():
    for stage in STAGES.values():
        assert stage.settings in TrainingSettings.model_fields, stage
        assert callable(stage.load("module").config_options), stage
        assert callable(stage.load("dataset")) and isinstance(stage.load("trainer"), type), stage
        assert isinstance(stage.load("config"), type), stage
        assert set(stage.follows) <= set(STAGES), stage


def test_methods_are_the_stages_and_their_continuations():
    assert METHODS[: len(STAGES)] == tuple(STAGES)
    assert set(METHODS[len(STAGES):]) == {f"{a}+{s.name}" for s in STAGES.values() for a in s.follows}
    assert method_stages("sft+kto_s") == ["sft", "kto_s"] and method_stages("orpo") == ["orpo"]
    for bad in ("kto+sft", "sft+sft", "ppo", "sft+"):
        with pytest.raises(ValueError, match="unknown method"):
            method_stages(bad)


def test_the_config_accepts_exactly_the_registered_methods():
    assert typing.get_args(TrainingSettings.model_fields["method"].annotation) == METHODS
    for method in METHODS:
        assert load_config(ROOT / "configs" / "demo.yaml", [f"training.method={method}"]).training.method == method
    with pytest.raises(ConfigError, match="training.method"):
        load_config(ROOT / "configs" / "demo.yaml", ["training.method=kto+sft"])


def test_stages_run_in_order_each_continuing_the_previous():
    seen = in_order("sft+dpo", lambda stage, previous: (stage, previous))
    assert seen == [("sft", None), ("dpo", ("sft", None))]


def test_the_comparison_and_the_cli_list_every_registered_method():
    from flows.compare_methods import ALL_METHODS

    assert ALL_METHODS == list(METHODS)
    proc = subprocess.run([sys.executable, "-m", "singalign.cli", "retrain", "--help"], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, "COLUMNS": "300"})
    assert proc.returncode == 0, proc.stderr
    assert " | ".join(METHODS) in proc.stdout


def _bundled_rows():
    from alignment.data.dataset import canonical_rows
    from alignment.data.validate import validate_batch

    return canonical_rows(validate_batch([ROOT / "data" / "train"])[1].rows)


def test_each_stage_budget_is_one_pass_over_the_examples_that_stage_trains_on():
    from alignment.compare import fraction_of, one_pass_config
    from alignment.training.dpo import preference_pairs

    cfg = load_config(ROOT / "configs" / "compare-cpu.yaml", ["training.orpo.max_steps=1000",
                                                              "training.dpo.max_steps=1000"])
    rows = fraction_of(_bundled_rows(), 0.02, seed=42)
    examples = {"sft": int(rows["label"].sum()), "kto": len(rows), "kto_s": len(rows),
                "dpo": len(preference_pairs(rows)), "orpo": len(preference_pairs(rows))}
    assert examples["dpo"] not in (examples["sft"], examples["kto"])  # the budgets below tell the stages apart
    for method in METHODS:
        run = one_pass_config(cfg, rows, method, seed=7)
        for stage in method_stages(method):
            section = STAGES[stage].settings
            before, after = getattr(cfg.training, section), getattr(run.training, section)
            batch = before.per_device_train_batch_size * before.gradient_accumulation_steps
            assert after.max_steps == max(1, min(before.max_steps, math.ceil(examples[stage] / batch))), (method, stage)
