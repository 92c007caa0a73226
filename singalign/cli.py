"""The ``singalign`` command line: the top of the stack (cli → flows → tasks → alignment).

Exit codes: 0 success (valid batch / candidate published), 1 a decision or a data problem (invalid batch, gate
rejected the candidate), 2 a usage or configuration error.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(add_completion=False, no_args_is_help=True, help="SingAlign: safety alignment for Singlish, as Prefect flows.")
console = Console()
err = Console(stderr=True)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEMO_CONFIG = PROJECT_ROOT / "configs" / "demo.yaml"

ConfigOpt = Annotated[Optional[Path], typer.Option("--config", "-c", help="YAML config (default: configs/demo.yaml)")]
SetOpt = Annotated[Optional[list[str]], typer.Option("--set", help="Override a config key, e.g. training.sft.max_steps=5")]


def _environment() -> None:
    """Offline, quiet defaults; Prefect's home under the SingAlign cache. Explicit environment wins."""
    from alignment.config import default_cache_dir

    cache = default_cache_dir()
    for key, value in {
        "PREFECT_HOME": str(cache.parent / "prefect") if cache.name == "singalign" else str(cache / "prefect"),
        "PREFECT_LOGGING_EXTRA_LOGGERS": "alignment",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        # A fresh Prefect home migrates its SQLite database on the first start; allow for a slow (2-core) machine.
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
        "DO_NOT_TRACK": "1",
        "TOKENIZERS_PARALLELISM": "false",
        "GX_ANALYTICS_ENABLED": "false",
    }.items():
        os.environ.setdefault(key, value)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    for noisy in ("httpx", "urllib3", "botocore", "great_expectations", "datasets", "transformers", "accelerate"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        import transformers
        import datasets

        transformers.utils.logging.disable_progress_bar()
        datasets.disable_progress_bars()
    except ImportError:
        pass


def _config(path: Optional[Path], overrides: Optional[list[str]]):
    from alignment.config import ConfigError, load_config

    try:
        return load_config(path or DEMO_CONFIG, overrides or [])
    except ConfigError as exc:
        err.print(f"[red]config error[/red]: {exc}")
        raise typer.Exit(2) from None


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(help="JSONL files or folders of them")],
    config: ConfigOpt = None,
    set_: SetOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
) -> None:
    """Check incoming data against the contract and the GX suite. Nothing is written; inputs are never changed."""
    _environment()
    from alignment.data.validate import validate_batch

    cfg = _config(config, set_)
    report, _ = validate_batch(
        paths,
        max_prompt_chars=cfg.data.max_prompt_chars,
        max_completion_chars=cfg.data.max_completion_chars,
        max_line_bytes=cfg.data.max_line_bytes,
    )
    if as_json:
        print(json.dumps(report.to_dict(), indent=2, default=str))
    else:
        print(report.render(), file=sys.stdout if report.ok else sys.stderr)
    raise typer.Exit(0 if report.ok else 1)


def _run_retrain(config: Path, overrides: list[str], data: Optional[list[Path]]) -> int:
    from alignment.config import parse_override
    from alignment.pipeline import InvalidBatch
    from flows.retrain import retrain as retrain_flow

    cfg = _config(config, overrides)  # fail fast on a bad config, before Prefect starts
    started = time.monotonic()
    try:
        result = retrain_flow(
            config_path=str(config),
            overrides=dict(parse_override(o) for o in overrides),
            data=[str(p) for p in data] if data else None,
        )
    except InvalidBatch as exc:
        print(exc.report.render(), file=sys.stderr)
        err.print("[red]The batch was rejected; nothing was trained.[/red]")
        return 1
    _print_result(result, time.monotonic() - started)
    if result.passed:
        _print_registry(cfg)
    return 0 if result.passed else 1


def _print_result(result, seconds: float) -> None:
    table = Table(title="Red-team toxicity: base vs candidate")
    for col in ("metric", "base", "candidate"):
        table.add_column(col)
    table.add_row("toxicity rate", f"{result.base_toxicity:.1%}", f"{result.candidate_toxicity:.1%}")
    console.print(table)
    gate = Table(title="Gate decision")
    for col in ("criterion", "value", "threshold", "result"):
        gate.add_column(col)
    for c in result.decision["criteria"]:
        value = "n/a" if c["value"] is None else f"{c['value']:.3f}"
        gate.add_row(c["name"], value, f"{c['comparison']} {c['threshold']:g}", "pass" if c["passed"] else "[red]FAIL[/red]")
    console.print(gate)
    console.print(("[green]PASSED[/green] " if result.passed else "[red]REJECTED[/red] ") + result.verdict)
    console.print(f"toxicity scorer held-out F1: {result.scorer_f1:.3f}; dataset {result.dataset_version}")
    if result.version_uri:
        console.print(f"published adapter: [bold]{result.version_uri}[/bold]")
    else:
        console.print("nothing was published")
    console.print(f"run folder (generations, metrics, gate): {result.run_dir}; took {seconds:.0f}s")


def _print_registry(cfg) -> None:
    from alignment.registry import list_versions
    from alignment.storage import open_store

    table = Table(title=f"Registry: {cfg.model_name} ({cfg.store.uri})")
    for col in ("version", "created (UTC)", "dataset", "method", "toxicity base → candidate"):
        table.add_column(col)
    for m in list_versions(open_store(cfg.store), cfg.model_name):
        tox = m.get("toxicity", {})
        table.add_row(
            m["version"], m["created_at"][:19].replace("T", " "), m["dataset"]["sha256"][:16], m.get("method", ""),
            f"{tox.get('base', float('nan')):.1%} → {tox.get('candidate', float('nan')):.1%}",
        )
    console.print(table)


@app.command()
def retrain(
    config: ConfigOpt = None,
    data: Annotated[Optional[list[Path]], typer.Option("--data", help="Incoming JSONL files or folders")] = None,
    set_: SetOpt = None,
) -> None:
    """Run the retrain flow: validate, SFT, KTO-S, evaluate, gate, publish. Exit 1 when the gate rejects."""
    _environment()
    raise typer.Exit(_run_retrain(config or DEMO_CONFIG, set_ or [], data))


@app.command()
def demo(set_: SetOpt = None) -> None:
    """What `make demo` runs: the retrain flow on the bundled data with the embedded CPU defaults."""
    _environment()
    console.print("SingAlign demo: SmolLM2-135M-Instruct, bundled Singlish data, CPU, offline.")
    raise typer.Exit(_run_retrain(DEMO_CONFIG, set_ or [], None))


def main() -> None:
    app(prog_name="singalign")


if __name__ == "__main__":
    sys.exit(main())
