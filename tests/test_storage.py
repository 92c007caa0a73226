"""Both store backends behind one interface; S3 over HTTP to a moto server on 127.0.0.1."""

import pytest

from alignment.storage import AlreadyExists, StoreError


def test_round_trip_list_and_exists(store, tmp_path):
    f = tmp_path / "f.bin"
    f.write_bytes(b"x" * 1000)
    store.put_file(f, "a/b/f.bin")
    store.put_bytes("a/c.json", b"{}")
    assert store.get_bytes("a/b/f.bin") == b"x" * 1000
    assert store.exists("a/c.json") and not store.exists("a/zzz")
    assert sorted(store.list("a/")) == ["a/b/f.bin", "a/c.json"]
    store.download("a/b/f.bin", tmp_path / "out" / "f.bin")
    assert (tmp_path / "out" / "f.bin").read_bytes() == b"x" * 1000


def test_create_only_write_never_overwrites(store):
    store.put_bytes("k.json", b"1", if_absent=True)
    with pytest.raises(AlreadyExists):
        store.put_bytes("k.json", b"2", if_absent=True)
    assert store.get_bytes("k.json") == b"1"


def test_missing_key_and_bad_keys(store):
    with pytest.raises(StoreError, match="not found"):
        store.get_bytes("nope.json")
    for key in ("../x", "/abs", "a//b", "a/./b"):
        with pytest.raises(StoreError, match="invalid store key"):
            store.put_bytes(key, b"")
