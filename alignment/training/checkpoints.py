"""Resumable checkpoints: each one the trainer saves is copied to the store, and a rerun resumes from the newest."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transformers import TrainerCallback

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Checkpointing:
    """Where a stage's checkpoints go in the store: ``<prefix>/checkpoint-<step>/…`` and ``<prefix>/latest.json``."""

    store: Any
    prefix: str


class CheckpointUploader(TrainerCallback):
    """Copy each checkpoint the trainer saves to the store; ``latest.json`` is written after its files, so it only
    ever names a complete checkpoint."""

    def __init__(self, checkpointing: Checkpointing):
        self.ckpt = checkpointing

    def on_save(self, args, state, control, **kwargs):
        if not state.is_world_process_zero:
            return
        folder = Path(args.output_dir) / f"checkpoint-{state.global_step}"
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            self.ckpt.store.put_file(path, f"{self.ckpt.prefix}/{folder.name}/{path.relative_to(folder).as_posix()}")
        self.ckpt.store.put_bytes(f"{self.ckpt.prefix}/latest.json",
                                  json.dumps({"step": state.global_step, "folder": folder.name}).encode())
        log.info("checkpoint at step %d saved to %s", state.global_step, self.ckpt.store.url(self.ckpt.prefix))


def resume_point(output_dir: Path, checkpointing: Checkpointing | None) -> str | None:
    """The newest complete checkpoint of this stage: local if present, else downloaded from the store."""
    from transformers.trainer_utils import get_last_checkpoint

    local = get_last_checkpoint(str(output_dir)) if output_dir.is_dir() else None
    local_step = int(local.rsplit("-", 1)[-1]) if local else -1
    if checkpointing is None or not checkpointing.store.exists(f"{checkpointing.prefix}/latest.json"):
        return local
    latest = json.loads(checkpointing.store.get_bytes(f"{checkpointing.prefix}/latest.json"))
    if latest["step"] <= local_step:
        return local
    target = output_dir / latest["folder"]
    prefix = f"{checkpointing.prefix}/{latest['folder']}/"
    for key in checkpointing.store.list(prefix):
        checkpointing.store.download(key, target / key[len(prefix):])
    return str(target)
