"""Methods as sequences of stages, and running one stage in this process or under ``accelerate launch``.

``sft+kto_s`` = SFT, then KTO-S continuing the SFT adapter with the SFT policy as reference. Each stage's output
folder is content-addressed (base revision, previous stage, dataset, stage settings, LoRA, seed), so a rerun with
the same inputs reuses a finished stage and resumes an interrupted one from its last checkpoint.

``python -m alignment.training.stages SPEC.json`` runs one stage from a spec file; the accelerate launcher and the
kill-and-resume test start it that way.
"""

from __future__ import annotations

import json
import logging
import os
import shlex
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..config import SingAlignConfig, StoreSettings, TrainingSettings
from ..models import ResolvedModel
from .checkpoints import Checkpointing
from .device import precision_tag
from .hashing import cache_key
from .lora import TrainingSetupError
from .results import StageResult, finished

log = logging.getLogger(__name__)

STAGES = ("sft", "dpo", "kto", "kto_s")


def method_stages(method: str) -> list[str]:
    stages = method.split("+")
    if not stages or any(s not in STAGES for s in stages):
        raise ValueError(f"unknown method {method!r}")
    return stages


def stage_settings(training: TrainingSettings, stage: str):
    return {"sft": training.sft, "dpo": training.dpo, "kto": training.kto, "kto_s": training.kto}[stage]


def stage_dir(cache_dir: Path, stage: str, base: ResolvedModel, dataset_sha256: str, training: TrainingSettings,
              previous_adapter: str | None) -> Path:
    key = cache_key(base=base.revision, previous=Path(previous_adapter).name if previous_adapter else None,
                    data=dataset_sha256, settings=stage_settings(training, stage), lora=training.lora,
                    seed=training.seed, quantization=training.quantization, precision=precision_tag(training))
    return cache_dir / "adapters" / f"{stage}-{key}"


def run_stage(stage: str, rows: pd.DataFrame, base: ResolvedModel, training: TrainingSettings, out_dir: Path,
              previous_adapter: str | None, checkpointing: Checkpointing | None) -> StageResult:
    """One stage in this process."""
    if stage == "sft":
        from .sft import train_sft

        return train_sft(rows, base, training, out_dir, previous_adapter, checkpointing)
    if stage == "dpo":
        from .dpo import train_dpo

        return train_dpo(rows, base, training, out_dir, previous_adapter, checkpointing)
    from .kto_s import train_kto

    return train_kto(rows, base, training, out_dir, previous_adapter, checkpointing, variant=stage)


@dataclass
class StageSpec:
    """Everything a stage needs, as plain data: what a subprocess (or another node) receives."""

    stage: str
    dataset_path: str
    base: dict[str, Any]
    training: dict[str, Any]
    out_dir: str
    previous_adapter: str | None
    store: dict[str, Any] | None
    checkpoint_prefix: str | None

    def write(self, path: Path) -> Path:
        path.write_text(json.dumps(asdict(self), indent=2))
        return path


def spec_for(cfg: SingAlignConfig, stage: str, dataset_path: str, base: ResolvedModel, out_dir: Path,
             previous_adapter: str | None) -> StageSpec:
    every = cfg.training.checkpoint_steps
    return StageSpec(stage=stage, dataset_path=dataset_path, base=asdict(base),
                     training=cfg.training.model_dump(mode="json"), out_dir=str(out_dir),
                     previous_adapter=previous_adapter, store=cfg.store.model_dump(mode="json") if every else None,
                     checkpoint_prefix=f"checkpoints/{out_dir.name}" if every else None)


def run_spec(spec: StageSpec) -> StageResult:
    from ..storage import open_store

    checkpointing = None
    if spec.store and spec.checkpoint_prefix:
        checkpointing = Checkpointing(open_store(StoreSettings(**spec.store)), spec.checkpoint_prefix)
    return run_stage(spec.stage, pd.read_parquet(spec.dataset_path), ResolvedModel(**spec.base),
                     TrainingSettings(**spec.training), Path(spec.out_dir), spec.previous_adapter, checkpointing)


def launch_command(spec_path: Path, training: TrainingSettings) -> list[str]:
    """``python -m alignment.training.stages SPEC`` or the same under ``accelerate launch``."""
    launcher = training.launcher
    if launcher.kind == "inprocess":
        return [sys.executable, "-m", "alignment.training.stages", str(spec_path)]
    cmd = [sys.executable, "-m", "accelerate.commands.launch", "--num_processes", str(launcher.num_processes)]
    if launcher.config_file:
        cmd += ["--config_file", str(launcher.config_file)]
    if launcher.num_processes > 1:
        cmd += ["--multi_gpu"] if not launcher.config_file else []
    return cmd + ["-m", "alignment.training.stages", str(spec_path)]


def run_stage_subprocess(spec: StageSpec, training: TrainingSettings) -> StageResult:
    """Run a stage in a child process (``accelerate launch`` for several GPUs); its output streams to our log."""
    out_dir = Path(spec.out_dir)
    if training.reuse_cached and (done := finished(out_dir)):
        return done
    out_dir.mkdir(parents=True, exist_ok=True)
    cmd = launch_command(spec.write(out_dir.parent / f"{out_dir.name}.spec.json"), training)
    log.info("%s: %s", spec.stage, shlex.join(cmd))
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    tail: list[str] = []
    for line in proc.stdout:  # type: ignore[union-attr]
        log.info("%s| %s", spec.stage, line.rstrip())
        tail = (tail + [line])[-30:]
    if proc.wait() != 0:
        raise RuntimeError(f"{spec.stage} training exited with code {proc.returncode}. Last output:\n" + "".join(tail)
                           + "\nRun the task again to resume from the last checkpoint.")
    done = finished(out_dir)
    if done is None:
        raise RuntimeError(f"{spec.stage} training finished without writing {out_dir}/training_summary.json")
    done.reused = False
    return done


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m alignment.training.stages SPEC.json", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    spec = StageSpec(**json.loads(Path(argv[0]).read_text()))
    try:
        result = run_spec(spec)
    except TrainingSetupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    log.info("%s: finished at step %d (resumed from step %d)", spec.stage, result.steps, result.resumed_from_step)
    return 0


if __name__ == "__main__":
    sys.exit(main())
