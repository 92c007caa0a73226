"""Stages ``kto`` and ``kto_s`` (one module, one trainer class; the stage name is ``KTOSTrainer``'s variant).
After SFT they continue the SFT adapter, with the SFT policy as the reference; alone, a fresh adapter on the base,
reference = base.

KTO (Ethayarajh et al., 2024) compares each completion's implied reward r = log πθ(y|x) − log πref(y|x) with a
reference point z0 = max(0, mean over the micro-batch of log πθ(y'|x) − log πref(y'|x)) estimated on mismatched
completions y'. TRL computes z0 without gradients (a constant offset).

KTO-S ("Safe at the Margins", Lim et al., 2025) is described as KTO with improved KL-divergence regularisation
that steadies training through better gradient use; its exact formula is not published. **SingAlign's reading**:
in KTO-S the policy log-probs on the mismatched completions keep their gradients and z0 is not detached, so the
KL term regularises the policy rather than only shifting the reward. β, the desirable/undesirable weights and the
clamp at zero are as in KTO. The reading lives in ``reference_point`` alone, so another reading replaces one
function.

``KTOSTrainer`` subclasses TRL's ``KTOTrainer`` and overrides only the loss (``_compute_loss``); TRL keeps the
data pipeline, the reference adapter, the optimiser and the loop.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Callable, Literal

import pandas as pd
import torch
import torch.nn.functional as F
from trl import KTOTrainer

from .balance import balanced_weights
from .chat import chat_completion, chat_prompt, shuffled

if TYPE_CHECKING:
    from ..config import KTOSettings

log = logging.getLogger(__name__)

Variant = Literal["kto", "kto_s"]


def z0_clamped(kl_estimate: float) -> bool:
    """Whether the clamp at zero stops z0's gradient: only below 0. At exactly 0 (every stage's first step after
    SFT, where policy and reference agree) torch's clamp passes the gradient, so KTO-S's step differs from KTO's
    there. The one definition behind the trainer's gradient, its clamped counts and the reports."""
    return kl_estimate < 0


def _rng_state() -> tuple:
    """The random state a forward draws dropout masks from (CPU, and every CUDA device once CUDA is in use)."""
    return torch.get_rng_state(), (torch.cuda.get_rng_state_all() if torch.cuda.is_initialized() else None)


def _set_rng_state(state: tuple) -> None:
    cpu, cuda = state
    torch.set_rng_state(cpu)
    if cuda is not None:
        torch.cuda.set_rng_state_all(cuda)


def reference_point(
    policy_kl_logps: torch.Tensor,
    ref_kl_logps: torch.Tensor,
    variant: Variant,
    global_mean: Callable[[torch.Tensor], torch.Tensor] | None = None,
) -> torch.Tensor:
    """z0 = max(0, mean(log πθ(y'|x) − log πref(y'|x))).

    ``kto``: detached (TRL's KTO). ``kto_s``: carries gradient to the policy (SingAlign's KTO-S reading).
    ``global_mean`` averages a detached value across processes; the value then is the global mean while the
    gradient flows through this process's share. Below zero the clamp passes no gradient, so z0 is detached
    there too: the same gradient, and backward skips the mismatched completions' graph (their extra backward is
    what KTO-S costs over KTO).
    """
    z = (policy_kl_logps - ref_kl_logps).mean()
    if global_mean is not None:
        z = z + (global_mean(z.detach()) - z.detach())
    if variant == "kto" or (z.requires_grad and z0_clamped(z.detach().item())):
        z = z.detach()
    return z.clamp(min=0)


def kto_losses(
    chosen_logratios: torch.Tensor,
    rejected_logratios: torch.Tensor,
    z0: torch.Tensor,
    beta: float,
    desirable_weight: float = 1.0,
    undesirable_weight: float = 1.0,
) -> torch.Tensor:
    """Per-example KTO losses, desirable first: λD(1 − σ(β(r − z0))) and λU(1 − σ(β(z0 − r)))."""
    chosen = 1 - F.sigmoid(beta * (chosen_logratios - z0))
    rejected = 1 - F.sigmoid(beta * (z0 - rejected_logratios))
    return torch.cat((desirable_weight * chosen, undesirable_weight * rejected), 0)


class KTOSTrainer(KTOTrainer):
    """TRL's KTOTrainer with the reference point of ``reference_point(variant=...)``."""

    def __init__(self, *args, variant: Variant = "kto_s", joint_reference_forward: bool = True, **kwargs):
        self.variant = variant
        self.joint_reference_forward = joint_reference_forward
        # Training micro-batches, and those whose KL estimate was below 0 (``z0_clamped``): there z0 clamps to 0 and
        # carries no gradient, so a KTO-S step is exactly a KTO step (reported in the stage summary and comparison).
        self.z0_counts = {"steps": 0, "clamped": 0}
        super().__init__(*args, **kwargs)
        if not self.calculate_KL:
            raise ValueError("KTO-S needs the KL estimate; loss_type 'apo_zero_unpaired' has none")

    def _sequence_logps(self, model, batch, prefix: str = "") -> torch.Tensor:
        input_ids = batch[f"{prefix}input_ids"]
        labels = input_ids.masked_fill(batch[f"{prefix}completion_mask"] == 0, -100)
        out = model(
            input_ids=input_ids,
            attention_mask=batch[f"{prefix}attention_mask"],
            labels=labels,
            use_cache=False,
            fused_lm_head=True,
        )
        return out.log_probs[:, -(input_ids.size(1) - 1) :].sum(-1)

    def _kl_logps(self, model, batch, ref_kl_logps: torch.Tensor, global_mean) -> torch.Tensor:
        """The policy's log-probs of the mismatched completions, with a graph only where one is used.

        KTO: without gradient (TRL's). KTO-S: they carry gradient through z0 unless the KL estimate is below 0,
        where the clamp passes none (``z0_clamped``). So the forward runs without a graph first; only when the
        estimate is not clamped does it run again with one, from the same random state (should dropout be on:
        TRL's ``disable_dropout`` turns it off in KTO), so it computes the same values. A clamped KTO-S step then
        costs what a KTO step does, instead of building a graph it throws away; an unclamped one pays one more
        forward over the mismatched completions (beside the backward that KTO-S needs there)."""
        may_need_graph = self.variant == "kto_s" and torch.is_grad_enabled()
        rewind = _rng_state() if may_need_graph else None
        with torch.no_grad():
            kl_logps = self._sequence_logps(model, batch, "KL_")
        if not may_need_graph or z0_clamped(global_mean((kl_logps - ref_kl_logps).mean()).item()):
            return kl_logps
        _set_rng_state(rewind)
        return self._sequence_logps(model, batch, "KL_")

    def _joint_ref_log_probs(self, model, batch) -> tuple[torch.Tensor, torch.Tensor]:
        """Reference log-probs of the completions and the mismatched completions in one forward over both (rows
        right-padded to a common length; padding is masked out of attention and labels), instead of TRL's two."""
        width = max(batch["input_ids"].size(1), batch["KL_input_ids"].size(1))
        pad_id = self.processing_class.pad_token_id if self.processing_class.pad_token_id is not None else 0

        def joined(key: str, value: int) -> torch.Tensor:
            parts = [batch[key], batch[f"KL_{key}"]]
            return torch.cat([F.pad(t, (0, width - t.size(1)), value=value) for t in parts], 0)

        both = {"input_ids": joined("input_ids", pad_id), "attention_mask": joined("attention_mask", 0),
                "completion_mask": joined("completion_mask", 0)}
        logps, _ = self.compute_ref_log_probs_no_kl(self.ref_model or model, both)
        n = batch["input_ids"].size(0)
        return logps[:n], logps[n:]

    def compute_ref_log_probs_no_kl(self, model, inputs):
        """TRL's ``compute_ref_log_probs`` (reference adapter, no grad, autocast) on ``inputs`` alone."""
        calculate_kl, self.calculate_KL = self.calculate_KL, False
        try:
            return self.compute_ref_log_probs(model, inputs)
        finally:
            self.calculate_KL = calculate_kl

    def _compute_loss(self, model, inputs, return_outputs):
        if return_outputs or self._is_vision_dataset:
            raise NotImplementedError("KTOSTrainer supports text-only training without returned outputs")
        mode = "train" if self.model.training else "eval"
        batch = {k: (v.to(self.accelerator.device) if isinstance(v, torch.Tensor) else v) for k, v in inputs.items()}
        labels = torch.as_tensor(batch["label"], dtype=torch.bool, device=self.accelerator.device)
        chosen_idx = torch.nonzero(labels).view(-1)
        rejected_idx = torch.nonzero(~labels).view(-1)

        logps = self._sequence_logps(model, batch)
        if self.precompute_ref_logps:
            ref_logps, ref_kl_logps = batch["ref_logps"], batch["ref_KL_logps"]
        elif self.joint_reference_forward and not self.args.bf16:
            # Under bf16 autocast the padded joint batch rounds differently from the policy's own forward on the
            # mismatched completions: at step 1, policy = reference, the KL estimate came out -0.18 instead of 0,
            # pushing z0 into its clamp. So the joint forward is used in fp32 only, where both agree exactly.
            ref_logps, ref_kl_logps = self._joint_ref_log_probs(model, batch)
        else:
            ref_logps, ref_kl_logps = self.compute_ref_log_probs(self.ref_model or model, batch)

        global_mean = lambda t: self.accelerator.gather_for_metrics(t).mean()  # noqa: E731
        kl_logps = self._kl_logps(model, batch, ref_kl_logps, global_mean)
        z0 = reference_point(kl_logps, ref_kl_logps, self.variant, global_mean=global_mean)
        logratios = logps - ref_logps
        losses = kto_losses(
            logratios.index_select(0, chosen_idx),
            logratios.index_select(0, rejected_idx),
            z0,
            self.beta,
            self.desirable_weight,
            self.undesirable_weight,
        )

        metrics = self._metrics[mode]
        metrics["kl"].append(z0.item())
        raw = self.accelerator.gather_for_metrics((kl_logps - ref_kl_logps).mean().detach()).mean().item()
        metrics["kl_raw"].append(raw)  # the KL estimate before the clamp
        metrics["z0_clamped"].append(float(z0_clamped(raw)))
        if mode == "train":
            self.z0_counts["steps"] += 1
            self.z0_counts["clamped"] += z0_clamped(raw)
        rewards = self.beta * logratios.detach()
        gather = self.accelerator.gather_for_metrics
        mean_reward = {}
        for name, idx in (("chosen", chosen_idx), ("rejected", rejected_idx)):
            n = gather(torch.tensor(float(idx.numel()), device=rewards.device)).sum().item()
            if n > 0:
                mean_reward[name] = gather(rewards.index_select(0, idx).sum()).sum().item() / n
                metrics[f"rewards/{name}"].append(mean_reward[name])
                metrics[f"logps/{name}"].append(gather(logps.detach().index_select(0, idx).sum()).sum().item() / n)
        if len(mean_reward) == 2:
            metrics["rewards/margins"].append(mean_reward["chosen"] - mean_reward["rejected"])
        return losses.nanmean()


def kto_dataset(rows: pd.DataFrame, seed: int):
    """All rows, shuffled once here: KTO needs a sequential sampler (its KL pairs are built inside each batch)."""
    from datasets import Dataset

    data = shuffled(rows, seed)
    if data["label"].astype(bool).all() or not data["label"].astype(bool).any():
        raise ValueError("KTO needs both desirable and undesirable rows")
    return Dataset.from_dict(
        {
            "prompt": [chat_prompt(p) for p in data["prompt"]],
            "completion": [chat_completion(c) for c in data["completion"]],
            "label": [bool(x) for x in data["label"]],
        }
    )


def config_options(settings: KTOSettings, rows: pd.DataFrame, stage: str) -> dict:
    """β and the desirable/undesirable weights; with ``auto_balance``, λD moved so the rows' balance lands in
    KTO's recommended range."""
    desirable_weight, undesirable_weight = settings.desirable_weight, settings.undesirable_weight
    if settings.auto_balance:
        n_desirable = int(rows["label"].astype(bool).sum())
        desirable_weight, undesirable_weight = balanced_weights(
            n_desirable, len(rows) - n_desirable, desirable_weight, undesirable_weight
        )
        if desirable_weight != settings.desirable_weight:
            log.warning("%s: %d desirable / %d undesirable rows are outside KTO's recommended balance; "
                        "desirable_weight %.3f → %.3f", stage, n_desirable, len(rows) - n_desirable,
                        settings.desirable_weight, desirable_weight)
    return dict(beta=settings.beta, desirable_weight=desirable_weight, undesirable_weight=undesirable_weight)


def trainer_options(settings: KTOSettings, tokenizer, stage: Variant) -> dict:
    """``KTOSTrainer``'s variant is the stage's name: ``kto`` and ``kto_s`` are the two stages of this module."""
    return dict(variant=stage, joint_reference_forward=settings.joint_reference_forward)
