"""Batched generation against one prompt at a time, on CPU, in one run.

    .venv/bin/python bench/generate.py [--prompts 32] [--tokens 32] [--batch 32]

Same model (the embedded SmolLM2-135M), same prompts (the first N red-team prompts, stratified), same greedy
decoding and max new tokens; the batched run uses SingAlign's generator (left padding, KV cache, one
``generate`` per batch), the other calls it with batch size 1. Target (issue #5): batched is at least 5x faster.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--prompts", type=int, default=32)
    p.add_argument("--tokens", type=int, default=32)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--cache", default=str(ROOT / ".cache" / "singalign"))
    args = p.parse_args()

    import torch
    import transformers

    from alignment.config import BaseModelSettings, GenerationSettings
    from alignment.data.dataset import read_prompts
    from alignment.evaluation.generate import generate_responses
    from alignment.models import load_causal_lm, load_tokenizer, resolve_base_model

    transformers.utils.logging.set_verbosity_error()
    torch.set_num_threads(torch.get_num_threads())
    base = resolve_base_model(BaseModelSettings(), Path(args.cache))
    model, tokenizer = load_causal_lm(base.path), load_tokenizer(base.path)
    prompts = [x["prompt"] for x in read_prompts(ROOT / "data/eval/redteam.jsonl", limit=args.prompts)]
    generate_responses(model, tokenizer, prompts[:2], GenerationSettings(max_new_tokens=4, batch_size=2))  # warm-up

    timings = {}
    for name, batch in (("one at a time", 1), ("batched", args.batch)):
        settings = GenerationSettings(max_new_tokens=args.tokens, batch_size=batch)
        start = time.perf_counter()
        out = generate_responses(model, tokenizer, prompts, settings)
        timings[name] = time.perf_counter() - start
        tokens = sum(len(tokenizer(r[0])["input_ids"]) for r in out)
        print(f"{name:>14}: {timings[name]:6.1f} s for {len(prompts)} prompts "
              f"({len(prompts) / timings[name]:.2f} prompts/s, {tokens / timings[name]:.0f} new tokens/s)")
    ratio = timings["one at a time"] / timings["batched"]
    print(f"speed-up of batched over one-at-a-time: {ratio:.1f}x  (target >= 5x: {'OK' if ratio >= 5 else 'MISSED'})")


if __name__ == "__main__":
    main()
