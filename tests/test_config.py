from pathlib import Path

import pytest

from alignment.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parent.parent


def test_demo_config_loads_and_resolves_paths():
    cfg = load_config(ROOT / "configs" / "demo.yaml")
    assert cfg.base_model.id == "embedded:smollm2-135m-instruct"
    assert cfg.training.method == "sft+kto_s"
    assert cfg.data.train[0] == ROOT / "data" / "train"
    assert cfg.evaluation.redteam.is_file()


def test_every_shipped_config_is_valid():
    for path in sorted((ROOT / "configs").glob("*.yaml")):
        load_config(path)


def test_overrides_are_typed_and_dotted():
    cfg = load_config(ROOT / "configs" / "demo.yaml", ["training.sft.max_steps=7", "gate.min_relative_toxicity_reduction=0.25"])
    assert cfg.training.sft.max_steps == 7
    assert cfg.gate.min_relative_toxicity_reduction == 0.25


def test_unknown_key_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("training:\n  sft:\n    max_stpes: 3\n")
    with pytest.raises(ConfigError) as exc:
        load_config(bad)
    assert "training.sft.max_stpes" in str(exc.value) and str(bad) in str(exc.value)


def test_bad_values_are_rejected():
    with pytest.raises(ConfigError, match="training.kto.per_device_train_batch_size"):
        load_config(ROOT / "configs" / "demo.yaml", ["training.kto.per_device_train_batch_size=1"])
    with pytest.raises(ConfigError, match="training.lora.r"):
        load_config(ROOT / "configs" / "demo.yaml", ["training.lora.r=12"])
    with pytest.raises(ConfigError, match="model_name"):
        load_config(ROOT / "configs" / "demo.yaml", ["model_name=../etc"])


def test_cli_retrain_rejects_a_bad_config_before_anything_loads(tmp_path):
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "singalign.cli", "retrain", "--set", "training.lora.r=12"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert proc.returncode == 2
    assert "training.lora.r" in proc.stderr and "Traceback" not in proc.stderr
