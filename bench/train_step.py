"""Training throughput against this machine's measured matmul peak: SFT with the speed settings off vs on, and our
KTO-S trainer against stock TRL KTOTrainer at the same settings, each with tokens/s and model FLOPs utilisation.

    .venv/bin/python bench/train_step.py [--threads 1] [--steps 3] [--repeats 2]

Every trainer is built by the project's own code (``stages.build_trainer``, the function the
training stages call) from ``TrainingSettings``; "off" is ``cpu_bf16=off, cpu_compact_lm_head=false, sft.padding_free=false`` (the
pre-#14 behaviour), "on" is the defaults (``cpu_bf16=auto``, ``cpu_compact_lm_head``, ``sft.padding_free``,
``kto.joint_reference_forward``). KTO-S is also timed on its own steps where z0 did not clamp at 0: on a clamped
step it computes exactly what KTO does, so only those show what its extra backward costs. Runs alternate (off, on, off, on; stock, ours, ...) so drift in a shared machine
hits both sides. The peak is the best of several ``torch.matmul`` of 2048×2048 matrices in fp32 and in bf16
(2·n³ FLOPs each), measured in the same process with the same thread count; each trainer's MFU is against the
peak of the dtype its matmuls run in. FLOP convention: ``alignment/training/perf.py`` (forward 2·N per real token,
backward 2·N + 2·N_lora where a gradient flows, padding not counted, attention products left out).
For the GPU (bf16, a Llama-3-8B-shaped model) see ``bench/gpu_check.py`` (``make gpu-check``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rows(n: int):
    import pandas as pd

    data = [json.loads(l) for l in (ROOT / "data/train/singlish_safety.jsonl").read_text().splitlines()][:n]
    return pd.DataFrame(data).assign(pair_id=None)


def settings(args, optimised: bool, max_steps: int, lora_dropout: float | None = None):
    from alignment.config import TrainingSettings

    t = TrainingSettings(seed=0, reuse_cached=False, device="cpu", cpu_bf16="auto" if optimised else "off")
    t.lora.r = args.rank
    if lora_dropout is not None:
        t.lora.dropout = lora_dropout
    for stage in (t.sft, t.kto):
        stage.max_steps, stage.per_device_train_batch_size, stage.max_length = max_steps, args.batch, args.seq
        stage.logging_steps = 1
    t.sft.padding_free = optimised
    t.cpu_compact_lm_head = optimised
    t.kto.joint_reference_forward = optimised
    return t


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--seq", type=int, default=256, help="max_length (the stages' default)")
    p.add_argument("--rank", type=int, default=16)
    p.add_argument("--steps", type=int, default=3, help="timed steps per run")
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--repeats", type=int, default=2, help="alternating runs per trainer")
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    p.add_argument("--rows", type=int, default=400)
    p.add_argument("--skip-kto", action="store_true")
    p.add_argument("--skip-sft", action="store_true")
    p.add_argument("--cache", default=str(ROOT / ".cache" / "singalign"))
    args = p.parse_args()

    import torch
    import transformers
    from peft import get_peft_model
    from trl import KTOTrainer

    import alignment.training.kto_s as kto_s_module
    from alignment.config import BaseModelSettings, load_config
    from alignment.models import load_causal_lm, resolve_base_model
    from alignment.training.device import cpu_bf16
    from alignment.training.lora import lora_config
    from alignment.training.perf import TimedSteps, measure_peak_flops
    from alignment.training.stages import build_trainer

    transformers.utils.logging.set_verbosity_error()
    if args.threads:
        torch.set_num_threads(args.threads)
    base = resolve_base_model(BaseModelSettings(), Path(args.cache))
    peak = {dt: measure_peak_flops("cpu", dt) for dt in ("float32", "bfloat16")}
    tmp = Path(tempfile.mkdtemp(prefix="singalign-bench-"))
    data = rows(args.rows)
    print(f"CPU, {torch.get_num_threads()} torch thread(s); model SmolLM2-135M; batch {args.batch}, max length "
          f"{args.seq}, LoRA r={args.rank}; {args.repeats} alternating runs x {args.steps} timed steps "
          f"(after {args.warmup} warm-up) per trainer")
    print(f"measured matmul peak (2048^3, best of 5): fp32 {peak['float32'] / 1e9:,.0f} GFLOP/s, "
          f"bf16 {peak['bfloat16'] / 1e9:,.0f} GFLOP/s")

    results: dict[str, dict] = {}

    def record(name: str, timed, dtype: str) -> None:
        r = results.setdefault(name, {"wall": [], "cpu": [], "tokens": 0, "run": 0, "padded": 0, "flops": 0.0, "dtype": dtype})
        r["wall"] += timed.wall
        r["cpu"] += timed.cpu
        r["tokens"] += timed.batch_tokens
        r["run"] += timed.meter.forward_tokens
        r["padded"] += timed.meter.padded_tokens
        r["flops"] += timed.meter.flops()

    def report(name: str, label: str) -> tuple[float, float]:
        r = results[name]
        wall = sum(r["wall"])
        tokens_s = r["tokens"] / wall
        mfu = r["flops"] / wall / peak[r["dtype"]]
        print(f"{label}: {statistics.median(r['wall']):.2f} s/step median ({statistics.fmean(r['wall']):.2f} mean), "
              f"{tokens_s:,.0f} tokens/s (real batch tokens; padding is {1 - r['run'] / max(r['padded'], 1):.0%} of what "
              f"the model runs), "
              f"{r['flops'] / wall / 1e9:,.1f} GFLOP/s = MFU {mfu:.1%} of the {r['dtype']} peak "
              f"(per CPU-second: {r['flops'] / sum(r['cpu']) / 1e9:,.1f} GFLOP/s)")
        return tokens_s, mfu

    # SFT, optimisations off vs on, fresh adapter on the base (as stage 1 runs).
    # The demo's LoRA dropout, where configs/demo.yaml sets another than the default: a change of recipe (other
    # random masks, so not the same computation), chosen by hand labels (docs/recipe.md, s18), timed as a third run.
    demo_dropout = load_config(ROOT / "configs" / "demo.yaml").training.lora.dropout
    variants = [("sft_off", False, None), ("sft_on", True, None)]
    if demo_dropout != settings(args, True, 1).lora.dropout:
        variants.append(("sft_demo", True, demo_dropout))
    for rep in range(0 if args.skip_sft else args.repeats):
        for name, optimised, dropout in variants:
            training = settings(args, optimised, args.warmup + args.steps, dropout)
            timed = TimedSteps(args.warmup)
            trainer, _ = build_trainer("sft", data, base, training, tmp / f"{name}-{rep}", callbacks=[timed.callback])
            timed.attach(trainer)
            trainer.train()
            record(name, timed, "bfloat16" if cpu_bf16(training) else "float32")
            results[name].setdefault("losses", [e["loss"] for e in trainer.state.log_history if "loss" in e])
            del trainer
    if not args.skip_sft:
        print(f"SFT settings on: cpu_bf16={settings(args, True, 1).cpu_bf16} "
              f"(bf16 here: {cpu_bf16(settings(args, True, 1))}), cpu_compact_lm_head=True, sft.padding_free=True")
        off, mfu_off = report("sft_off", "SFT, speed settings off")
        on, mfu_on = report("sft_on", "SFT, speed settings on ")
        print(f"SFT tokens/s on / off: {on / off:.2f}x  (target >= 1.5x: {'OK' if on / off >= 1.5 else 'MISSED'})")
        if "sft_demo" in results:
            demo, _ = report("sft_demo", f"SFT, speed settings on, LoRA dropout {demo_dropout} (the demo's recipe)")
            print(f"SFT tokens/s with the demo's LoRA dropout / off: {demo / off:.2f}x; / on: {demo / on:.2f}x (a recipe "
                  "change, not the same computation: docs/recipe.md, s18)")
        l_off, l_on = results["sft_off"]["losses"], results["sft_on"]["losses"]
        diff = max(abs(a - b) / abs(a) for a, b in zip(l_off, l_on))
        spread = statistics.pstdev(l_off) / statistics.fmean(l_off)
        print(f"SFT loss per step, same rows and seed: off {', '.join(f'{x:.4f}' for x in l_off)}; on "
              f"{', '.join(f'{x:.4f}' for x in l_on)}; largest relative difference {diff:.2%} against a step-to-step "
              f"spread of {spread:.1%}")
    if args.skip_kto:
        return

    # KTO: both continue the same LoRA adapter with the same settings (optimisations on), as stage 2 runs.
    adapter = tmp / "adapter"
    torch.manual_seed(0)
    get_peft_model(load_causal_lm(base.path), lora_config(settings(args, True, 1).lora)).save_pretrained(adapter)
    clamped: list[bool] = []  # per KTO-S training step (one micro-batch each), in order
    unpatched = kto_s_module.reference_point

    def counting_reference_point(*a, **kw):
        z0 = unpatched(*a, **kw)
        if (kw.get("variant") or a[2]) == "kto_s" and torch.is_grad_enabled():
            clamped.append(not z0.requires_grad)
        return z0

    kto_s_module.reference_point = counting_reference_point
    for rep in range(args.repeats):
        for name, cls in (("kto", KTOTrainer), ("kto_s", None)):
            training = settings(args, True, args.warmup + args.steps)
            timed = TimedSteps(args.warmup)
            trainer, _ = build_trainer("kto_s", data, base, training, tmp / f"{name}-{rep}", str(adapter),
                                       callbacks=[timed.callback], trainer_cls=cls)
            timed.attach(trainer)
            before = len(clamped)
            trainer.train()
            record(name, timed, "bfloat16" if cpu_bf16(training) else "float32")
            if name == "kto_s":  # the timed steps' clamp flags, after the warm-up's
                results[name].setdefault("clamped", []).extend(clamped[before + args.warmup:])
            del trainer
    report("kto", "stock TRL KTOTrainer        ")
    report("kto_s", "SingAlign KTOSTrainer (kto_s)")
    kto, kto_s = (statistics.median(results[k]["wall"]) for k in ("kto", "kto_s"))
    means = statistics.fmean(results["kto_s"]["wall"]) / statistics.fmean(results["kto"]["wall"])
    cpu_ratio = statistics.median(results["kto_s"]["cpu"]) / statistics.median(results["kto"]["cpu"])
    print(f"KTO-S / KTO step time ratio: {kto_s / kto:.3f} on medians, {means:.3f} on means, {cpu_ratio:.3f} on "
          f"median CPU seconds  (target <= 1.10 on medians: {'OK' if kto_s / kto <= 1.10 else 'MISSED'})")
    flags = results["kto_s"]["clamped"]
    assert len(flags) == len(results["kto_s"]["wall"]), "one z0 per timed KTO-S step expected"
    print(f"KTO-S timed steps with z0 clamped at 0 (no backward through the KL completions; on those KTO-S is KTO's "
          f"computation): {sum(flags)} of {len(flags)}")
    live = [t for t, c in zip(results["kto_s"]["wall"], flags) if not c]
    if live:
        print(f"KTO-S / KTO on the {len(live)} KTO-S step(s) where z0 did not clamp (the extra backward paid): "
              f"{statistics.median(live) / kto:.3f} on medians  (target <= 1.10: "
              f"{'OK' if statistics.median(live) / kto <= 1.10 else 'MISSED'})")
    else:
        print("KTO-S / KTO where z0 did not clamp: no such step in this run, so the KTO-S path was not timed")
    print("per-step seconds: " + "; ".join(f"{k}: " + ", ".join(f"{t:.1f}" for t in v["wall"])
                                           for k, v in results.items()))


if __name__ == "__main__":
    main()
