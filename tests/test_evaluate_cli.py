"""`singalign evaluate --adapter`: a three-way evaluation (base, candidate, production) with the full gate and a
report, on the real model with tiny settings."""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import TINY

ROOT = Path(__file__).resolve().parent.parent


def random_adapter(base_model, folder: Path, seed: int) -> Path:
    import torch
    from peft import get_peft_model

    from alignment.config import LoraSettings
    from alignment.models import load_causal_lm, load_tokenizer
    from alignment.training.lora import lora_config

    torch.manual_seed(seed)
    model = get_peft_model(load_causal_lm(base_model.path), lora_config(LoraSettings(r=8)))
    for name, p in model.named_parameters():
        if "lora_B" in name:
            p.data.normal_(0, 0.01)
    model.save_pretrained(folder)
    load_tokenizer(base_model.path).save_pretrained(folder)
    return folder


def test_evaluate_an_adapter_against_base_and_production(base_model, tmp_path):
    from alignment.registry import Registry, collect_files, publish_version
    from alignment.storage import LocalStore

    store = LocalStore(tmp_path / "store")
    prod = random_adapter(base_model, tmp_path / "prod", seed=1)
    publish_version(store, "singalign-smollm2-135m", "v-prod", collect_files(prod, {}), {"gate": {"passed": True}})
    Registry(store, "singalign-smollm2-135m").promote("v-prod", reason="test")
    candidate = random_adapter(base_model, tmp_path / "cand", seed=2)

    args = [sys.executable, "-m", "singalign.cli", "evaluate", "--adapter", str(candidate), "--out", str(tmp_path / "out"),
            "--set", f"store.uri={store.root}"]
    for o in TINY:
        args += ["--set", o]
    proc = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=900,
                          env={**os.environ, "COLUMNS": "200"})
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "production (v-prod)" in proc.stdout and "red-team attack success" in proc.stdout
    assert "exact McNemar" in proc.stdout
    assert "singalign_sgknow (accuracy)" in proc.stdout
    gate = json.loads((tmp_path / "out" / "gate.json").read_text())
    assert any(c["name"].startswith("vs_production[") for c in gate["criteria"])
    report = (tmp_path / "out" / "report.md").read_text()
    assert "| metric | base | candidate | production (v-prod) |" in report
    assert (tmp_path / "out" / "metrics.png").read_bytes()[:4] == b"\x89PNG"

    missing = subprocess.run([sys.executable, "-m", "singalign.cli", "evaluate", "--adapter", "no-such-version",
                              "--set", f"store.uri={store.root}"], cwd=ROOT, capture_output=True, text=True,
                             env=os.environ)
    assert missing.returncode == 1 and "neither an adapter folder" in missing.stderr


def test_a_changed_judge_rejudges_stored_responses_without_generating(base_model, tmp_path, monkeypatch):
    """The model's outputs are cached apart from their judgement: a new judge (new labels, new settings) judges the
    stored responses again and reports the same benchmark scores, without generating or benchmarking again."""
    from alignment import pipeline
    from alignment.config import load_config

    cfg = load_config(ROOT / "configs" / "demo.yaml", TINY)
    first = pipeline.evaluate_model(cfg, base_model, None, "base", tmp_path / "first").metrics

    def must_not_run(*args, **kwargs):
        raise AssertionError("generated or benchmarked again although the weights and prompts did not change")

    real_load_judge = pipeline.load_judge

    def new_judge(*args, **kwargs):
        judge = real_load_judge(*args, **kwargs)
        judge.fingerprint = judge.fingerprint + "-relabelled"
        return judge

    monkeypatch.setattr(pipeline, "generate_sets", must_not_run)
    monkeypatch.setattr(pipeline, "run_benchmarks", must_not_run)
    monkeypatch.setattr(pipeline, "load_judge", new_judge)
    again = pipeline.evaluate_model(cfg, base_model, None, "base", tmp_path / "again")
    assert again.metrics.benchmarks == first.benchmarks
    for name in ("redteam", "benign"):
        before = [json.loads(line) for line in (tmp_path / "first" / f"{name}-base.jsonl").read_text().splitlines()]
        after = [json.loads(line) for line in Path(again.files[name]).read_text().splitlines()]
        assert [r["response"] for r in after] == [r["response"] for r in before] and len(after) == 4
    assert again.metrics.rates["attack_success"].k == first.rates["attack_success"].k
