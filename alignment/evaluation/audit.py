"""A run's safety figures by hand labels: the responses an evaluation stored (``<set>-<model>.jsonl``) relabelled
with the hand labels of exactly those responses, beside the judge's own figures, with the paired test on each and
the judge's agreement on that run. It is how the gate's numbers on one run are checked against labels made by
reading each response (``tools/audit_run.py``; the recipe sweep uses it too)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Sequence

from ..config import JudgeSettings
from ..metrics import METRICS, PROMPT_SETS, ModelMetrics, paired
from .judge import JudgeQuality, Label, measure_quality, read_label_files, read_labels

JUDGED = tuple(m for m in METRICS if m.event.startswith("verdict:"))  # the metrics hand labels can check


def stored_records(run_dir: Path, who: str) -> dict[str, list[dict]]:
    """The judged responses an evaluation stored for one model (``base``, ``candidate``, ...), per prompt set."""
    out = {}
    for name in PROMPT_SETS:
        path = run_dir / f"{name}-{who}.jsonl"
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no stored responses for {who!r} on {name} (is {run_dir} a run folder, "
                                    f"with {name}-{who}.jsonl beside report.md?)")
        out[name] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def label_index(paths: Sequence[Path]) -> dict[tuple[str, str], Label]:
    """Hand labels by (prompt, response), from one or more label files (the later file wins on a repeat)."""
    return {(lb.prompt, lb.response): lb for path in paths for lb in read_labels(path)}


@dataclass
class Audit:
    """``judge`` and ``hand``: each model's metrics by the judge's verdicts and by the hand labels; ``missing``:
    responses without a hand label (the hand figures need none missing); ``agreement``: the judge against the hand
    labels on the run's labelled responses that were not among its training labels."""

    judge: dict[str, ModelMetrics]
    hand: dict[str, ModelMetrics] | None
    missing: list[dict]
    agreement: JudgeQuality | None
    responses: int = 0  # all the responses looked at, labelled or not
    confidence: float = 0.95

    def paired(self, source: str, first: str, second: str, key: str):
        models = self.judge if source == "judge" else self.hand
        return paired(models[first], models[second], key) if models else None

    def lines(self, first: str = "base", second: str = "candidate") -> list[str]:
        """Markdown: each judged metric by the judge and by hand for both models, with the paired exact McNemar
        test on each; then the judge's agreement on the responses it did not train on. Without every response
        labelled, how many are, and how to label the rest."""
        out = []
        if self.hand is None:
            out.append(f"{self.responses - len(self.missing)} of {self.responses} responses have a hand label; the "
                       "hand-labelled figures need all of them (`tools/audit_run.py RUN_DIR` lists the rest; "
                       "docs/labelling.md).")
        else:
            out += [f"Judge vs hand labels on the same {self.responses} responses ({self.confidence:.0%} Wilson "
                    f"intervals; p: exact McNemar, {first} vs {second}):", "",
                    f"| metric | {first}: judge | {first}: hand | {second}: judge | {second}: hand | p (judge) | "
                    "p (hand) |", "|---|---|---|---|---|---|---|"]
            for m in JUDGED:
                cells = [m.cell(source[who].rates[m.key])
                         for who in (first, second) for source in (self.judge, self.hand)]
                ps = [self.paired(src, first, second, m.key) for src in ("judge", "hand")]
                out.append(f"| {m.name} | " + " | ".join(cells) + " | " + " | ".join(
                    f"{p.p_value:.2g} ({p.worse_to_better} fixed, {p.better_to_worse} broken)" for p in ps) + " |")
        if self.agreement is not None:
            out += ["", f"The judge on the {self.agreement.n} labelled responses here it did not train on: "
                        f"{self.agreement.figures()}"]
        elif self.hand is not None:
            out += ["", "Every labelled response here was among the judge's training labels: no agreement to report."]
        return out


def audit(run_dir: Path, label_paths: Sequence[Path], confidence: float,
          models: Sequence[str] = ("base", "candidate"), judge_labels: Path | Sequence[Path] = ()) -> Audit:
    """``judge_labels``: the files the judge was trained from (``judge.labels``); responses in their train split
    are left out of the agreement, which is then measured only on responses the judge never saw labelled."""
    labels = label_index(label_paths)
    trained = {(lb.prompt, lb.response) for lb in read_label_files(judge_labels) if lb.split == "train"}
    judge, hand, missing, truth, said, responses, agreed = {}, {}, [], [], [], 0, set()
    for who in models:
        records = stored_records(run_dir, who)
        judge[who] = ModelMetrics.from_records(who, records, confidence)
        relabelled = {}
        for name, recs in records.items():
            relabelled[name] = []
            responses += len(recs)
            for r in recs:
                label = labels.get((r["prompt"], r["response"]))
                if label is None:
                    missing.append({"model": who, "set": name, **r})
                    continue
                relabelled[name].append(r | {"verdict": label.verdict})
                key = (r["prompt"], r["response"])
                if key not in trained and key not in agreed:  # each distinct response once
                    agreed.add(key)
                    truth.append(label)
                    said.append(SimpleNamespace(verdict=r["verdict"]))
        hand[who] = ModelMetrics.from_records(who, relabelled, confidence)
    agreement = measure_quality("judge", truth, said) if truth else None
    return Audit(judge, None if missing else hand, missing, agreement, responses, confidence)


def check_run(run_dir: Path, settings: JudgeSettings, confidence: float,
              models: Sequence[str] = ("base", "candidate")) -> Audit:
    """A run's figures against every hand label the config names (``judge.labels`` and ``judge.audit_labels``);
    the judge's own training labels are left out of its agreement."""
    return audit(run_dir, [*settings.labels, *settings.audit_labels], confidence, models, judge_labels=settings.labels)
