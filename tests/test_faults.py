"""Fault injection for issue 15: the registry and the CLI under kill -9, concurrent cleanup, duplicate publishers,
tampered and missing files, bad names and bad configs. Each numbered defect of the issue has a test here (named
``test_d<N>_...``); the ones that touch the store run on the local folder and on S3 (moto over HTTP).

Kill -9 tests run the publisher or the promoter in a child process that patches one store call to SIGKILL itself
at the chosen point, so nothing (no ``finally``, no ``except``) runs after it, as with a real kill."""

from __future__ import annotations

import json
import multiprocessing
import os
from unittest import mock
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from alignment.registry import GateNotPassed, Registry, RegistryError, check_name, collect_files, publish_version
from alignment.storage import LocalStore
from tests.helpers import adapter_dir, publish

ROOT = Path(__file__).resolve().parent.parent
FILES_KEY = "registry/m/versions"


# ---------------------------------------------------------------------------------------------------------------
# helpers


def spec(store) -> dict:
    if isinstance(store, LocalStore):
        return {"uri": str(store.root)}
    return {"uri": store.uri, "endpoint_url": store.client.meta.endpoint_url}


def is_s3(store) -> bool:
    return not isinstance(store, LocalStore)


CHILD = r"""
import json, os, shutil, signal, sys
from pathlib import Path
from alignment.config import StoreSettings
from alignment.storage import open_store
from alignment import registry

spec, mode, arg = json.loads(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
store = open_store(StoreSettings(uri=spec["uri"], endpoint_url=spec.get("endpoint_url"), region="us-east-1"))
die = lambda: os.kill(os.getpid(), signal.SIGKILL)

if mode == "kill-after-file":  # SIGKILL once arg["n"] files are uploaded
    real, count = store.put_file, [0]
    def put_file(local, key):
        real(local, key)
        count[0] += 1
        if count[0] == arg["n"]:
            die()
    store.put_file = put_file
elif mode == "kill-during-first-file":
    if hasattr(store, "transfer"):  # S3: multipart in 5 MiB parts; die after two parts are uploaded
        from boto3.s3.transfer import TransferConfig
        store.transfer = TransferConfig(multipart_threshold=5 << 20, multipart_chunksize=5 << 20, max_concurrency=1)
        real, count = store.client.upload_part, [0]
        def upload_part(**kw):
            out = real(**kw)
            count[0] += 1
            if count[0] == 2:
                die()
            return out
        store.client.upload_part = upload_part
    else:  # local: die half-way through copying the first file into its temporary file
        def copy(src, dst, length=0):
            dst.write(src.read(1000))
            dst.flush()
            die()
        shutil.copyfileobj = copy
elif mode in ("kill-after-alias-write", "kill-after-audit-write"):
    real = store.put_bytes
    def put_bytes(key, data, **kw):
        out = real(key, data, **kw)
        if (mode == "kill-after-alias-write" and "/aliases/" in key) or (mode == "kill-after-audit-write"
                                                                         and "/audit/" in key):
            die()
        return out
    store.put_bytes = put_bytes

if arg.get("promote"):
    registry.Registry(store, "m").promote(arg["promote"], "production")
else:
    files = {name: Path(path) for name, path in arg["files"].items()}
    registry.publish_version(store, "m", arg["version"], files, {"gate": {"passed": True}})
print("finished")
"""


def run_child(store, mode: str, **arg) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", CHILD, json.dumps(spec(store)), mode, json.dumps(arg)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    return proc


def files_of(tmp_path: Path, tag: str, big: bool = False) -> dict[str, str]:
    d = adapter_dir(tmp_path, tag)
    if big:  # three 5 MiB parts and a bit: a multipart upload on S3
        (d / "adapter_model.safetensors").write_bytes(os.urandom(1 << 20) * 16)
    return {name: str(path) for name, path in collect_files(d, {}).items()}


def fresh(tmp_path: Path, name: str) -> Path:
    (tmp_path / name).mkdir()
    return tmp_path / name


def leftovers(store) -> list[str]:
    """What a dead upload can leave that the store's listing does not show: .tmp files, multipart uploads."""
    if isinstance(store, LocalStore):
        return [str(p) for p in store.root.rglob(".tmp-*")]
    uploads = store.client.list_multipart_uploads(Bucket=store.bucket).get("Uploads", [])
    return [u["Key"] for u in uploads]


def cli(*args, env=None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "singalign.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "COLUMNS": "220", "PYTHONPATH": str(ROOT), **(env or {})}, timeout=300,
                          **kw)


def store_opts(store) -> tuple[list[str], dict[str, str]]:
    """``--store`` and the environment that let the CLI reach this store."""
    if isinstance(store, LocalStore):
        return ["--store", str(store.root)], {}
    return ["--store", store.uri], {"AWS_ENDPOINT_URL_S3": store.client.meta.endpoint_url}


def clean_failure(proc: subprocess.CompletedProcess, code: int, *needles: str) -> None:
    """Exit ``code``, no traceback, and a message naming what it is about."""
    out = proc.stdout + proc.stderr
    assert proc.returncode == code, out
    assert "Traceback" not in out and 'File "' not in out, out
    for needle in needles:
        assert needle in out, out


# ---------------------------------------------------------------------------------------------------------------
# 1. cleanup during a publish


def _after_first_file(store, monkeypatch, action) -> None:
    """Run ``action`` (an operator's cleanup) once, right after a publish uploads its first file."""
    real, count = store.put_file, [0]

    def put_file(local, key):
        real(local, key)
        count[0] += 1
        if count[0] == 1:
            action()

    monkeypatch.setattr(store, "put_file", put_file)


def test_d1_cleanup_during_a_publish_never_yields_a_broken_version(store, tmp_path, monkeypatch):
    """An operator runs `registry cleanup` while a publish is uploading: the upload is young, so cleanup keeps it,
    and the version that comes out is complete (pull verifies every file)."""
    files = collect_files(adapter_dir(tmp_path, "v1"), {})
    _after_first_file(store, monkeypatch, lambda: Registry(store, "m").cleanup_orphans())  # between two files
    publish_version(store, "m", "v1", files, {"gate": {"passed": True}})
    reg = Registry(store, "m")
    reg.promote("v1")
    _, path = reg.pull("@production", tmp_path / "pulled")
    assert (path / "adapter_model.safetensors").read_bytes() == b"v1" * 1000


def test_d1_forced_cleanup_during_a_publish_aborts_it(store, tmp_path, monkeypatch):
    """Cleanup told that any age is stale removes the running upload; the publisher then must not publish."""
    files = collect_files(adapter_dir(tmp_path, "v1"), {})

    def forced_cleanup():
        assert Registry(store, "m").cleanup_orphans(older_than_s=0) == ["v1"]

    _after_first_file(store, monkeypatch, forced_cleanup)
    with pytest.raises(RegistryError, match="cleanup"):
        publish_version(store, "m", "v1", files, {"gate": {"passed": True}})
    reg = Registry(store, "m")
    assert reg.versions() == []
    with pytest.raises(RegistryError, match="does not exist"):
        reg.promote("v1")


def test_d1_publish_verifies_its_files_before_the_manifest(store, tmp_path, monkeypatch):
    """A file that vanished from the store after its upload (a cleanup by older code, a lifecycle rule, a person)
    stops the publish before the manifest: no listed version with a missing file."""
    files = collect_files(adapter_dir(tmp_path, "v1"), {})
    real = store.put_file

    def put_file(local, key):
        real(local, key)
        if key.endswith("adapter_config.json"):
            store.delete(key)

    monkeypatch.setattr(store, "put_file", put_file)
    with pytest.raises(RegistryError, match="adapter_config.json"):
        publish_version(store, "m", "v1", files, {"gate": {"passed": True}})
    assert Registry(store, "m").versions() == []


def test_d1_kill9_after_the_first_file(store, tmp_path):
    proc = run_child(store, "kill-after-file", version="v1", n=1, files=files_of(tmp_path, "v1"))
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    reg = Registry(store, "m")
    assert reg.versions() == [] and reg.orphans() == ["v1"]
    assert reg.cleanup_orphans() == []  # younger than the stated age: maybe still uploading
    assert reg.cleanup_orphans(older_than_s=0) == ["v1"]
    assert reg.orphans() == [] and list(store.list(f"{FILES_KEY}/v1/")) == []
    with pytest.raises(RegistryError, match="never reused"):  # the id stays taken
        publish(store, fresh(tmp_path, "again"), "v1")


# ---------------------------------------------------------------------------------------------------------------
# 2. two publishers of one version id


def test_d2_duplicate_publishers_cannot_mix_their_files(store, tmp_path, monkeypatch):
    """Publisher B starts first and stalls inside its first upload; A publishes the same id meanwhile; then B goes
    on. Exactly one wins, and the version matches its manifest (pull verifies every checksum)."""
    files = {tag: collect_files(adapter_dir(tmp_path, tag), {}) for tag in ("A", "B")}
    entered, release = threading.Event(), threading.Event()
    real = store.put_file

    def put_file(local, key):
        if threading.current_thread().name == "B":
            entered.set()
            release.wait(10)
        real(local, key)

    monkeypatch.setattr(store, "put_file", put_file)
    results: dict[str, object] = {}

    def run(tag):
        try:
            results[tag] = publish_version(store, "m", "dup", files[tag], {"gate": {"passed": True}})
        except Exception as exc:
            results[tag] = exc

    b = threading.Thread(target=run, args=("B",), name="B")
    b.start()
    entered.wait(10)
    run("A")
    release.set()
    b.join(30)
    winners = [t for t, r in results.items() if not isinstance(r, Exception)]
    assert len(winners) == 1, results
    _, path = Registry(store, "m").pull(":dup", tmp_path / "pulled")  # the published files match the manifest
    assert (path / "adapter_model.safetensors").read_bytes() == winners[0].encode() * 1000
    loser = ({"A", "B"} - set(winners)).pop()
    assert isinstance(results[loser], RegistryError) and "never reused" in str(results[loser])


# ---------------------------------------------------------------------------------------------------------------
# 3. leftovers: .tmp files and multipart uploads


def test_d3_kill9_inside_the_first_file_leaves_nothing_after_cleanup(store, tmp_path):
    proc = run_child(store, "kill-during-first-file", version="v1", files=files_of(tmp_path, "v1", big=True))
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert leftovers(store), "the kill should have left a partial upload behind"
    reg = Registry(store, "m")
    assert reg.versions() == []
    first = reg.cleanup()
    assert first.removed == [] and first.kept == ["v1"]  # young: kept
    if not is_s3(store):  # (moto reports every multipart upload as initiated in 2010, so on S3 it looks stale)
        assert leftovers(store)
    report = reg.cleanup(older_than_s=0)
    assert report.removed == ["v1"] and first.partials + report.partials
    assert leftovers(store) == []


# ---------------------------------------------------------------------------------------------------------------
# 4. rollback and the gate


def test_d4_rollback_does_not_skip_the_gate(store, tmp_path):
    for v, passed in (("good1", True), ("bad", False), ("good2", True)):
        publish(store, tmp_path, v, passed=passed)
    reg = Registry(store, "m")
    reg.promote("good1")
    reg.promote("bad", override=True, reason="incident 7 hotfix")
    reg.promote("good2")
    with pytest.raises(GateNotPassed, match="bad"):
        reg.rollback()
    assert reg.alias("production")["version"] == "good2"
    with pytest.raises(RegistryError, match="reason"):
        reg.rollback(override=True)
    assert reg.rollback(reason="good2 regressed", override=True)["version"] == "bad"
    event = [e for e in reg.history() if e["action"].startswith("rollback")][-1]
    assert event["action"] == "rollback-override" and event["gate_passed"] is False
    assert event["reason"] == "good2 regressed" and event["applied"] is True


# ---------------------------------------------------------------------------------------------------------------
# 5. the gate is a boolean


@pytest.mark.parametrize("value", ["false", "true", 1, None])
def test_d5_a_gate_that_is_not_boolean_true_does_not_pass(store, tmp_path, value):
    publish(store, tmp_path, "v1")
    key = f"{FILES_KEY}/v1/manifest.json"
    manifest = json.loads(store.get_bytes(key))
    manifest["gate"]["passed"] = value
    store.put_bytes(key, json.dumps(manifest).encode())
    reg = Registry(store, "m")
    with pytest.raises(GateNotPassed):
        reg.promote("v1")
    reg.promote("v1", override=True, reason="checked by hand")
    (event,) = [e for e in reg.history() if e["action"].startswith("promote")]
    assert event["gate_passed"] is False and event["action"] == "promote-override"
    with pytest.raises(RegistryError, match="gate.passed"):  # and a publisher cannot write one
        publish_version(store, "m", "v2", collect_files(adapter_dir(tmp_path, "v2"), {}), {"gate": {"passed": value}})


# ---------------------------------------------------------------------------------------------------------------
# 6. every alias move has its audit event


def _seed_two(store, tmp_path) -> Registry:
    for v in ("v1", "v2"):
        publish(store, tmp_path, v)
    reg = Registry(store, "m")
    reg.promote("v1")
    return reg


def test_d6_kill9_right_after_the_alias_moved_still_has_its_event(store, tmp_path):
    reg = _seed_two(store, tmp_path)
    proc = run_child(store, "kill-after-alias-write", promote="v2")
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert reg.alias("production")["version"] == "v2"
    events = [e for e in reg.history() if e["action"] == "promote" and e["version"] == "v2"]
    assert len(events) == 1 and events[0]["applied"] is True and events[0]["previous"] == "v1"


def test_d6_kill9_between_the_event_and_the_swap_moves_nothing(store, tmp_path):
    reg = _seed_two(store, tmp_path)
    proc = run_child(store, "kill-after-audit-write", promote="v2")
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert reg.alias("production")["version"] == "v1"
    (event,) = [e for e in reg.history() if e["action"] == "promote" and e["version"] == "v2"]
    assert event["applied"] is False  # the log says it never happened
    assert reg.promote("v2")["version"] == "v2"  # and the next promotion is not confused by it
    assert [e["applied"] for e in reg.history() if e.get("version") == "v2" and "applied" in e] == [False, True]


def test_d6_a_failed_audit_write_moves_nothing(store, tmp_path, monkeypatch):
    from alignment.storage import StoreError

    reg = _seed_two(store, tmp_path)
    real = store.put_bytes

    def put_bytes(key, data, **kw):
        if "/audit/" in key:
            raise StoreError(f"{key}: disk full")
        return real(key, data, **kw)

    monkeypatch.setattr(store, "put_bytes", put_bytes)
    with pytest.raises(StoreError, match="disk full"):
        reg.promote("v2")
    assert reg.alias("production")["version"] == "v1"


# ---------------------------------------------------------------------------------------------------------------
# 7. pull


def test_d7_a_refused_pull_leaves_the_good_copy_alone(store, tmp_path):
    publish(store, tmp_path, "v1")
    publish(store, tmp_path, "v2")
    reg = Registry(store, "m")
    dest = tmp_path / "serving"
    reg.pull(":v1", dest)
    before = {p.name: p.read_bytes() for p in dest.iterdir()}
    store.put_bytes(f"{FILES_KEY}/v2/adapter_model.safetensors", b"tampered")
    with pytest.raises(RegistryError, match="checksum"):
        reg.pull(":v2", dest)
    assert {p.name: p.read_bytes() for p in dest.iterdir()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".serving")]  # no temporary folder left
    publish(store, fresh(tmp_path, "v3"), "v3")
    reg.pull(":v3", dest)  # a good pull replaces the earlier one whole
    assert json.loads((dest / "manifest.json").read_text())["version"] == "v3"


def test_d7_pull_refuses_a_destination_that_is_a_file_or_holds_other_files(store, tmp_path):
    publish(store, tmp_path, "v1")
    reg = Registry(store, "m")
    (tmp_path / "file").write_text("mine")
    with pytest.raises(RegistryError, match="not a folder"):
        reg.pull(":v1", tmp_path / "file")
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "notes.txt").write_text("mine")
    with pytest.raises(RegistryError, match="other files"):
        reg.pull(":v1", tmp_path / "home")
    assert (tmp_path / "file").read_text() == "mine" and (tmp_path / "home" / "notes.txt").read_text() == "mine"


def test_d7_missing_file_and_bad_manifest_are_registry_errors(store, tmp_path):
    publish(store, tmp_path, "v1")
    publish(store, tmp_path, "v2")
    reg = Registry(store, "m")
    store.delete(f"{FILES_KEY}/v1/adapter_config.json")
    for call in (lambda: reg.pull(":v1", tmp_path / "out"), lambda: reg.promote("v1")):
        with pytest.raises(RegistryError, match="adapter_config.json is missing"):
            call()
    assert not (tmp_path / "out").exists()
    store.put_bytes(f"{FILES_KEY}/v2/manifest.json", b"{not json")
    with pytest.raises(RegistryError, match="not valid JSON"):
        reg.pull(":v2", tmp_path / "out")
    with pytest.raises(RegistryError, match="v2/manifest.json"):
        reg.versions()
    damaged: list[str] = []
    assert [m["version"] for m in reg.versions(damaged)] == ["v1"] and "v2/manifest.json" in damaged[0]


# ---------------------------------------------------------------------------------------------------------------
# 8. names


BAD_NAMES = ["v1\n", "../../etc", "a/b", "", "..", "v 1", "-v"]


@pytest.mark.parametrize("bad", BAD_NAMES)
def test_d8_bad_version_and_alias_names_are_refused(store, tmp_path, bad):
    publish(store, tmp_path, "v1")
    reg = Registry(store, "m")
    with pytest.raises(ValueError, match="invalid"):
        check_name("alias", bad)
    with pytest.raises(ValueError, match="invalid alias"):
        reg.promote("v1", bad)
    with pytest.raises(ValueError, match="invalid version"):
        reg.promote(bad)
    assert reg.aliases() == {}
    assert not [k for k in store.list("registry/") if "\n" in k]


def test_d8_the_cli_exits_2_on_bad_names(store, tmp_path):
    publish(store, tmp_path, "v1")
    opts, env = store_opts(store)
    for args in (["promote", "m", "v1", "--alias", "v1\n"], ["promote", "m", "../../etc"], ["promote", "m", "a/b"],
                 ["promote", "m", ""], ["promote", "m", "v1", "--alias", ".."], ["pull", "m:..", str(tmp_path / "o")]):
        clean_failure(cli("registry", *args, *opts, env=env), 2, "invalid")


# ---------------------------------------------------------------------------------------------------------------
# 9. no tracebacks from the CLI


def test_d9_store_faults_in_the_cli(store, tmp_path):
    publish(store, tmp_path, "v1")
    publish(store, tmp_path, "v2")
    opts, env = store_opts(store)
    (tmp_path / "a-file").write_text("x")
    clean_failure(cli("registry", "pull", "m:v1", str(tmp_path / "a-file"), *opts, env=env), 1, "a-file",
                  "not a folder")
    store.delete(f"{FILES_KEY}/v1/adapter_config.json")
    clean_failure(cli("registry", "pull", "m:v1", str(tmp_path / "out"), *opts, env=env), 1,
                  "adapter_config.json is missing")
    store.put_bytes(f"{FILES_KEY}/v2/manifest.json", b"\xff not json")
    clean_failure(cli("registry", "pull", "m:v2", str(tmp_path / "out"), *opts, env=env), 1,
                  "v2/manifest.json", "not valid JSON")
    listing = cli("registry", "list", "m", *opts, env=env)
    clean_failure(listing, 1, "v2/manifest.json", "not valid JSON")
    assert "v1" in listing.stdout  # the readable versions are still listed


def test_d9_s3_endpoint_faults_in_the_cli(s3_endpoint, tmp_path):
    env = {"AWS_ENDPOINT_URL_S3": s3_endpoint}
    clean_failure(cli("registry", "list", "m", "--store", "s3://no-such-bucket-15", env=env), 1,
                  "no-such-bucket-15", "does not exist")
    clean_failure(cli("registry", "list", "m", "--store", "s3://", env=env), 1, "no bucket")
    clean_failure(cli("validate", "s3://", env=env), 1, "no bucket")
    clean_failure(cli("registry", "list", "m", "--store", "s3://b",
                      env={"AWS_ENDPOINT_URL_S3": "http://127.0.0.1:9", "AWS_MAX_ATTEMPTS": "1"}), 1,
                  "cannot reach", "endpoint_url")


def test_d9_config_faults_in_the_cli(tmp_path):
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b"model_name: caf\xe9\n")
    clean_failure(cli("registry", "list", "m", "--config", str(bad)), 2, str(bad), "UTF-8")
    clean_failure(cli("validate", "data/train", "--set", "key=[1"), 2, "--set key", "not valid YAML")
    clean_failure(cli("registry", "list", "m", "--config", str(tmp_path)), 2, str(tmp_path))


def test_d9_validate_on_a_file_it_may_not_read(tmp_path):
    data = tmp_path / "in" / "batch.jsonl"
    data.parent.mkdir()
    data.write_text(json.dumps({"id": "r1"}) + "\n")
    data.chmod(0)
    kw = {}
    if os.geteuid() == 0:  # root reads anything: run the check as nobody, as an ordinary operator would
        kw["user"] = 65534
        tmp_path.chmod(0o755)
        for p in (tmp_path / "in", tmp_path):
            p.chmod(0o777)
    env = {"SINGALIGN_CACHE": str(tmp_path / "cache"), "HOME": str(tmp_path), "PREFECT_HOME": str(tmp_path / "pf")}
    try:
        proc = cli("validate", str(data), env=env, **kw)
    except PermissionError:  # this Python lives where only root may run it (e.g. under /root)
        pytest.skip("running as root, and no other user may run this Python: covered in-process below")
    clean_failure(proc, 1, str(data), "permission denied")


def test_d9_unreadable_paths_are_findings_not_exceptions(tmp_path, monkeypatch):
    """In process, for when the CLI cannot be run as an ordinary user: what os.access refuses is a finding that
    names the path, and the batch is invalid (exit 1), instead of a PermissionError from open()."""
    from typer.testing import CliRunner

    from singalign.cli import app

    data = tmp_path / "batch.jsonl"
    data.write_text(json.dumps({"id": "r1"}) + "\n")
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if str(p) == str(data) else real(p, mode, **kw))
    result = CliRunner().invoke(app, ["validate", str(data)])
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{data}: permission denied" in result.output


def test_d9_model_and_training_setup_errors_in_retrain_and_evaluate(tmp_path):
    env = {"SINGALIGN_CACHE": str(tmp_path / "cache")}
    clean_failure(cli("evaluate", "--adapter", "production", "--set", "scorer.encoder=/nonexistent/encoder", env=env),
                  1, "/nonexistent/encoder")
    clean_failure(cli("retrain", "--set", "base_model.id=/nonexistent/base", env=env), 1, "/nonexistent/base")
    clean_failure(cli("retrain", "--set", "training.quantization=4bit", "--set", "training.device=cpu", env=env), 1,
                  "training.quantization")
    # found inside the flow, after validation, before any training: one message, no Prefect traceback (the shared
    # cache, so the base model is not converted again)
    clean_failure(cli("retrain", "--set", "training.kto.sources=[nope]"), 1,
                  "training.kto.sources: no row of the dataset has source 'nope'")


# ---------------------------------------------------------------------------------------------------------------
# 10. personal data fails the check


def _pii_batch(tmp_path: Path) -> Path:
    from tests.helpers import GOOD, UNDESIRABLE, row, write

    rows = [row(id=f"g{i}", prompt=f"{GOOD['prompt']} ({i})") for i in range(4)]
    rows += [{**UNDESIRABLE, "id": f"u{i}", "prompt": f"{UNDESIRABLE['prompt']} ({i})"} for i in range(3)]
    rows.append(row(id="pii", prompt="Eh help me lah (pii)",
                    completion="My IC S1234567D, call 9123 4567 or email ah.beng@example.com.sg lah"))
    return write(tmp_path, *rows)


def test_d10_validate_fails_on_rows_to_quarantine_unless_quarantine(prefect_harness, tmp_path):
    """The check as a real process; the storing runs in process against the harness's Prefect server (the same
    command and flow, without booting a server per call)."""
    from typer.testing import CliRunner

    from singalign.cli import app

    batch = _pii_batch(tmp_path)
    env = {"SINGALIGN_CACHE": str(tmp_path / "cache")}
    store = ["--set", f"store.uri={tmp_path / 'store'}"]
    checked = cli("validate", str(batch), *store, env=env)
    clean_failure(checked, 1, "--quarantine", "quarantine")
    assert "S1234567D" not in checked.stdout + checked.stderr
    with mock.patch.dict(os.environ):  # the CLI's environment defaults stay inside this test
        refused = CliRunner().invoke(app, ["validate", str(batch), "--accept", *store], env=env)
        assert refused.exit_code == 1 and "--quarantine" in refused.output, refused.output
        assert refused.exception is None or isinstance(refused.exception, SystemExit), refused.exception
        assert "S1234567D" not in refused.output
        assert not [p for p in (tmp_path / "store").rglob("*") if p.is_file()]  # nothing was written
        accepted = CliRunner().invoke(app, ["validate", str(batch), "--quarantine", "--json", *store], env=env)
    assert accepted.exit_code == 0, accepted.output
    assert json.loads(accepted.stdout)["quarantined_records"] == 1


# ---------------------------------------------------------------------------------------------------------------
# 11. the smaller ones


def test_d11_config_errors_are_short_exact_and_name_their_source(tmp_path):
    from alignment.config import ConfigError, load_config

    bomb = tmp_path / "bomb.yaml"  # 9^6 values from 6 lines: each level lists the one before nine times
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, cur in zip("abcde", "bcdef"):
        lines.append(f"{cur}: &{cur} [" + ", ".join(f"*{prev}" for _ in range(9)) + "]")
    bomb.write_text("\n".join(lines) + "\nmodel_name: *f\n")
    assert len(bomb.read_bytes()) < 400
    with pytest.raises(ConfigError) as exc:
        load_config(bomb)
    assert len(str(exc.value)) < 1000 and str(bomb) in str(exc.value)

    dup = tmp_path / "dup.yaml"
    dup.write_text("training:\n  seed: 1\n  seed: 2\n")
    with pytest.raises(ConfigError, match="duplicate key 'seed' at line 3"):
        load_config(dup)

    good = tmp_path / "configs" / "ok.yaml"
    good.parent.mkdir()
    good.write_text("training:\n  seed: 1\n")
    with pytest.raises(ConfigError) as exc:
        load_config(good, ["training.lora.r=12"])
    assert "--set training.lora.r" in str(exc.value) and str(good) not in str(exc.value)


def test_d11_data_folders_symlinks_fifos_loops(tmp_path):
    from alignment.data.incoming import discover

    real = tmp_path / "real"
    real.mkdir()
    (real / "b.jsonl").write_text("{}\n")
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.jsonl").write_text("{}\n")
    (data / "linked").symlink_to(real)
    (data / "again").symlink_to(data)  # a loop through a folder: walked once
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.jsonl"
    loop.symlink_to(loop)
    files, findings = discover([data, fifo, loop])
    assert sorted(f.name for f in files) == ["a.jsonl", "b.jsonl"]
    rules = {f.file: f.rule for f in findings}
    assert "FIFO" in rules[str(fifo)] and "symlink loop" in rules[str(loop)]
    assert not [r for r in rules.values() if "does not exist" in r or "holds no data" in r]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_d11_alias_history_limit_is_stated(store, tmp_path, monkeypatch):
    from alignment import registry

    monkeypatch.setattr(registry, "HISTORY_LIMIT", 2, raising=False)
    for v in ("v1", "v2", "v3", "v4"):
        publish(store, tmp_path, v)
    reg = Registry(store, "m")
    for v in ("v1", "v2", "v3", "v4"):
        reg.promote(v)
    pointer = reg.alias("production")
    assert pointer["history"] == ["v2", "v3"] and pointer["history_limit"] == 2 and pointer["history_dropped"] == 1
    reg.rollback()
    reg.rollback()
    with pytest.raises(RegistryError, match="1 older one"):
        reg.rollback()


def test_d11_the_local_store_fsyncs(tmp_path, monkeypatch):
    calls = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append(fd), real(fd))[1])
    store = LocalStore(tmp_path / "store")
    store.put_bytes("a/b.json", b"{}", if_absent=True)
    assert len(calls) >= 2  # the file before its rename, the folder after


# ---------------------------------------------------------------------------------------------------------------
# The concurrency result still holds with the audit intent in front of the swap: 30 processes on S3.


def _promote_in_child(store_spec: dict, version: str, start) -> None:
    from alignment.config import StoreSettings
    from alignment.storage import open_store

    store = open_store(StoreSettings(uri=store_spec["uri"], endpoint_url=store_spec["endpoint_url"],
                                     region="us-east-1"))  # a client of its own, made after the fork
    reg = Registry(store, "m")
    start.wait(240)
    reg.promote(version, "production")


def test_thirty_concurrent_promotion_processes_on_s3(s3_endpoint, s3_bucket, tmp_path):
    from alignment.config import StoreSettings
    from alignment.storage import open_store
    from tests.helpers import assert_no_lost_update

    bucket, _ = s3_bucket
    store = open_store(StoreSettings(uri=f"s3://{bucket}/c30", endpoint_url=s3_endpoint, region="us-east-1"))
    versions = [f"c{i:02d}" for i in range(30)]
    for v in versions:
        publish(store, tmp_path, v)
    # spawn, not fork: after other tests have started threads (torch, Prefect, moto) in this process, forked
    # children failed in the full suite though the test passed alone
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=_promote_in_child, args=(spec(store), v, start)) for v in versions]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(300)
    assert [p.exitcode for p in procs] == [0] * len(versions)
    assert_no_lost_update(Registry(store, "m"), versions)
