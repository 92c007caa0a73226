"""Taking batches in: nothing bad gets in, nothing good gets lost, every accepted batch is versioned and
compared against the last one (Evidently), through the library, the CLI and the Prefect flow."""

import hashlib
import json
import os
from unittest import mock
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from alignment.config import load_config
from alignment.data.intake import InvalidBatch, accept_batch
from alignment.storage import LocalStore
from tests.helpers import GOOD, UNDESIRABLE, row, run_artifacts, write

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "configs" / "demo.yaml"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def checksums(folder: Path) -> dict[str, str]:
    return {str(p): sha(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def mixed_batch(folder: Path) -> Path:
    """Two files: 8 good records (one paired), 2 hard failures, 1 with personal data, 1 invalid JSON line."""
    folder.mkdir(parents=True, exist_ok=True)
    good = [row(id=f"g{i}", prompt=f"Eh where got nice laksa near block {i} ah?", label=i % 2 == 0) for i in range(7)]
    pair = {"id": "p1", "prompt": "Teach me scold people lah", "chosen": "Cannot lah, talk nicely can?",
            "rejected": "Okay, call him stupid", "category": "harassment", "source": "t"}
    write(folder, *good[:4], row(id="bad1", label="yes"), pair, name="a.jsonl")
    write(folder, *good[4:], row(id="pii", completion="Call my hp 9123 4567 lah"), row(id="bad2", prompt="Wah the weather so hot", category="spam"),
          '{"id": "broken", ', name="b.jsonl")
    return folder


def cfg_for(tmp_path, **overrides):
    return load_config(DEMO, {"store.uri": str(tmp_path / "store"), **overrides})


def test_by_default_a_batch_with_hard_failures_is_rejected_whole_and_nothing_is_written(tmp_path):
    batch = mixed_batch(tmp_path / "in")
    before = checksums(batch)
    with pytest.raises(InvalidBatch) as info:
        accept_batch(cfg_for(tmp_path), [batch], LocalStore(tmp_path / "store"), tmp_path / "cache")
    assert "3 record(s) with hard failures" in info.value.reason and "--quarantine" in info.value.reason
    assert not (tmp_path / "store").exists() or not any((tmp_path / "store").rglob("*.json*"))
    assert checksums(batch) == before


def test_quarantine_accounts_for_every_record(tmp_path):
    batch = mixed_batch(tmp_path / "in")
    before = checksums(batch)
    store = LocalStore(tmp_path / "store")
    intake = accept_batch(cfg_for(tmp_path), [batch], store, tmp_path / "cache", quarantine=True)

    assert checksums(batch) == before  # inputs untouched
    assert (intake.input_records, intake.accepted_records, intake.quarantined_records) == (12, 8, 4)
    assert intake.dataset.rows == 9  # the paired record gives two rows

    quarantined = [json.loads(l) for l in store.get_bytes(f"quarantine/{intake.batch_id}/rows.jsonl").splitlines()]
    where = {(Path(q["file"]).name, q["line"]): q for q in quarantined}
    assert set(where) == {("a.jsonl", 5), ("b.jsonl", 4), ("b.jsonl", 5), ("b.jsonl", 6)}
    assert "personal data" in where[("b.jsonl", 4)]["reasons"][0]["rule"]
    assert where[("b.jsonl", 6)]["raw"] == '{"id": "broken", '  # the original text is kept, byte for byte
    assert json.loads(where[("a.jsonl", 5)]["raw"])["label"] == "yes"

    accepted = pd.read_parquet(intake.dataset.local_path)
    accepted_records = {(i.split("#")[0]) for i in accepted["id"]}
    quarantined_ids = {json.loads(q["raw"])["id"] for q in quarantined if q["raw"].endswith("}")}
    assert not accepted_records & quarantined_ids and len(accepted_records) + len(quarantined) == 12

    manifest = json.loads(store.get_bytes(f"datasets/{intake.dataset.sha256}/manifest.json"))
    assert manifest["counts"]["rows"] == 9 and manifest["quarantined_records"] == 4
    assert {s["path"]: s["sha256"] for s in manifest["sources"]} == before
    assert manifest["suites"] == {"incoming_rows": "2.0.0", "incoming_batch": "1.0.0"}
    assert manifest["counts"]["by_category_label"]["benign/desirable"] == 4


def test_personal_data_is_set_aside_even_without_quarantine(tmp_path):
    batch = write(tmp_path, GOOD, UNDESIRABLE, row(id="r9", prompt="my email is a.b@c.com lah", label=False))
    intake = accept_batch(cfg_for(tmp_path), [batch], LocalStore(tmp_path / "store"), tmp_path / "cache")
    assert (intake.accepted_records, intake.quarantined_records) == (2, 1)


def test_batch_level_failures_reject_even_with_quarantine(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.jsonl").write_bytes(b"")
    write(tmp_path / "in", GOOD, UNDESIRABLE)
    with pytest.raises(InvalidBatch, match="empty file"):
        accept_batch(cfg_for(tmp_path), [tmp_path / "in"], LocalStore(tmp_path / "store"), tmp_path / "cache",
                     quarantine=True)


def _drifted(tmp_path) -> Path:
    """A batch unlike the bundled data: standard English, only benign, long completions."""
    rows = [{"id": f"n{i}", "prompt": f"Could you please summarise chapter {i} of the employee handbook?",
             "completion": "Certainly. The chapter explains the leave policy, the claims process and the code of "
                           f"conduct expected of staff in department {i}. " * 3,
             "label": i % 3 != 0, "category": "benign", "source": "new-vendor"} for i in range(120)]
    return write(tmp_path, *rows, name="drifted.jsonl")


def test_drift_report_against_the_last_accepted_dataset(tmp_path):
    store = LocalStore(tmp_path / "store")
    cfg = cfg_for(tmp_path, **{"data.drift.sample_rows": 120})
    first = accept_batch(cfg, [ROOT / "data" / "train"], store, tmp_path / "cache")
    assert first.drift is None  # nothing to compare with yet

    second = accept_batch(cfg, [_drifted(tmp_path)], store, tmp_path / "cache")
    drift = second.drift
    assert drift is not None and drift.reference_sha256 == first.dataset.sha256
    assert {"prompt", "completion", "category", "label", "singlish_particles_per_100_words",
            "prompt_length"} <= set(drift.columns)
    assert {"category", "prompt", "singlish_particles_per_100_words"} <= set(drift.drifted_columns)
    assert drift.warning and any(w.field == "(drift)" for w in second.warnings)
    key = f"datasets/{second.dataset.sha256}"
    assert store.exists(f"{key}/drift.html") and store.exists(f"{key}/drift.json")
    assert b"<html" in store.get_bytes(f"{key}/drift.html")[:2000].lower()
    manifest = json.loads(store.get_bytes(f"{key}/manifest.json"))
    assert manifest["reference_sha256"] == first.dataset.sha256 and manifest["drift"]["warning"] is True


# --- the CLI: each malformed file gives a message naming file and line, exit 1, no traceback, inputs unchanged ---

MALFORMED = {
    "invalid_json.jsonl": (b'{"id": "a", "prompt": \n', ":1: invalid JSON"),
    "truncated.jsonl": (json.dumps(GOOD).encode() + b"\n" + json.dumps(UNDESIRABLE).encode()[:-9], ":2: invalid JSON (truncated"),
    "latin1.jsonl": ('{"id": "a", "prompt": "caf\u00e9"}\n'.encode("latin-1"), ":1: not valid UTF-8"),
    "empty.jsonl": (b"", ": empty file"),
    "table.jsonl": (b"id,prompt,completion,label\nr1,hi,hello,true\n", ":1: invalid JSON"),
    "binary.jsonl": (b"\x00\x01\x02\x03\xff\xfe", ":1: binary content"),
    "array.jsonl": (json.dumps([GOOD]).encode() + b"\n", ":1: a JSON array"),
    "nested.jsonl": (json.dumps(row(prompt={"text": "hi"})).encode() + b"\n", ":1 field 'prompt': required field, must be a JSON string (got 'object')"),
    "bool_as_number.jsonl": (json.dumps(row(label=1)).encode() + b"\n", ":1 field 'label': required field, must be a JSON boolean (true or false) (got 'number')"),
    "bool_as_string.jsonl": (json.dumps(row(label="false")).encode() + b"\n", "(got 'string')"),
    "path_id.jsonl": (json.dumps(row(id="../../x")).encode() + b"\n", ":1 field 'id': id must be 1-128"),
    "huge.jsonl": (json.dumps(row(completion="x" * 5_000_000)).encode() + b"\n", ":1: line longer than 1000000 bytes"),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_cli_names_the_problem_of_each_malformed_file(tmp_path, name):
    from singalign.cli import app

    content, expected = MALFORMED[name]
    path = tmp_path / name
    path.write_bytes(content)
    before = sha(path)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    assert str(path) in result.output and expected in result.output, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert sha(path) == before


def test_cli_on_a_folder_without_data_files(tmp_path):
    from singalign.cli import app

    (tmp_path / "README.txt").write_text("no data here")
    result = CliRunner().invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 1 and f"{tmp_path}: directory holds no data files" in result.output


def _singalign(*args, env=None):
    return subprocess.run([sys.executable, "-m", "singalign.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "COLUMNS": "220", **(env or {})})


def test_cli_validate_quarantine_and_json(prefect_harness, tmp_path):
    """The check runs as a real process (its exit code and stderr are what a shell sees); the storing runs go
    through the same command in process, against the test harness's Prefect server instead of booting one each."""
    from singalign.cli import app

    batch = mixed_batch(tmp_path / "in")
    before = checksums(batch)
    env = {"SINGALIGN_CACHE": str(tmp_path / "cache")}
    store = ["--set", f"store.uri={tmp_path / 'store'}"]

    check = _singalign("validate", str(batch), "--json", *store, env=env)
    assert check.returncode == 1 and "Traceback" not in check.stderr
    report = json.loads(check.stdout)
    assert report["ok"] is False and report["counts"] == {"errors": 3, "quarantine": 1, "warnings": 1}  # KTO balance
    assert not (tmp_path / "store").exists()  # a plain check writes nothing

    with mock.patch.dict(os.environ):  # the CLI's environment defaults stay inside this test
        rejected = CliRunner().invoke(app, ["validate", str(batch), "--accept", *store], env=env)
        assert rejected.exit_code == 1 and "Nothing was written" in rejected.stderr, rejected.output
        assert rejected.exception is None or isinstance(rejected.exception, SystemExit), rejected.exception
        assert not [p for p in (tmp_path / "store").rglob("*") if p.is_file()]  # nothing was written
        accepted = CliRunner().invoke(app, ["validate", str(batch), "--quarantine", "--json", *store], env=env)
    assert accepted.exit_code == 0, accepted.output
    out = json.loads(accepted.stdout)
    assert (out["input_records"], out["accepted_records"], out["quarantined_records"]) == (12, 8, 4)
    assert Path(out["quarantine_uri"], "rows.jsonl").is_file()
    assert checksums(batch) == before


def test_validate_flow_from_s3_publishes_artifacts_and_the_accepted_event(prefect_harness, s3_endpoint, s3_bucket,
                                                                         tmp_path, asserting_and_emitting_events_worker):
    from flows.validate import ACCEPTED_EVENT, validate

    bucket, client = s3_bucket
    for path in sorted((ROOT / "data" / "train").glob("*.jsonl")):
        client.upload_file(str(path), bucket, f"incoming/2026-11-24/{path.name}")
    client.upload_file(str(_drifted(tmp_path)), bucket, "incoming/2026-11-25/drifted.jsonl")
    overrides = {"store.uri": f"s3://{bucket}/store", "store.endpoint_url": s3_endpoint,
                 "store.region": "us-east-1", "data.drift.sample_rows": 120}

    first = validate([f"s3://{bucket}/incoming/2026-11-24"], overrides=overrides)
    # every row of the uploaded files: single rows once, preference pairs as two rows
    expected = sum(2 if "chosen" in json.loads(line) else 1 for path in (ROOT / "data" / "train").glob("*.jsonl")
                   for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    assert first["accepted_rows"] == expected and first["drift_report"] is None
    state = validate([f"s3://{bucket}/incoming/2026-11-25/"], overrides=overrides, return_state=True)
    second = state.result()
    assert second["drift_report"] == f"s3://{bucket}/store/datasets/{second['dataset_sha256']}/drift.html"

    by_key = run_artifacts(state.state_details.flow_run_id)
    assert {"validation-checks", "validation-summary", "drift-report"} <= set(by_key)
    assert second["drift_report"] in by_key["drift-report"].data
    checks = json.loads(by_key["validation-checks"].data)
    assert any(r["check"].startswith("leakage") and r["result"] == "pass" for r in checks)

    asserting_and_emitting_events_worker.drain()
    events = [e for e in asserting_and_emitting_events_worker._client.events if e.event == ACCEPTED_EVENT]
    assert [e.payload["dataset_sha256"] for e in events] == [first["dataset_sha256"], second["dataset_sha256"]]
    assert events[0].resource.id == f"singalign.dataset.{first['dataset_sha256']}"


def test_cli_accept_runs_the_validate_flow_and_emits_the_accepted_event(prefect_harness, tmp_path,
                                                                       asserting_and_emitting_events_worker):
    """`singalign validate --accept` takes the flow's path: the batch is stored and the dataset-accepted event that
    starts event-triggered retraining is emitted, naming the config the batch was validated with."""
    from flows.validate import ACCEPTED_EVENT
    from singalign.cli import app

    store = ["--set", f"store.uri={tmp_path / 'store'}"]
    rejected = CliRunner().invoke(app, ["validate", str(write(tmp_path, GOOD, row(id="r2", label="yes"), name="bad.jsonl")),
                                        "--accept", "--json", *store])
    assert rejected.exit_code == 1 and json.loads(rejected.stdout)["accepted"] is False, rejected.output
    result = CliRunner().invoke(app, ["validate", str(write(tmp_path, GOOD, UNDESIRABLE, name="good.jsonl")), "--accept",
                                      "--json", *store])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["accepted"] is True and out["report"]["ok"] is True
    assert LocalStore(tmp_path / "store").exists(f"datasets/{out['dataset_sha256']}/manifest.json")

    asserting_and_emitting_events_worker.drain()
    events = [e for e in asserting_and_emitting_events_worker._client.events if e.event == ACCEPTED_EVENT]
    assert [e.payload["dataset_sha256"] for e in events] == [out["dataset_sha256"]]  # none for the rejected batch
    assert events[0].payload["config_path"] == str(DEMO)
    assert events[0].resource.id == f"singalign.dataset.{out['dataset_sha256']}"


from prefect.testing.fixtures import asserting_and_emitting_events_worker  # noqa: E402,F401  (a pytest fixture)
