"""The model registry over a local folder and over S3 (HTTP to a moto server on 127.0.0.1)."""

import threading

import pytest

from alignment.registry import GateNotPassed, Registry, RegistryError, check_name, collect_files, publish_version
from alignment.storage import LocalStore, StoreError
from tests.helpers import adapter_dir, assert_no_lost_update, publish


def test_versions_are_immutable(store, tmp_path):
    publish(store, tmp_path, "v1")
    (tmp_path / "again").mkdir()
    with pytest.raises(StoreError, match="immutable"):
        publish(store, tmp_path / "again", "v1")
    assert [m["version"] for m in Registry(store, "m").versions()] == ["v1"]


def test_a_publish_killed_between_files_leaves_no_version(store, tmp_path, monkeypatch):
    files = collect_files(adapter_dir(tmp_path, "v2"), {})
    calls = {"n": 0}
    real_put = store.put_file

    def dying_put(local, key):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt("killed mid-upload")
        real_put(local, key)

    monkeypatch.setattr(store, "put_file", dying_put)
    with pytest.raises(KeyboardInterrupt):
        publish_version(store, "m", "v2", files, {"gate": {"passed": True}})
    reg = Registry(store, "m")
    assert reg.versions() == [] and reg.orphans() == ["v2"]
    with pytest.raises(RegistryError, match="does not exist"):
        reg.promote("v2")
    assert reg.cleanup_orphans() == [] and reg.orphans() == ["v2"]  # too young: it may still be uploading
    assert reg.cleanup_orphans(older_than_s=0) == ["v2"] and reg.orphans() == []


def test_pull_verifies_checksums(store, tmp_path):
    publish(store, tmp_path, "v1")
    reg = Registry(store, "m")
    reg.promote("v1", "production")
    version, path = reg.pull("@production", tmp_path / "pulled")
    assert version == "v1" and (path / "adapter_model.safetensors").read_bytes() == b"v1" * 1000
    store.put_bytes("registry/m/versions/v1/adapter_model.safetensors", b"tampered")
    with pytest.raises(RegistryError, match="checksum"):
        reg.pull(":v1", tmp_path / "pulled2")


def test_promotion_needs_a_passed_gate_or_a_recorded_override(store, tmp_path):
    publish(store, tmp_path, "bad", passed=False)
    reg = Registry(store, "m")
    with pytest.raises(GateNotPassed):
        reg.promote("bad", "production")
    with pytest.raises(RegistryError, match="reason"):
        reg.promote("bad", "production", override=True)
    reg.promote("bad", "production", override=True, reason="hotfix approved by safety lead")
    (event,) = [e for e in reg.history() if e["action"].startswith("promote")]
    assert event["action"] == "promote-override" and event["reason"] == "hotfix approved by safety lead"
    assert event["gate_passed"] is False


def test_rollback_returns_to_the_previous_version(store, tmp_path):
    for v in ("v1", "v2", "v3"):
        publish(store, tmp_path, v)
    reg = Registry(store, "m")
    for v in ("v1", "v2", "v3"):
        reg.promote(v)
    assert reg.rollback()["version"] == "v2"
    assert reg.rollback()["version"] == "v1"
    with pytest.raises(RegistryError, match="no earlier version"):
        reg.rollback()
    actions = [(e["action"], e.get("version")) for e in reg.history()]
    assert actions[-2:] == [("rollback", "v2"), ("rollback", "v1")]


def test_ten_concurrent_promotions_lose_nothing(store, tmp_path):
    versions = [f"c{i}" for i in range(10)]
    for v in versions:
        publish(store, tmp_path, v)
    reg = Registry(store, "m")
    errors = []

    def go(v):
        try:
            Registry(store, "m").promote(v, "production")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(v,)) for v in versions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert_no_lost_update(reg, versions)


def test_names_are_validated():
    for bad in ("../x", "a/b", "", "x" * 101, "a..b"):
        with pytest.raises(ValueError):
            check_name("model name", bad)
    assert check_name("alias", "production") == "production"


def test_a_pulled_adapter_loads_with_peft_and_generates(base_model, tmp_path):
    from peft import PeftModel, get_peft_model

    from alignment.config import LoraSettings
    from alignment.models import load_causal_lm, load_tokenizer
    from alignment.training.lora import lora_config

    model = get_peft_model(load_causal_lm(base_model.path), lora_config(LoraSettings()))
    src = tmp_path / "adapter"
    model.save_pretrained(src)
    load_tokenizer(base_model.path).save_pretrained(src)
    store = LocalStore(tmp_path / "store")
    publish_version(store, "m", "v1", collect_files(src, {}), {"gate": {"passed": True}})
    reg = Registry(store, "m")
    reg.promote("v1")
    _, path = reg.pull("@production", tmp_path / "pulled")
    pulled = PeftModel.from_pretrained(load_causal_lm(base_model.path), str(path))
    tok = load_tokenizer(str(path))
    enc = tok("Eh hello", return_tensors="pt")
    assert pulled.generate(**enc, max_new_tokens=4, do_sample=False).shape[1] > enc["input_ids"].shape[1]
