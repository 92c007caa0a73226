"""Every alignment method on the real embedded model with tiny settings; kill-and-resume; reproducibility."""

import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from alignment.data.dataset import DatasetRef
from alignment.training.kto_s import z0_clamped
from alignment.training.methods import METHODS, STAGES
from tests.helpers import rows, tiny_config

ROOT = Path(__file__).resolve().parent.parent
# Two short steps, a log line each, in every registered stage's settings section.
TINY_STAGES = ["training.reuse_cached=false"] + [
    f"training.{section}.{key}={value}" for section in sorted({s.settings for s in STAGES.values()})
    for key, value in (("max_steps", 2), ("per_device_train_batch_size", 2), ("max_length", 48), ("logging_steps", 1))]


@pytest.fixture
def dataset(tmp_path) -> DatasetRef:
    path = tmp_path / "rows.parquet"
    data = rows()
    data.to_parquet(path, index=False)
    return DatasetRef(sha256="t" * 64, uri=str(path), local_path=str(path), rows=len(data))


def test_every_method_of_before_the_registry_is_still_registered():
    assert {"sft", "dpo", "kto", "kto_s", "sft+dpo", "sft+kto", "sft+kto_s"} <= set(METHODS)


@pytest.mark.parametrize("method", METHODS)
def test_each_method_trains_one_adapter_relative_to_the_base(method, base_model, dataset, tmp_path, monkeypatch):
    from alignment.pipeline import train_method

    monkeypatch.setenv("SINGALIGN_CACHE", str(tmp_path / "cache"))
    cfg = tiny_config(*TINY_STAGES, f"training.method={method}")
    result = train_method(cfg, dataset, base_model)
    assert result.stage == method.split("+")[-1] and result.steps == 2
    assert len(result.losses) == 2 and all(math.isfinite(x) for x in result.losses), result.losses
    adapter = Path(result.adapter_dir)
    config = json.loads((adapter / "adapter_config.json").read_text())
    assert config["r"] == 16 and not config.get("modules_to_save")
    assert not (adapter / "ref").exists()  # only the trained adapter ships, not TRL's frozen reference copy
    if result.stage in ("kto", "kto_s"):  # every step's KL estimate before the clamp, and the share that clamped
        assert len(result.kl_raw) == 2 and all(math.isfinite(x) for x in result.kl_raw), result.kl_raw
        assert result.z0_clamped_share == sum(z0_clamped(x) for x in result.kl_raw) / 2
        summary = json.loads((adapter / "training_summary.json").read_text())
        assert summary["z0_clamped_share"] == result.z0_clamped_share
    else:
        assert result.z0_clamped_share is None and result.kl_raw == []
    if "+" in method:
        first = sorted((tmp_path / "cache" / "adapters").glob("sft-*"))
        assert len(first) == 1 and json.loads((first[0] / "training_summary.json").read_text())["steps"] == 2


def test_dpo_pairs_come_from_paired_rows_and_same_prompt_rows():
    from alignment.training.dpo import preference_pairs

    data = rows()
    data.loc[len(data)] = dict(id="p#chosen", prompt="Q", completion="good", label=True, category="benign",
                               source="t", pair_id="p")
    data.loc[len(data)] = dict(id="p#rejected", prompt="Q", completion="bad", label=False, category="benign",
                               source="t", pair_id="p")
    pairs = preference_pairs(data)
    assert len(pairs) == 5 and {"good", *rows()["completion"][rows()["label"]]} == set(pairs["chosen"])


def test_qlora_is_refused_clearly_without_a_gpu(base_model, dataset, tmp_path, monkeypatch):
    import torch

    from alignment.pipeline import train_method
    from alignment.training.lora import TrainingSetupError

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    monkeypatch.setenv("SINGALIGN_CACHE", str(tmp_path / "cache"))
    with pytest.raises(TrainingSetupError, match="needs a CUDA GPU"):
        train_method(tiny_config(*TINY_STAGES, "training.quantization=4bit"), dataset, base_model)


def test_same_config_and_seed_give_the_same_loss_curve(base_model, dataset, tmp_path, monkeypatch):
    from alignment.pipeline import train_method

    curves = []
    for run in ("a", "b"):
        monkeypatch.setenv("SINGALIGN_CACHE", str(tmp_path / run))
        cfg = tiny_config(*TINY_STAGES, "training.method=kto_s", "training.kto.max_steps=3")
        curves.append(train_method(cfg, dataset, base_model).losses)
    assert len(curves[0]) == 3 and curves[0] == curves[1]


def _spec(tmp_path, base_model, dataset, steps: int) -> Path:
    from alignment.training.stages import spec_for, stage_dir

    cfg = tiny_config("training.reuse_cached=false", f"training.sft.max_steps={steps}", "training.sft.max_length=48",
                      "training.sft.per_device_train_batch_size=2", "training.checkpoint_steps=2",
                      f"store.uri={tmp_path / 'store'}")
    out = stage_dir(tmp_path / "cache", "sft", base_model, dataset.sha256, cfg.training, None)
    return spec_for(cfg, "sft", dataset.local_path, base_model, out, None).write(tmp_path / "spec.json")


def test_a_killed_training_resumes_from_its_last_checkpoint(base_model, dataset, tmp_path):
    """SIGKILL the stage after its first checkpoint reached the store, wipe the local folder (a new worker), run
    it again: it resumes from the store's checkpoint and ends at the same total step count."""
    import shutil

    from alignment.storage import LocalStore

    spec = _spec(tmp_path, base_model, dataset, steps=8)
    store = LocalStore(tmp_path / "store")
    cmd = [sys.executable, "-m", "alignment.training.stages", str(spec)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    first = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    latest = next(iter(store.root.glob("checkpoints/*/latest.json")), None) if store.root.exists() else None
    deadline = time.monotonic() + 300
    while latest is None and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.2)
        latest = next(iter(store.root.glob("checkpoints/*/latest.json")), None) if store.root.exists() else None
    assert latest is not None, first.stdout.read() if first.poll() is not None else "no checkpoint within 300 s"
    first.send_signal(signal.SIGKILL)
    first.wait()
    killed_at = json.loads(latest.read_text())["step"]
    assert 2 <= killed_at < 8
    out_dir = Path(json.loads(spec.read_text())["out_dir"])
    assert not (out_dir / "training_summary.json").exists()
    shutil.rmtree(out_dir)  # the next attempt runs on another worker: only the store survives

    second = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "resuming from" in second.stdout + second.stderr
    summary = json.loads((out_dir / "training_summary.json").read_text())
    assert summary["steps"] == 8 and summary["resumed_from_step"] >= killed_at


def test_the_accelerate_launcher_runs_a_stage_in_a_child_process(base_model, dataset, tmp_path, monkeypatch):
    """The multi-GPU path (`accelerate launch` as a subprocess of the task), here with one CPU process. The child's
    progress reaches this process's progress hooks (what the task turns into the progress artifact)."""
    from alignment.pipeline import train_method
    from alignment.training.progress import PROGRESS_HOOKS

    monkeypatch.setenv("SINGALIGN_CACHE", str(tmp_path / "cache"))
    cfg = tiny_config(*TINY_STAGES, "training.method=sft", "training.launcher.kind=accelerate",
                      "training.launcher.num_processes=1")
    heard = []

    def hook(*args):
        heard.append(args)

    PROGRESS_HOOKS.append(hook)
    try:
        result = train_method(cfg, dataset, base_model)
    finally:
        PROGRESS_HOOKS.remove(hook)
    assert result.steps == 2 and not result.reused
    assert (Path(result.adapter_dir) / "adapter_model.safetensors").is_file()
    assert [(stage, step, max_steps) for stage, step, max_steps, _ in heard] == [("sft", 1, 2), ("sft", 2, 2)]
    assert [loss for *_, loss in heard] == pytest.approx(result.losses)


def test_orpo_is_trls_orpo_trainer_on_preference_pairs_with_its_own_settings(base_model, tmp_path):
    from trl.experimental.orpo import ORPOTrainer

    from alignment.training.dpo import preference_pairs
    from alignment.training.stages import build_trainer

    cfg = tiny_config(*TINY_STAGES, "training.orpo.beta=0.25", "training.orpo.learning_rate=3e-5")
    trainer, _ = build_trainer("orpo", rows(), base_model, cfg.training, tmp_path)
    assert isinstance(trainer, ORPOTrainer)
    assert trainer.beta == 0.25 and trainer.args.learning_rate == 3e-5 and trainer.args.max_steps == 2
    assert len(trainer.train_dataset) == len(preference_pairs(rows())) == 4


def test_cli_retrain_takes_a_method_and_refuses_an_unknown_one():
    proc = subprocess.run([sys.executable, "-m", "singalign.cli", "retrain", "--method", "ppo"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "training.method" in proc.stderr and "Traceback" not in proc.stderr
