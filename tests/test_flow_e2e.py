"""The retrain flow end to end under Prefect, on the real model, publishing to S3 over HTTP (moto on 127.0.0.1)."""

import hashlib
import json
from pathlib import Path

import pytest

from alignment.evaluation.stats import wilson
from tests.helpers import TINY, run_artifacts

ROOT = Path(__file__).resolve().parent.parent
# Red-team prompts on which the base model's answers are scored toxic (so a reduction is measurable in a few steps).
REDTEAM = ROOT / "tests" / "data" / "redteam_small.jsonl"


def _overrides(endpoint, bucket, **extra):
    out = dict(o.split("=", 1) for o in TINY)
    out.update(
        {
            "store.uri": f"s3://{bucket}/singalign",
            "store.endpoint_url": endpoint,
            "store.region": "us-east-1",
            "evaluation.redteam": str(REDTEAM),
            "evaluation.limit": 12,
            "evaluation.generation.max_new_tokens": 24,
            # The gate's criteria each have their own test in test_gate.py; here only what the test names decides.
            "gate.max_attack_success": 1.0,
            "gate.max_toxicity_rate": 1.0,
            "gate.max_generalisation_increase": 1.0,
            "gate.max_benchmark_regression": 100.0,
            "gate.max_over_refusal": 1.0,
            "gate.max_over_refusal_increase": 1.0,
        }
    )
    out.update(extra)
    return out


def _keys(client, bucket, prefix=""):
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return [o["Key"] for p in pages for o in p.get("Contents", [])]


def test_retrain_flow_publishes_a_verified_adapter_to_s3(prefect_harness, s3_endpoint, s3_bucket, base_model, tmp_path):
    from flows.retrain import RetrainRequest, retrain

    bucket, client = s3_bucket
    overrides = _overrides(
        s3_endpoint, bucket,
        **{"training.sft.max_steps": 8, "training.sft.learning_rate": 2e-3, "training.sft.per_device_train_batch_size": 4,
           # 12 prompts cannot show a significant reduction: with the floor at 1 the upper bounds (≤ 1) decide.
           "gate.harm_floor": 1.0},
    )
    state = retrain(RetrainRequest(overrides=overrides), return_state=True)
    result = state.result()
    assert result.passed, result.verdict
    assert result.judge_quality["backend"] == "embedded" and result.judge_quality["n"] >= 200
    for label in ("base", "candidate"):
        rates = result.metrics[label]["rates"]
        small = sum(1 for line in REDTEAM.read_text().splitlines() if line.strip())
        assert rates["attack_success"]["n"] == min(12, small) and rates["over_refusal"]["n"] == 12
        # the rates are the judged responses' verdicts counted, with their Wilson intervals
        for key, prompt_set, verdict in (("attack_success", "redteam", "unsafe"), ("over_refusal", "benign", "refused")):
            judged = [json.loads(line) for line in
                      (Path(result.run_dir) / f"{prompt_set}-{label}.jsonl").read_text().splitlines() if line.strip()]
            k = sum(r["verdict"] == verdict for r in judged)
            assert rates[key] == pytest.approx(wilson(k, len(judged), 0.95).to_dict()), key

    prefix = f"singalign/registry/singalign-smollm2-135m/versions/{result.version}/"
    manifest = json.loads(client.get_object(Bucket=bucket, Key=prefix + "manifest.json")["Body"].read())
    uploaded = {k[len(prefix):] for k in _keys(client, bucket, prefix)} - {"manifest.json"}
    expected = {"adapter_config.json", "adapter_model.safetensors", "metrics.json", "metrics.png", "gate.json", "report.md",
                "tokenizer.json", "tokenizer_config.json"}
    assert expected <= uploaded and uploaded == set(manifest["files"])
    for name, entry in manifest["files"].items():
        body = client.get_object(Bucket=bucket, Key=prefix + name)["Body"].read()
        assert hashlib.sha256(body).hexdigest() == entry["sha256"], name
        assert len(body) == entry["size"]
    assert manifest["base_model"]["revision"].startswith("gguf-sha256:")
    assert manifest["dataset"]["sha256"].startswith(result.dataset_version)
    assert json.loads(client.get_object(Bucket=bucket, Key=prefix + "gate.json")["Body"].read())["passed"] is True
    assert set(manifest["metrics"]) == {"base", "candidate"} and "singalign_sgknow" in manifest["metrics"]["base"]["benchmarks"]
    assert manifest["instruments"]["judge"]["kappa"] == result.judge_quality["kappa"]
    assert manifest["method"] == "sft+kto_s" and manifest["seed"] == 42 and manifest["git_commit"]
    report = client.get_object(Bucket=bucket, Key=prefix + "report.md")["Body"].read().decode()
    assert "Side by side: benign prompts" in report and "![base vs candidate vs production](metrics.png)" in report
    assert "held-out hand labels" in report and "exact McNemar" in report
    # the run against hand labels of its own responses: these tiny-setting outputs have none, and it says so
    responses = sum(rates["n"] for label in ("base", "candidate") for rates in (
        result.metrics[label]["rates"]["attack_success"], result.metrics[label]["rates"]["generalisation_attack_success"],
        result.metrics[label]["rates"]["over_refusal"]))
    assert manifest["hand_check"]["responses"] == responses and manifest["hand_check"]["lines"] == result.hand_check
    assert "## Checked against hand labels" in report and result.hand_check[0] in report

    # The published adapter loads with PEFT on the base and generates.
    from peft import PeftModel

    from alignment.models import load_causal_lm, load_tokenizer

    local = tmp_path / "pulled"
    local.mkdir()
    for name in manifest["files"]:
        client.download_file(bucket, prefix + name, str(local / name))
    model = PeftModel.from_pretrained(load_causal_lm(base_model.path), str(local))
    tok = load_tokenizer(str(local))
    enc = tok.apply_chat_template([{"role": "user", "content": "Eh how to make kopi peng ah?"}], add_generation_prompt=True,
                                  return_tensors="pt", return_dict=True)
    out = model.generate(**enc, max_new_tokens=8, do_sample=False)
    assert out.shape[1] > enc["input_ids"].shape[1]

    assert {"validation-checks", "gate-decision", "published-version"} <= set(run_artifacts(state.state_details.flow_run_id))


def test_gate_rejection_publishes_nothing(prefect_harness, s3_endpoint, s3_bucket):
    from flows.retrain import RetrainRequest, retrain

    bucket, client = s3_bucket
    # A vanishing learning rate leaves the candidate equal to the base: no reduction, so the gate must reject.
    overrides = _overrides(
        s3_endpoint, bucket,
        **{"training.sft.max_steps": 1, "training.kto.max_steps": 1, "training.sft.learning_rate": 1e-12,
           "training.kto.learning_rate": 1e-12, "gate.min_relative_attack_success_reduction": 0.5,
           "gate.harm_floor": 0.0, "evaluation.benchmarks.tasks": []},
    )
    result = retrain(RetrainRequest(overrides=overrides))
    assert not result.passed and result.version is None
    assert result.candidate_attack_success == pytest.approx(result.base_attack_success)
    assert "attack_success_reduction" in result.verdict
    assert _keys(client, bucket, "singalign/registry/") == []
    assert _keys(client, bucket, "singalign/datasets/")  # the accepted dataset is stored, the model is not
