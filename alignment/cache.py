"""Content-addressed cache entries built once, even by processes racing for them.

Two retrain runs (a schedule and an event), two CLI calls or two test workers can ask for the same converted
model, judge, classifier or stage adapter at the same moment. ``building(path)`` holds an inter-process file lock
(``filelock``) while one of them builds; the others wait, then find the entry and reuse it. Entries are written
under a temporary name and renamed into place (``write_atomic``), so a reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import Callable, Iterator

log = logging.getLogger(__name__)


@contextlib.contextmanager
def building(path: Path, what: str) -> Iterator[None]:
    """Hold a lock on ``path`` while building it; check again for the entry inside, another process may have
    built it while this one waited. Lock files live in a ``.locks`` folder beside the entries, out of listings."""
    from filelock import FileLock, Timeout

    locks = path.parent / ".locks"
    locks.mkdir(parents=True, exist_ok=True)
    lock = FileLock(locks / f"{path.name}.lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        log.info("%s: another process is building %s; waiting for it", what, path)
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def build_once(path: Path, what: str, done: Callable[[], bool], build: Callable[[], None]) -> None:
    """``build()`` unless ``done()``: checked, then checked again under ``building(path)``."""
    if done():
        return
    with building(path, what):
        if not done():
            build()


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """``write(tmp)`` then rename ``tmp`` to ``path`` (same folder, so the rename is atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
