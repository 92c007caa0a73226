"""Benchmark regression with lm-evaluation-harness: ``lm_eval.simple_evaluate`` on the model generation already
loaded (adapter merged), or on the HF model with the LoRA adapter through ``peft=``.

The bundled task ``singalign_sgknow`` (``lm_tasks/singalign_sgknow.yaml`` over ``data/benchmark/``) is multiple
choice, scored by log-likelihood, and needs nothing from the network. Its YAML names the data folder with the
placeholder ``@SINGALIGN_BENCHMARK_DIR@``; ``task_include_dir`` writes a resolved copy into the cache, because
lm-eval reads ``data_files`` relative to the working directory. Hub tasks (mmlu, arc_challenge, hellaswag, gsm8k,
truthfulqa_mc2) work where the datasets can be downloaded or are already in the HF cache.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..config import BenchmarkSettings
from ..models import ResolvedModel, pick_device

log = logging.getLogger(__name__)

TASKS_DIR = Path(__file__).resolve().parent / "lm_tasks"
DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "benchmark"
PLACEHOLDER = "@SINGALIGN_BENCHMARK_DIR@"
# The headline metric of a task: the first of these that lm-eval reports for it.
PRIMARY_METRICS = ("acc,none", "acc_norm,none", "exact_match,strict-match", "exact_match,flexible-extract", "mc2,none")


def task_include_dir(cache_dir: Path) -> Path:
    out = cache_dir / "lm_tasks"
    out.mkdir(parents=True, exist_ok=True)
    for yaml_file in TASKS_DIR.glob("*.yaml"):
        text = yaml_file.read_text(encoding="utf-8").replace(PLACEHOLDER, str(DATA_DIR))
        target = out / yaml_file.name
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    return out


def bundled_tasks() -> set[str]:
    return {p.stem for p in TASKS_DIR.glob("*.yaml")}


def primary_score(metrics: dict) -> float:
    for key in PRIMARY_METRICS:
        if isinstance(metrics.get(key), (int, float)):
            return 100.0 * float(metrics[key])
    raise KeyError(f"no known accuracy metric among {sorted(metrics)}")


def run_benchmarks(base: ResolvedModel, adapter: str | None, settings: BenchmarkSettings, cache_dir: Path,
                   device: str = "auto", loaded=None) -> dict[str, float]:
    """Accuracy (0-100) per task in ``settings.tasks``. ``loaded``: the (model, tokenizer) generation already
    holds (``evaluate.load_for_generation``, adapter merged), handed to lm-eval instead of loading base and adapter
    again; otherwise lm-eval loads them from ``model_args``."""
    if not settings.tasks:
        return {}
    import lm_eval
    from lm_eval.tasks import TaskManager

    dev = pick_device(device)
    model, model_args = "hf", f"pretrained={base.path},dtype={base.dtype_on(dev)}"
    if base.hub_revision:
        model_args += f",revision={base.hub_revision}"
    if adapter:
        model_args += f",peft={adapter}"
    if loaded is not None:
        from lm_eval.models.huggingface import HFLM

        model, model_args = HFLM(pretrained=loaded[0], tokenizer=loaded[1], batch_size=settings.batch_size,
                                 device=dev), None
    logging.getLogger("lm_eval").setLevel(logging.WARNING)
    results = lm_eval.simple_evaluate(
        model=model, model_args=model_args, tasks=list(settings.tasks), num_fewshot=settings.num_fewshot,
        batch_size=settings.batch_size, device=dev, limit=settings.limit, log_samples=False,
        # Indexing lm-eval's thousands of built-in task files takes a while: skip it when only bundled tasks run.
        task_manager=TaskManager(include_path=str(task_include_dir(cache_dir)),
                                 include_defaults=not set(settings.tasks) <= bundled_tasks()),
        verbosity="ERROR", random_seed=0, numpy_random_seed=0, torch_random_seed=0, fewshot_random_seed=0,
    )
    scores = {task: primary_score(results["results"][task]) for task in settings.tasks}
    log.info("benchmarks (%s): %s", "adapter" if adapter else "base",
             ", ".join(f"{t} {v:.1f}" for t, v in scores.items()))
    return scores
