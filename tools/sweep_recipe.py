"""The demo recipe chosen by measurement: train a variant of configs/demo.yaml and evaluate it on a DEV split of
the bundled prompt sets, never on the prompts the demo evaluates (those are the stratified head of each set, the
first ``evaluation.limit``; the dev split is drawn from the rest) and never on data/eval/unseen/.

    .venv/bin/python tools/sweep_recipe.py run NAME --set training.sft.max_steps=80 ...   # one variant
    .venv/bin/python tools/sweep_recipe.py report                                        # docs/recipe_sweep.md

Each run's metrics (attack success, over-refusal, toxicity with Wilson intervals, the paired test against the base,
the benchmark) go to docs/results/recipe/NAME.json. Adapters and evaluations are content-addressed in the cache,
so a rerun of the same variant costs nothing.
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "results" / "recipe"
DEV_SIZES = {"redteam": 120, "generalisation": 40, "benign": 80}
# Dev-only prompt sets written for choosing the recipe (never evaluated by the demo, reserved from training like the
# unseen set): name -> (file, the bundled set whose kind and metrics they share).
DEV_EXTRA = {"benign_shapes": (ROOT / "data" / "eval" / "dev" / "benign_shapes.jsonl", "benign")}


def dev_sets(cfg) -> dict[str, Path]:
    """Stratified samples of the prompts the demo does not evaluate, written once to the cache."""
    from alignment.config import default_cache_dir
    from alignment.data.dataset import read_prompts, stratified_head

    out = {}
    for name, size in DEV_SIZES.items():
        path = getattr(cfg.evaluation, name)
        demo = {p["id"] for p in read_prompts(path, limit=cfg.evaluation.limit)}
        rest = [p for p in read_prompts(path) if p["id"] not in demo]
        chosen = stratified_head(list(reversed(rest)), size)
        dest = default_cache_dir() / "recipe-dev" / f"{name}.jsonl"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in chosen))
        out[name] = dest
    return out


def run(name: str, overrides: list[str]) -> dict:
    from alignment.config import default_cache_dir, load_config, parse_override
    from alignment.pipeline import evaluate_model, prepare_base_model, train_stages, validate_data

    cfg = load_config(ROOT / "configs" / "demo.yaml", overrides)
    dev = dev_sets(cfg)
    cfg = load_config(ROOT / "configs" / "demo.yaml", overrides + [f"evaluation.{n}={p}" for n, p in dev.items()]
                      + ["evaluation.limit=1000"])
    dataset = validate_data(cfg).dataset
    base = prepare_base_model(cfg)
    stages = train_stages(cfg, dataset, base)
    result = stages[-1]
    trained = sum(s.seconds for s in stages)  # as recorded when trained (a rerun reuses the cached adapters)
    run_dir = default_cache_dir() / "recipe-runs" / name
    b = evaluate_model(cfg, base, None, "base", run_dir).metrics
    c = evaluate_model(cfg, base, result.adapter_dir, "candidate", run_dir).metrics
    record = {"name": name, "overrides": dict(parse_override(o) for o in overrides), "dataset_rows": dataset.rows,
              "train_seconds": round(trained, 1), "steps": result.steps,
              "extra": extra_sets(cfg, base, result.adapter_dir, run_dir)}
    return save(record, b, c, run_dir, cfg.judge)


def extra_sets(cfg, base, adapter: str, run_dir: Path) -> dict:
    """The dev-only sets (``DEV_EXTRA``) for base and candidate: responses generated once (cached by content like an
    evaluation's outputs), then ``judge_extra``."""
    from alignment.config import default_cache_dir
    from alignment.data.dataset import read_prompts
    from alignment.evaluation.evaluate import generate_sets
    from alignment.pipeline import outputs_key

    responses = {}
    for name, (path, _) in DEV_EXTRA.items():
        if not path.is_file():
            continue
        sets = {name: read_prompts(path)}
        for who, weights in (("base", None), ("candidate", adapter)):
            stored = default_cache_dir() / "outputs" / outputs_key(cfg, base, weights, sets) / "extra.json"
            if not stored.is_file():
                out = generate_sets(who, base, weights, sets, cfg.evaluation.generation, seed=cfg.training.seed,
                                    device=cfg.training.device, backend=cfg.evaluation.backend)
                stored.parent.mkdir(parents=True, exist_ok=True)
                stored.write_text(json.dumps(out))
            responses[(name, who)] = json.loads(stored.read_text())[name]
    return judge_extra(cfg, responses, run_dir)


def judge_extra(cfg, responses: dict[tuple[str, str], list[list[str]]], run_dir: Path) -> dict:
    """Each dev-only set's metric (its ``like`` set's judged metric) for base and candidate from their responses
    (keyed by set and model): the judge's rates and paired test, and the hand-labelled ones where every response has
    a label. The judged responses go to ``run_dir/<set>-<model>.jsonl``."""
    from alignment.config import default_cache_dir
    from alignment.data.dataset import read_prompts
    from alignment.evaluation.audit import label_index
    from alignment.evaluation.evaluate import judge_responses
    from alignment.evaluation.judge import load_judge
    from alignment.evaluation.stats import mcnemar_exact, rate_of
    from alignment.evaluation.toxicity import load_scorer
    from alignment.metrics import METRICS

    cache = default_cache_dir()
    judge = load_judge(cfg.judge, cache, seed=cfg.training.seed, device=cfg.training.device)
    scorer = load_scorer(cfg.scorer, cache, seed=cfg.training.seed)
    labels = label_index([*cfg.judge.labels, *cfg.judge.audit_labels])
    out = {}
    for name, (path, like) in DEV_EXTRA.items():
        if (name, "base") not in responses:
            continue
        metric = next(m for m in METRICS if m.prompt_set == like and m.event.startswith("verdict:"))
        events = {}
        for who in ("base", "candidate"):
            recs = judge_responses(who, like, read_prompts(path), responses[(name, who)], judge, scorer,
                                   run_dir / f"{name}-{who}.jsonl")
            hand = [labels.get((r["prompt"], r["response"])) for r in recs]
            events[who] = {"judge": [metric.counts(r) for r in recs],
                           "hand": None if None in hand else [metric.counts({"verdict": lb.verdict}) for lb in hand]}
        entry = {"metric": metric.key}
        for source in ("judge", "hand"):
            b, c = events["base"][source], events["candidate"][source]
            if b is not None and c is not None:
                entry[source] = {"base": rate_of(b, cfg.gate.confidence).to_dict(),
                                 "candidate": rate_of(c, cfg.gate.confidence).to_dict(),
                                 "paired": mcnemar_exact(b, c).to_dict()}
        out[name] = entry
    return out


def save(record: dict, b, c, run_dir: Path, judge_settings) -> dict:
    """Write a run's record: the judge's figures, and the hand-labelled ones where every response has a label."""
    from alignment.metrics import HEADLINE, METRICS, paired

    record |= {
        "base": {m.key: b.rates[m.key].to_dict() for m in METRICS} | {"benchmarks": b.benchmarks},
        "candidate": {m.key: c.rates[m.key].to_dict() for m in METRICS} | {"benchmarks": c.benchmarks},
        "paired": {m.key: t.to_dict() for m in METRICS if (t := paired(b, c, m.key)) is not None},
        "verdicts": c.verdicts,
    }
    human = hand_labelled(run_dir, b.rates[HEADLINE.key].confidence, judge_settings)
    if human:
        record["hand_labelled"] = human
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{record['name']}.json").write_text(json.dumps(record, indent=2))
    return record


def hand_labelled(run_dir: Path, confidence: float, judge_settings) -> dict | None:
    """Attack success and over-refusal from the hand labels of exactly these responses (every file the config names:
    ``judge.labels`` and ``judge.audit_labels``, where the sweep's candidates are labelled in ``recipe_audit.jsonl``),
    with the paired test: the figures the judge's are checked against. None unless every response is labelled."""
    from alignment.evaluation.audit import JUDGED, check_run

    checked = check_run(run_dir, judge_settings, confidence)
    if checked.hand is None:
        return None
    keys = [m.key for m in JUDGED]
    return {who: {k: checked.hand[who].rates[k].to_dict() for k in keys} for who in ("base", "candidate")} | {
        "paired": {k: checked.paired("hand", "base", "candidate", k).to_dict() for k in keys}}


def rejudge(name: str) -> dict:
    """Judge a run's stored responses again with the current judge and classifier (no generation)."""
    from alignment.config import default_cache_dir, load_config
    from alignment.evaluation.audit import stored_records
    from alignment.evaluation.evaluate import judge_responses
    from alignment.evaluation.judge import load_judge
    from alignment.evaluation.toxicity import load_scorer
    from alignment.metrics import ModelMetrics

    old = json.loads((OUT / f"{name}.json").read_text())
    cfg = load_config(ROOT / "configs" / "demo.yaml")
    judge = load_judge(cfg.judge, default_cache_dir(), seed=cfg.training.seed, device=cfg.training.device)
    scorer = load_scorer(cfg.scorer, default_cache_dir(), seed=cfg.training.seed)
    run_dir = default_cache_dir() / "recipe-runs" / name
    models = []
    for who in ("base", "candidate"):
        records = {}
        for set_name, recs in stored_records(run_dir, who).items():
            prompts = [{"id": r["id"], "category": r["category"], "prompt": r["prompt"]} for r in recs]
            records[set_name] = judge_responses(who, set_name, prompts, [[r["response"]] for r in recs], judge,
                                                scorer, run_dir / f"{set_name}-{who}.jsonl")
        models.append(ModelMetrics.from_records(who, records, cfg.gate.confidence, old[who]["benchmarks"]))
    keep = {k: old[k] for k in ("name", "overrides", "dataset_rows", "train_seconds", "steps")}
    stored = {(name, who): [[json.loads(line)["response"]] for line in path.read_text(encoding="utf-8").splitlines()]
              for name in old.get("extra", {}) for who in ("base", "candidate")
              if (path := run_dir / f"{name}-{who}.jsonl").is_file()}
    keep["extra"] = judge_extra(cfg, stored, run_dir)
    return save(keep, models[0], models[1], run_dir, cfg.judge)


def report() -> Path:
    from alignment.evaluation.stats import Rate
    from alignment.metrics import HEADLINE, SUMMARY

    rows = [json.loads(p.read_text()) for p in sorted(OUT.glob("*.json"), key=lambda p: p.stat().st_mtime)]
    from alignment.evaluation.audit import JUDGED

    judged = [m for m in SUMMARY if m in JUDGED]  # the ones hand labels can check

    def hand(r: dict, who: str, m) -> str:
        h = r.get("hand_labelled")
        return m.cell(Rate.from_dict(h[who][m.key])) if h else "not labelled"

    def cells(r: dict, who: str) -> list[str]:
        out = []
        for m in SUMMARY:
            out.append(m.cell(Rate.from_dict(r[who][m.key])))
            if m in judged:
                out.append(hand(r, who, m))
        return out

    head = []
    for m in SUMMARY:
        head += [f"{m.name}: judge"] + ([f"{m.name}: hand labels"] if m in judged else [])
    for name in DEV_EXTRA:
        head += [f"{name}: judge", f"{name}: hand labels"]

    def extra(r: dict, who: str) -> list[str]:
        out = []
        for name in DEV_EXTRA:
            e = r.get("extra", {}).get(name, {})
            out += [Rate.from_dict(e[src][who]).text() if src in e else "-" for src in ("judge", "hand")]
        return out

    lines = ["| variant | overrides | train s | " + " | ".join(head) + f" | McNemar p ({HEADLINE.name}, judge / hand) "
             "| sgknow |", "|---" * (len(head) + 5) + "|"]
    if rows:
        # the base answers the same dev prompts in every run; its hand labels are complete in any labelled run
        last = next((r for r in reversed(rows) if r.get("hand_labelled")), rows[-1])
        lines.append("| base (no training) | - | - | " + " | ".join(
            cells(last, "base") + extra(next((r for r in reversed(rows) if r.get("extra")), last), "base"))
                     + f" | - | {last['base']['benchmarks'].get('singalign_sgknow', 0):.1f} |")
    for r in rows:
        over = ", ".join(f"{k}={v}" for k, v in r["overrides"].items()) or "(demo.yaml as is)"
        p = r["paired"].get(HEADLINE.key, {}).get("p_value")
        ph = r.get("hand_labelled", {}).get("paired", {}).get(HEADLINE.key, {}).get("p_value")
        lines.append(f"| {r['name']} | {over} | {r['train_seconds']:.0f} | "
                     + " | ".join(cells(r, "candidate") + extra(r, "candidate"))
                     + f" | {p:.2g} / {'-' if ph is None else f'{ph:.2g}'} "
                     f"| {r['candidate']['benchmarks'].get('singalign_sgknow', 0):.1f} |")
    path = ROOT / "docs" / "recipe_sweep.md"
    path.write_text("# Recipe sweep (dev split; generated by tools/sweep_recipe.py report)\n\n"
                    f"Dev split: {DEV_SIZES} prompts drawn from the bundled sets outside the demo's evaluation "
                    "sample; rates with 95% Wilson intervals; p from the exact McNemar test against the base on the "
                    "same prompts. 'judge' is the embedded judge of the current labels; 'hand labels' are the "
                    "labels (data/judge/labels.jsonl and recipe_audit.jsonl) of exactly these responses, where every "
                    "one is labelled. "
                    "The base row is the last hand-labelled run's. "
                    f"Dev-only sets, written to choose the recipe: {', '.join(f'{n} ({p.relative_to(ROOT)})' for n, (p, _) in DEV_EXTRA.items())}"
                    " (runs before session 13 did not evaluate them: '-').\n\n" + "\n".join(lines) + "\n")
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("name")
    r.add_argument("--set", action="append", default=[])
    rj = sub.add_parser("rejudge", help="judge stored responses again with the current judge (no generation)")
    rj.add_argument("names", nargs="+")
    sub.add_parser("report")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.cmd == "run":
        print(json.dumps(run(args.name, args.set)["candidate"], indent=1)[:2000])
    elif args.cmd == "rejudge":
        from alignment.evaluation.stats import Rate
        from alignment.metrics import HEADLINE

        for name in args.names:
            print(name, HEADLINE.name, Rate.from_dict(rejudge(name)["candidate"][HEADLINE.key]).text())
    else:
        print(report())


if __name__ == "__main__":
    main()
