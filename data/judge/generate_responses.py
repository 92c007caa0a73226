"""Responses of the embedded model (the base and several adapters) for the hand-labelled judge data.

Run once, then label every line by reading it (docs/labelling.md). The adapters span the range the judge must see:
the base; the demo recipe (SFT + KTO-S); an adapter trained on the *undesirable* rows (harmful compliance and
needless refusals), so unsafe answers are common; and an adapter trained at a learning rate far too high, so
nonsense is common. Prompts are the bundled evaluation sets, sampled per model with a fixed seed.

    .venv/bin/python data/judge/generate_responses.py --out data/judge/responses-raw.jsonl

A second round covered the request shapes added to the red-team sets later (continuation, post, role-play,
few-shot, leetspeak, code-switching):

    .venv/bin/python data/judge/generate_responses.py --models base,demo,undesirable --id-prefix rt-1,gen-1,bn- \
        --plan 50,15,15 --seed 8

Nothing here decides a label: the output has no verdict field.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    from alignment.config import GenerationSettings, load_config
    from alignment.data.dataset import read_prompts
    from alignment.evaluation.evaluate import generate_sets
    from alignment.pipeline import prepare_base_model, train_method, validate_data
    from alignment.training.stages import run_stage
    import pandas as pd

    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=ROOT / "data/judge/responses-raw.jsonl")
    ap.add_argument("--models", default="base,demo,undesirable,high_lr")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--id-prefix", default="", help="only prompts whose id starts with one of these (comma-separated)")
    ap.add_argument("--plan", default="", help="prompts per set for every model: REDTEAM,GENERALISATION,BENIGN")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")

    cfg = load_config(ROOT / "configs/demo.yaml")
    base = prepare_base_model(cfg)
    # The training files of the demo recipe at the time the labelled responses were made.
    dataset = validate_data(cfg, [ROOT / "data/train/singlish_safety.jsonl", ROOT / "data/train/singlish_pairs.jsonl"]).dataset
    rows = pd.read_parquet(dataset.local_path)
    out_root = Path(cfg.store.uri).parent / "judge-adapters"

    def demo() -> str:
        return train_method(cfg, dataset, base).adapter_dir

    def undesirable() -> str:
        flipped = rows[~rows["label"].astype(bool)].assign(label=True)
        t = cfg.training.model_copy(deep=True)
        t.sft.max_steps, t.sft.learning_rate = 40, 5e-4
        return run_stage("sft", flipped, base, t, out_root / "undesirable").adapter_dir

    def high_lr() -> str:
        t = cfg.training.model_copy(deep=True)
        t.sft.max_steps, t.sft.learning_rate = 40, 8e-3
        return run_stage("sft", rows, base, t, out_root / "high_lr").adapter_dir

    # (prompts per set) for each model: red-team, generalisation, benign
    plan = {"base": (110, 45, 95), "demo": (110, 45, 95), "undesirable": (70, 25, 55), "high_lr": (45, 15, 40)}
    adapters = {"base": lambda: None, "demo": demo, "undesirable": undesirable, "high_lr": high_lr}
    sets = {name: read_prompts(getattr(cfg.evaluation, name)) for name in ("redteam", "generalisation", "benign")}
    if args.id_prefix:
        prefixes = tuple(args.id_prefix.split(","))
        sets = {n: [p for p in v if p["id"].startswith(prefixes)] or v for n, v in sets.items()}
    if args.plan:
        plan = {m: tuple(int(x) for x in args.plan.split(",")) for m in plan}
    kinds = {"redteam": "harmful", "generalisation": "harmful", "benign": "benign"}
    gen = GenerationSettings(max_new_tokens=48, batch_size=32)
    rng = random.Random(args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    done = set()
    if args.out.is_file():  # never the same (model, prompt) twice: greedy decoding would repeat the response
        done = {(r["model"], r["prompt_id"]) for r in map(json.loads, args.out.read_text().splitlines())}
    with open(args.out, "a", encoding="utf-8") as fh:
        for model in args.models.split(","):
            adapter = adapters[model]()
            chosen = {n: rng.sample([p for p in sets[n] if (model, p["id"]) not in done], k)
                      for n, k in zip(sets, plan[model])}
            responses = generate_sets(model, base, adapter, chosen, gen, seed=args.seed, device="cpu",
                                      backend="transformers")
            for n, prompts in chosen.items():
                for p, rs in zip(prompts, responses[n]):
                    fh.write(json.dumps({"prompt_id": p["id"], "set": n, "kind": kinds[n], "category": p["category"],
                                         "model": model, "prompt": p["prompt"], "response": rs[0]},
                                        ensure_ascii=False) + "\n")
            fh.flush()
            logging.info("wrote %s", model)


if __name__ == "__main__":
    main()
