"""Cache entries shared by processes (converted model, judge, classifier, stage adapters, evaluations) are built
once when several processes ask at the same moment, and never seen half-written."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest

from alignment.cache import build_once, write_atomic


def _build(entry: str, log: str) -> None:
    path = Path(entry)

    def build() -> None:
        with open(log, "a") as fh:
            fh.write("built\n")
        time.sleep(0.5)  # a slow build: the other processes arrive while it runs
        write_atomic(path, lambda tmp: tmp.write_text("done"))

    build_once(path, "test entry", path.is_file, build)
    assert path.read_text() == "done"


def test_racing_processes_build_an_entry_once(tmp_path):
    entry, log = tmp_path / "entries" / "x.bin", tmp_path / "builds.log"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_build, args=(str(entry), str(log))) for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    assert log.read_text() == "built\n"


def test_a_failed_write_leaves_no_entry_and_no_temporary_file(tmp_path):
    def broken(tmp: Path) -> None:
        tmp.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_atomic(tmp_path / "x.json", broken)
    assert list(tmp_path.iterdir()) == []
