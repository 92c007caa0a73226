"""Running a stage: progress from a child process, and the base model's revision reaching the training loaders."""

import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from alignment.config import BaseModelSettings, TrainingSettings
from alignment.models import ResolvedModel, resolve_base_model
from alignment.training.progress import PROGRESS_HOOKS, ProgressFile, ProgressTail


@pytest.fixture
def heard():
    calls = []

    def hook(*args):
        calls.append(args)

    PROGRESS_HOOKS.append(hook)
    yield calls
    PROGRESS_HOOKS.remove(hook)


def test_the_tail_reads_only_finished_lines_once(tmp_path, heard):
    path = tmp_path / "p.jsonl"
    tail = ProgressTail(path)
    assert tail.report_new() == 0  # no file yet
    ProgressFile(path)("sft", 1, 4, 2.5)
    with open(path, "a") as fh:
        fh.write('{"stage": "sft", "step": 2, "max_st')  # the writer is mid-line
    assert tail.report_new() == 1 and heard == [("sft", 1, 4, 2.5)]
    with open(path, "a") as fh:
        fh.write('eps": 4, "loss": 2.0}\n')
    ProgressFile(path)("sft", 3, 4, 1.5)
    assert tail.report_new() == 2 and tail.report_new() == 0
    assert heard == [("sft", 1, 4, 2.5), ("sft", 2, 4, 2.0), ("sft", 3, 4, 1.5)]


# A stand-in child: reports step 1, then waits until the parent has passed it on (the hook writes a file) before
# reporting step 2 and finishing; it gives up after a while, so a parent that reads progress only at the end fails.
CHILD = """
import json, sys, time
from pathlib import Path
from alignment.training.progress import ProgressFile
from alignment.training.results import StageResult, write_summary
spec = json.loads(Path(sys.argv[1]).read_text())
out = Path(spec["out_dir"])
report = ProgressFile(spec["progress_file"])
report(spec["stage"], 1, 2, 0.9)
print("step 1 reported", flush=True)
deadline = time.monotonic() + 30
while not (out / "heard-1").exists():
    if time.monotonic() > deadline:
        sys.exit(3)
    time.sleep(0.05)
report(spec["stage"], 2, 2, 0.7)
write_summary(out, StageResult(adapter_dir=str(out), stage=spec["stage"], steps=2, losses=[0.9, 0.7], seconds=1.0))
"""


def test_a_child_processs_progress_reaches_the_hooks_while_it_runs(tmp_path, heard, monkeypatch):
    from alignment.config import SingAlignConfig
    from alignment.training import stages

    cfg = SingAlignConfig()
    cfg.training.launcher.kind = "accelerate"
    out = tmp_path / "adapters" / "sft-key"
    base = ResolvedModel(path="x", id="x", revision="r")
    spec = stages.spec_for(cfg, "sft", str(tmp_path / "rows.parquet"), base, out, None)
    monkeypatch.setattr(stages, "launch_command", lambda spec_path, training: [sys.executable, "-c", CHILD,
                                                                                str(spec_path)])
    PROGRESS_HOOKS.append(lambda stage, step, *_: (out / f"heard-{step}").touch())
    try:
        result = stages.run_stage_subprocess(spec, cfg.training)
    finally:
        PROGRESS_HOOKS.pop()
    assert heard == [("sft", 1, 2, 0.9), ("sft", 2, 2, 0.7)]
    assert result.steps == 2 and not result.reused
    assert json.loads((out.parent / "sft-key.spec.json").read_text())["progress_file"].endswith(".progress.jsonl")


def _rows() -> pd.DataFrame:
    return pd.DataFrame([dict(id="a", prompt="Hi ah", completion="Hello!", label=True, category="benign", source="t",
                              pair_id=None)])


class _Loaded(Exception):
    pass


def _loader_revisions(monkeypatch, base: ResolvedModel, tmp_path: Path) -> dict:
    """The revision each loader training calls receives (the model loader stops the set-up)."""
    import alignment.models
    from alignment.training.stages import build_trainer

    seen = {}

    def tokenizer(path, revision=None):
        seen["tokenizer"] = (path, revision)

    def causal_lm(path, dtype="float32", revision=None, adapter=None, quantization=None):
        seen["model"] = (path, revision)
        raise _Loaded

    monkeypatch.setattr(alignment.models, "load_tokenizer", tokenizer)
    monkeypatch.setattr(alignment.models, "load_causal_lm", causal_lm)
    with pytest.raises(_Loaded):
        build_trainer("sft", _rows(), base, TrainingSettings(device="cpu"), tmp_path)
    return seen


def test_base_model_revision_reaches_the_training_loaders_for_a_hub_model(monkeypatch, tmp_path):
    base = resolve_base_model(BaseModelSettings(id="aisingapore/some-model", revision="0123abcd"), tmp_path)
    seen = _loader_revisions(monkeypatch, base, tmp_path)
    assert seen == {"tokenizer": ("aisingapore/some-model", "0123abcd"), "model": ("aisingapore/some-model", "0123abcd")}


def test_a_local_model_is_loaded_as_it_is(monkeypatch, tmp_path):
    (tmp_path / "model").mkdir()
    base = resolve_base_model(BaseModelSettings(id=str(tmp_path / "model"), revision="v1"), tmp_path)
    assert base.revision == "v1"  # recorded in manifests, but a folder has no revisions to pick from
    seen = _loader_revisions(monkeypatch, base, tmp_path)
    assert seen == {"tokenizer": (base.path, None), "model": (base.path, None)}
