"""The method registry: every training stage SingAlign knows, declared once.

Everything else derives from ``STAGES``: the accepted ``training.method`` values (``METHODS``), the stage dispatch
and shared set-up (``stages.build_trainer``), the comparison's one-pass step budgets (``compare.one_pass_config``,
from the length of each stage's dataset), the comparison flow's method list and the CLI help.

A method is one stage, or ``<first>+<second>`` where the second stage continues the first's LoRA adapter and takes
the first's policy as its reference (``follows`` lists the stages a stage may continue). Adding a method is one
module under ``alignment/training/`` plus one entry here (plus a ``training.<settings>`` section in
``alignment/config.py`` when it has hyperparameters of its own).

A stage's module provides ``config_options(settings, rows, stage)``: the keyword arguments its TRL config takes
beyond the shared ones (``device.trainer_kwargs``); and, where it needs any, ``trainer_options(settings, tokenizer,
stage)`` for the trainer. This module imports no ML library: ``alignment.config`` reads it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Stage:
    name: str
    settings: str  # the TrainingSettings section holding its hyperparameters
    module: str  # the module (relative to alignment.training) with its config_options / trainer_options
    dataset: str  # "module:function" (rows, seed) -> datasets.Dataset: the examples one pass goes over
    config: str  # "module:class", the TRL config
    trainer: str  # "module:class", the trainer
    follows: tuple[str, ...]  # stages whose adapter (and policy, as reference) this stage may continue
    about: str

    def load(self, field: str) -> Any:
        """The object a field names, imported now (``module``: the module itself)."""
        ref = getattr(self, field)
        module, _, attr = ref.partition(":")
        loaded = importlib.import_module(module, __package__)
        return getattr(loaded, attr) if attr else loaded


STAGES: dict[str, Stage] = {s.name: s for s in (
    Stage("sft", settings="sft", module=".sft", dataset=".sft:sft_dataset",
          config="trl:SFTConfig", trainer="trl:SFTTrainer", follows=(),
          about="supervised fine-tuning on the desirable rows (loss on the completion only)"),
    Stage("dpo", settings="dpo", module=".dpo", dataset=".dpo:preference_dataset",
          config="trl:DPOConfig", trainer="trl:DPOTrainer", follows=("sft",),
          about="DPO on preference pairs"),
    # kto and kto_s share one module and one trainer class: KTOSTrainer's ``variant`` (the stage name) decides
    # whether the reference point z0 carries gradient (kto_s) or is detached as in TRL's KTO (kto).
    Stage("kto", settings="kto", module=".kto_s", dataset=".kto_s:kto_dataset",
          config="trl:KTOConfig", trainer=".kto_s:KTOSTrainer", follows=("sft",),
          about="KTO on all rows (TRL's loss: z0 detached)"),
    Stage("kto_s", settings="kto", module=".kto_s", dataset=".kto_s:kto_dataset",
          config="trl:KTOConfig", trainer=".kto_s:KTOSTrainer", follows=("sft",),
          about="KTO-S on all rows (SingAlign's reading: z0 carries gradient)"),
    # ORPO's loss already holds an SFT term, and it needs no reference model: a method on its own.
    Stage("orpo", settings="orpo", module=".orpo", dataset=".dpo:preference_dataset",
          config="trl.experimental.orpo:ORPOConfig", trainer="trl.experimental.orpo:ORPOTrainer", follows=(),
          about="ORPO on preference pairs (SFT and odds-ratio preference in one loss, no reference model)"),
)}

METHODS: tuple[str, ...] = tuple(STAGES) + tuple(
    f"{first}+{stage.name}" for stage in STAGES.values() for first in stage.follows)


def method_stages(method: str) -> list[str]:
    """The stages of ``method`` in training order."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; one of {', '.join(METHODS)}")
    return method.split("+")


def stage_settings(training, stage: str):
    """The ``training.<section>`` settings a stage trains with."""
    return getattr(training, STAGES[stage].settings)


def in_order(method: str, train_one: Callable[[str, T | None], T]) -> list[T]:
    """Train every stage of ``method`` in order, each continuing the previous one's result; ``train_one(stage,
    previous)`` trains one (in this process, in a child process, or as an orchestrator's task)."""
    results: list[T] = []
    for stage in method_stages(method):
        results.append(train_one(stage, results[-1] if results else None))
    return results
