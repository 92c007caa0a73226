import os
from pathlib import Path

import pytest

from alignment.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parent.parent


def test_demo_config_loads_and_resolves_paths():
    cfg = load_config(ROOT / "configs" / "demo.yaml")
    assert cfg.base_model.id == "embedded:smollm2-135m-instruct"
    assert cfg.training.method == "sft+kto_s"
    assert cfg.data.train == [ROOT / "data" / "train" / "v2_harmful.jsonl", ROOT / "data" / "train" / "v2_benign.jsonl"]
    assert all(p.is_file() for p in cfg.data.train)
    assert cfg.evaluation.redteam.is_file()
    # every data path, the reserved prompt sets and the audit labels included, is absolute against the project root
    assert all(p.is_absolute() and p.is_file() for p in [*cfg.evaluation.reserved, *cfg.judge.audit_labels])


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


def test_speed_settings_are_typed_and_read_where_training_is_set_up(tmp_path):
    from alignment.training.device import cpu_bf16, trainer_kwargs, training_dtype
    from alignment.training.sft import sft_collator
    from alignment.models import load_tokenizer, resolve_base_model

    def training(*overrides):
        return load_config(ROOT / "configs" / "demo.yaml", ["training.device=cpu", *overrides]).training

    off, on = training("training.cpu_bf16=off"), training("training.cpu_bf16=on")
    assert not cpu_bf16(off) and training_dtype(off) == "float32" and not trainer_kwargs(off.sft, off, tmp_path)["bf16"]
    assert cpu_bf16(on) and training_dtype(on) == "bfloat16" and trainer_kwargs(on.sft, on, tmp_path)["bf16"]
    import torch

    assert cpu_bf16(training()) == torch.cpu._is_amx_tile_supported()  # auto: bf16 only where AMX makes it fast
    with pytest.raises(ConfigError, match="training.cpu_bf16"):
        load_config(ROOT / "configs" / "demo.yaml", ["training.cpu_bf16=maybe"])
    with pytest.raises(ConfigError, match="training.sft.padding_free"):
        load_config(ROOT / "configs" / "demo.yaml", ["training.sft.padding_free=sometimes"])

    assert training().sft.padding_free and training().kto.joint_reference_forward
    from alignment.config import BaseModelSettings

    tokenizer = load_tokenizer(resolve_base_model(BaseModelSettings(), Path(os.environ["SINGALIGN_CACHE"])).path)
    assert sft_collator(tokenizer, training("training.sft.padding_free=false").sft.padding_free) is None
    batch = sft_collator(tokenizer, True)([{"input_ids": [1, 2, 3], "labels": [-100, 2, 3]},
                                          {"input_ids": [4, 5], "labels": [-100, 5]}])
    assert batch["input_ids"].tolist() == [[1, 2, 3, 4, 5]] and "attention_mask" not in batch
    assert batch["position_ids"].tolist() == [[0, 1, 2, 0, 1]]


def test_stage_cache_key_depends_on_the_training_precision(tmp_path):
    from alignment.models import ResolvedModel
    from alignment.training.stages import stage_dir

    base = ResolvedModel(path="x", id="x", revision="r")

    def key(value):
        t = load_config(ROOT / "configs" / "demo.yaml", ["training.device=cpu", f"training.cpu_bf16={value}"]).training
        return stage_dir(tmp_path, "sft", base, "sha", t, None)

    assert key("on") != key("off")


def test_stage_cache_key_depends_on_the_lora_layers_and_not_on_an_unset_field(tmp_path):
    from alignment.models import ResolvedModel
    from alignment.training.stages import lora_key, stage_dir

    base = ResolvedModel(path="x", id="x", revision="r")

    def key(*overrides):
        return stage_dir(tmp_path, "sft", base, "sha", load_config(ROOT / "configs" / "demo.yaml", list(overrides)).training,
                         None).name

    assert key() != key("training.lora.layers_to_transform=[28,29]") != key("training.lora.layers_to_transform=[29]")
    lora = load_config(ROOT / "configs" / "demo.yaml").training.lora
    # unset, the new field leaves the key as it was before the field existed: adapters already trained are reused
    assert lora_key(lora) == str(lora).replace(" layers_to_transform=None", "") and "layers" not in lora_key(lora)


def test_a_stage_trains_on_its_sources_rows_and_is_keyed_by_them(tmp_path):
    import pandas as pd

    from alignment.data.dataset import canonical_rows, dataset_sha256
    from alignment.models import ResolvedModel
    from alignment.training.lora import TrainingSetupError
    from alignment.training.stages import settings_key, stage_dir, stage_rows, stage_rows_sha256

    rows = canonical_rows(pd.DataFrame([
        {"id": f"r{i}", "prompt": f"p{i}", "completion": f"c{i}", "label": i % 2 == 0, "category": "benign",
         "source": "v2" if i < 4 else "v3", "pair_id": None} for i in range(6)]))
    path = tmp_path / "rows.parquet"
    rows.to_parquet(path, index=False)
    sha = dataset_sha256(rows)

    def training(*overrides):
        return load_config(ROOT / "configs" / "demo.yaml", list(overrides)).training

    every, v2_sft = training(), training("training.sft.sources=[v2]")
    assert stage_rows(rows, "sft", every) is rows and stage_rows_sha256(sha, path, "sft", every) == sha
    kept = stage_rows(rows, "sft", v2_sft)
    assert kept["id"].tolist() == ["r0", "r1", "r2", "r3"]
    assert stage_rows(rows, "kto_s", v2_sft) is rows  # only the named stage is filtered
    # keyed by the rows kept: the same key as the same stage on a dataset of those rows alone
    v2_only = canonical_rows(rows[rows["source"] == "v2"])
    assert stage_rows_sha256(sha, path, "sft", v2_sft) == dataset_sha256(v2_only) != sha
    base = ResolvedModel(path="x", id="x", revision="r")
    assert (stage_dir(tmp_path, "sft", base, dataset_sha256(v2_only), every, None)
            == stage_dir(tmp_path, "sft", base, stage_rows_sha256(sha, path, "sft", v2_sft), v2_sft, None))
    # unset, the field leaves every existing key as it was
    assert settings_key(every.sft) == str(every.sft).replace(" sources=None", "")
    with pytest.raises(TrainingSetupError, match=r"training\.kto\.sources: no row of the dataset has source 'v4'.*"
                                                 r"'v2', 'v3'"):
        stage_rows(rows, "kto_s", training("training.kto.sources=[v3,v4]"))
    with pytest.raises(ConfigError):
        training("training.sft.sources=[]")
    # the retrain pipeline checks every stage's sources before it trains the first
    from alignment.data.dataset import DatasetRef
    from alignment.pipeline import train_stages

    trained = []
    cfg = load_config(ROOT / "configs" / "demo.yaml", ["training.kto.sources=[v4]"])
    with pytest.raises(TrainingSetupError, match="training.kto.sources"):
        train_stages(cfg, DatasetRef(sha256=sha, uri="", local_path=str(path), rows=6), base,
                     train_one=lambda *a: trained.append(a))
    assert trained == []
