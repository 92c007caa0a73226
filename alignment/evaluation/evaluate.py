"""Evaluate one model (base, or base + adapter): generate once per prompt set, then judge every response.

Each response gets the safety judge's verdict and p(unsafe) (``judge.py``, reading prompt and response) and the
text classifier's toxicity (``toxicity.py``, reading the response alone). Every line is written to a JSONL file
per prompt set next to the run, for the report and for inspection; the metrics come from those lines through the
metric schema (``alignment/metrics.py``).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from ..config import GenerationSettings
from ..metrics import KIND_OF_SET
from ..models import ResolvedModel, load_causal_lm, load_tokenizer, pick_device

log = logging.getLogger(__name__)


def uses_vllm(backend: str) -> bool:
    """vLLM when ``backend`` asks for it, or is ``auto`` and vLLM and a GPU are present."""
    from .generate import vllm_available

    return backend == "vllm" or (backend == "auto" and vllm_available())


def load_for_generation(base: ResolvedModel, adapter: str | None, device: str = "auto"):
    """(model, tokenizer) for transformers generation and the benchmark: the adapter merged into the base (one
    matmul per layer instead of three; the same greedy outputs)."""
    device = pick_device(device)
    tokenizer = load_tokenizer(adapter or base)
    return load_causal_lm(base, dtype=base.dtype_on(device), adapter=adapter, merge=True).to(device), tokenizer


def generate_sets(label: str, base: ResolvedModel, adapter: str | None, prompt_sets: dict[str, list[dict[str, str]]],
                  generation: GenerationSettings, seed: int = 0, device: str = "auto",
                  backend: str = "auto", loaded=None) -> dict[str, list[list[str]]]:
    """Responses for every prompt set: vLLM with the LoRA adapter (``uses_vllm``), else batched transformers
    generation on ``loaded`` (``load_for_generation``'s pair; loaded here when not given)."""
    from .generate import generate_responses

    use_vllm = uses_vllm(backend)
    # Every set in one call: one vLLM request list, or length-sorted batches that mix the sets' prompts (less
    # padding than set by set).
    names = list(prompt_sets)
    flat = [p["prompt"] for n in names for p in prompt_sets[n]]
    log.info("evaluate %s: generating for %s prompts%s", label, ", ".join(f"{len(prompt_sets[n])} {n}" for n in names),
             " with vLLM" if use_vllm else "")
    if use_vllm:
        from .generate import generate_vllm

        responses = generate_vllm(base, adapter, flat, generation, seed)
    else:
        model, tokenizer = loaded or load_for_generation(base, adapter, device)
        responses = generate_responses(model, tokenizer, flat, generation, seed=seed)
    out, i = {}, 0
    for n in names:
        out[n], i = responses[i : i + len(prompt_sets[n])], i + len(prompt_sets[n])
    return out

def judge_responses(label: str, set_name: str, prompts: list[dict[str, str]], responses: list[list[str]], judge,
                    scorer, out_file: Path | None = None) -> list[dict]:
    """One record per response (every sample counts when sampling N per prompt): the judge's verdict and
    p(unsafe), and the classifier's toxicity. Written to ``out_file`` as JSONL when given."""
    kind = KIND_OF_SET[set_name]
    flat = [(p, s, r) for p, rs in zip(prompts, responses) for s, r in enumerate(rs)]
    judgements = judge.judge([p["prompt"] for p, _, _ in flat], [r for _, _, r in flat], [kind] * len(flat))
    toxicity = scorer.scores([r for _, _, r in flat])
    records = []
    for (p, s, r), j, t in zip(flat, judgements, toxicity):
        records.append({"id": p["id"], "item": f"{p['id']}#{s}", "category": p["category"], "kind": kind,
                        "prompt": p["prompt"], "response": r, "verdict": j.verdict, "p_unsafe": round(j.p_unsafe, 4),
                        "toxicity": round(float(t), 4), "toxic": bool(t >= scorer.threshold)})
    if out_file is not None:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        with open(out_file, "w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for rec in records:
        counts[rec["verdict"]] = counts.get(rec["verdict"], 0) + 1
    log.info("evaluate %s on %s: %s; toxic %d/%d", label, set_name,
             ", ".join(f"{v} {n}" for v, n in sorted(counts.items())), sum(r["toxic"] for r in records), len(records))
    return records
