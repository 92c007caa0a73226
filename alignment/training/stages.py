"""Running one stage (its trainer built from its ``methods.STAGES`` entry) in this process or under ``accelerate
launch``.

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
import queue
import shlex
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from ..config import SingAlignConfig, StageSettings, StoreSettings, TrainingSettings
from ..models import ResolvedModel
from .checkpoints import Checkpointing
from .device import precision_tag, trainer_kwargs
from .hashing import cache_key
from .lora import TrainingSetupError, policy_model
from .methods import STAGES, stage_settings
from .progress import PROGRESS_HOOKS, ProgressFile, ProgressLogger, ProgressTail
from .results import StageResult, finished, train_and_save

log = logging.getLogger(__name__)


def lora_key(lora) -> str:
    """The LoRA shape in a stage's key, leaving out optional fields that are unset, so that adding such a field
    keeps the adapters trained before it (the text is pydantic's ``str`` of the settings without them)."""
    return " ".join(f"{name}={value!r}" for name, value in lora if value is not None)


def settings_key(settings) -> str:
    """A stage's settings in its key: pydantic's ``str`` of them without ``sources``, whose whole effect is which
    rows the stage trains on, and those are in the key already (``stage_rows_sha256``)."""
    return " ".join(f"{name}={value!r}" for name, value in settings if name != "sources")


def stage_rows(rows: pd.DataFrame, stage: str, training: TrainingSettings) -> pd.DataFrame:
    """The rows ``stage`` trains on: every row, or those whose ``source`` is in ``training.<section>.sources``
    (in the dataset's order)."""
    settings: StageSettings = stage_settings(training, stage)
    sources = settings.sources
    if sources is None:
        return rows
    present = set(rows["source"].dropna())
    if missing := [s for s in sources if s not in present]:
        raise TrainingSetupError(
            f"training.{STAGES[stage].settings}.sources: no row of the dataset has source "
            f"{', '.join(map(repr, missing))}; its rows' sources are {', '.join(map(repr, sorted(present))) or 'none'}. Fix the list, or set it to "
            "null to train on every row.")
    return rows[rows["source"].isin(sources)].reset_index(drop=True)


def stage_rows_sha256(dataset_sha256: str, dataset_path: str | Path, stage: str, training: TrainingSettings) -> str:
    """What a stage's key says about its data: the dataset version's checksum when it trains on every row, else the
    checksum of the rows it keeps, computed as a dataset version's is (so SFT on the v2 rows of a larger dataset has
    the key of SFT on a dataset of those rows alone)."""
    settings: StageSettings = stage_settings(training, stage)
    if settings.sources is None:
        return dataset_sha256
    from ..data.dataset import dataset_sha256 as rows_sha256

    return rows_sha256(stage_rows(pd.read_parquet(dataset_path), stage, training))


def stage_dir(cache_dir: Path, stage: str, base: ResolvedModel, dataset_sha256: str, training: TrainingSettings,
              previous_adapter: str | None) -> Path:
    key = cache_key(base=base.revision, previous=Path(previous_adapter).name if previous_adapter else None,
                    data=dataset_sha256, settings=settings_key(stage_settings(training, stage)),
                    lora=lora_key(training.lora), seed=training.seed, quantization=training.quantization,
                    precision=precision_tag(training),
                    # KTO/KTO-S adapters trained before the joint reference forward went fp32-only (a biased z0
                    # under bf16) are not reused; 3: summaries that counted an estimate of exactly 0 as clamped
                    # (kto_s.z0_clamped) are not either (the weights are the same, the counts were not)
                    **({"kl_estimate": 3} if STAGES[stage].settings == "kto" else {}))
    return cache_dir / "adapters" / f"{stage}-{key}"


def build_trainer(stage: str, rows: pd.DataFrame, base: ResolvedModel, training: TrainingSettings, out_dir: Path,
                  previous_adapter: str | None = None, callbacks: list | None = None, trainer_cls: type | None = None):
    """The trainer of ``stage`` (its registry entry: dataset, TRL config and trainer class), with the tokenizer.

    The set-up every stage shares is here: the tokenizer and the policy model (``lora.policy_model``: a fresh LoRA
    adapter on the base, or ``previous_adapter`` continued), the shared TRL arguments (``device.trainer_kwargs``)
    and the progress log. The stage's module adds its own config and trainer options. ``trainer_cls`` replaces the
    registry's trainer class (the bench's stock-TRL baseline); the stage's trainer options then go only to a
    subclass of the registry's class."""
    entry = STAGES[stage]
    module = entry.load("module")
    settings = stage_settings(training, stage)
    from ..models import load_tokenizer

    tokenizer = load_tokenizer(base.path, revision=base.hub_revision)
    model, peft_config = policy_model(base, training, previous_adapter)
    args = entry.load("config")(**trainer_kwargs(settings, training, out_dir / "trainer"),
                                **module.config_options(settings, rows, stage))
    registered = entry.load("trainer")
    options = getattr(module, "trainer_options", lambda *_: {})(settings, tokenizer, stage)
    if trainer_cls is not None and not issubclass(trainer_cls, registered):
        options = {}
    trainer = (trainer_cls or registered)(
        model=model,
        args=args,
        train_dataset=entry.load("dataset")(rows, training.seed),
        processing_class=tokenizer,
        peft_config=peft_config,
        callbacks=[ProgressLogger(stage), *(callbacks or [])],
        **options,
    )
    return trainer, tokenizer


def run_stage(stage: str, rows: pd.DataFrame, base: ResolvedModel, training: TrainingSettings, out_dir: Path,
              previous_adapter: str | None = None, checkpointing: Checkpointing | None = None) -> StageResult:
    """One stage in this process: a fresh LoRA adapter on the base, or ``previous_adapter`` continued (TRL then
    freezes a copy of it as the reference policy); saved (adapter only) to ``out_dir``. A stage already finished
    with the same inputs is reused (``training.reuse_cached``)."""
    if training.reuse_cached and (done := finished(out_dir)):
        log.info("%s: reusing the adapter already trained with these inputs at %s", stage, out_dir)
        return done
    out_dir.mkdir(parents=True, exist_ok=True)
    trainer, tokenizer = build_trainer(stage, stage_rows(rows, stage, training), base, training, out_dir,
                                       previous_adapter)
    return train_and_save(trainer, tokenizer, out_dir, stage, checkpointing)


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
    progress_file: str | None = None  # where the child appends its progress (``progress.ProgressFile``)

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
    """Run a stage in a child process (``accelerate launch`` for several GPUs); its output streams to our log, and
    the progress it appends to its progress file reaches this process's ``PROGRESS_HOOKS`` as it comes."""
    out_dir = Path(spec.out_dir)
    if training.reuse_cached and (done := finished(out_dir)):
        return done
    out_dir.mkdir(parents=True, exist_ok=True)
    progress = out_dir.parent / f"{out_dir.name}.progress.jsonl"
    progress.unlink(missing_ok=True)
    spec = replace(spec, progress_file=str(progress))
    cmd = launch_command(spec.write(out_dir.parent / f"{out_dir.name}.spec.json"), training)
    log.info("%s: %s", spec.stage, shlex.join(cmd))
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    # A thread reads the child's output; this thread logs it and passes its progress on, so hooks and log records
    # stay in the caller's thread (and its orchestration context).
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, name=f"{spec.stage}-output", daemon=True).start()
    tail: list[str] = []
    followed = ProgressTail(progress)
    while True:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            line = ""
        if line is None:
            break
        if line:
            log.info("%s| %s", spec.stage, line.rstrip())
            tail = (tail + [line])[-30:]
        followed.report_new()
    if proc.wait() != 0:
        raise RuntimeError(f"{spec.stage} training exited with code {proc.returncode}. Last output:\n" + "".join(tail)
                           + "\nRun the task again to resume from the last checkpoint.")
    followed.report_new()
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
    if spec.progress_file:
        PROGRESS_HOOKS.append(ProgressFile(spec.progress_file))
    try:
        result = run_spec(spec)
    except TrainingSetupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    log.info("%s: finished at step %d (resumed from step %d)", spec.stage, result.steps, result.resumed_from_step)
    return 0


if __name__ == "__main__":
    sys.exit(main())
