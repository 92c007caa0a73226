"""KTO-S: the loss on fixed tensors against hand-computed values, and the trainer on the real model."""

import math

import pytest
import torch

from alignment.training.kto_s import kto_losses, reference_point, z0_clamped


def sig(x: float) -> float:
    return 1 / (1 + math.exp(-x))


POLICY_KL = [-10.0, -11.0]
REF_KL = [-11.0, -13.0]  # differences 1 and 2 → mean 1.5


@pytest.mark.parametrize("variant", ["kto", "kto_s"])
def test_reference_point_value_is_the_clamped_mean(variant):
    z0 = reference_point(torch.tensor(POLICY_KL), torch.tensor(REF_KL), variant)
    assert z0.item() == pytest.approx(1.5)
    negative = reference_point(torch.tensor([-12.0, -14.0]), torch.tensor(REF_KL), variant)
    assert negative.item() == 0.0  # mean −1 clamps to 0


def test_z0_carries_gradient_in_kto_s_and_none_in_kto():
    policy = torch.tensor(POLICY_KL, requires_grad=True)
    z0 = reference_point(policy, torch.tensor(REF_KL), "kto_s")
    assert z0.requires_grad
    z0.backward()
    assert policy.grad.tolist() == pytest.approx([0.5, 0.5])  # d mean / d x_i

    policy = torch.tensor(POLICY_KL, requires_grad=True)
    z0 = reference_point(policy, torch.tensor(REF_KL), "kto")
    assert not z0.requires_grad and z0.grad_fn is None


def test_clamped_z0_passes_no_gradient_and_skips_the_kl_backward():
    policy = torch.tensor([-12.0, -14.0], requires_grad=True)
    undetached = (policy - torch.tensor(REF_KL)).mean().clamp(min=0)
    undetached.backward()
    assert policy.grad.tolist() == [0.0, 0.0]  # what the clamp gives below zero anyway
    z0 = reference_point(policy, torch.tensor(REF_KL), "kto_s")
    assert z0.item() == 0.0 and not z0.requires_grad  # so nothing is back-propagated through the KL completions
    at_zero = reference_point(torch.tensor([-11.0, -13.0], requires_grad=True), torch.tensor(REF_KL), "kto_s")
    assert at_zero.requires_grad  # exactly zero keeps the clamp's gradient, as without the shortcut
    # so a step counts as clamped (KTO-S = KTO) only below zero: the counts the reports print say what the code did
    assert z0_clamped(-1e-6) and not z0_clamped(0.0) and not z0_clamped(1.5)


def test_global_mean_sets_the_value_but_keeps_the_local_gradient():
    policy = torch.tensor(POLICY_KL, requires_grad=True)
    z0 = reference_point(policy, torch.tensor(REF_KL), "kto_s", global_mean=lambda t: t * 0 + 3.0)
    assert z0.item() == pytest.approx(3.0)
    z0.backward()
    assert policy.grad.tolist() == pytest.approx([0.5, 0.5])


def test_kto_losses_match_hand_computed_values():
    beta, z0, rc, rr = 0.1, 1.5, 2.0, -1.0
    losses = kto_losses(torch.tensor([rc]), torch.tensor([rr]), torch.tensor(z0), beta, 2.0, 0.5)
    expected_chosen = 2.0 * (1 - sig(beta * (rc - z0)))  # 2 (1 − σ(0.05)) = 0.975005…
    expected_rejected = 0.5 * (1 - sig(beta * (z0 - rr)))  # 0.5 (1 − σ(0.25)) = 0.2189117…
    assert losses.tolist() == pytest.approx([expected_chosen, expected_rejected], rel=1e-6)
    assert expected_chosen == pytest.approx(0.9750052, rel=1e-6)
    assert expected_rejected == pytest.approx(0.2189117, rel=1e-6)


def test_kto_s_loss_gradient_through_z0_matches_hand_derivation():
    beta, rc, rr = 0.1, 2.0, -1.0
    policy_kl = torch.tensor(POLICY_KL, requires_grad=True)
    z0 = reference_point(policy_kl, torch.tensor(REF_KL), "kto_s")
    loss = kto_losses(torch.tensor([rc]), torch.tensor([rr]), z0, beta).mean()
    loss.backward()
    x, y = beta * (rc - 1.5), beta * (1.5 - rr)
    dl_dz0 = (beta * sig(x) * (1 - sig(x)) - beta * sig(y) * (1 - sig(y))) / 2  # mean over the two losses
    assert policy_kl.grad.tolist() == pytest.approx([dl_dz0 / 2, dl_dz0 / 2], rel=1e-5)

    policy_kl = torch.tensor(POLICY_KL, requires_grad=True)
    z0 = reference_point(policy_kl, torch.tensor(REF_KL), "kto")
    loss = kto_losses(torch.tensor([rc], requires_grad=True), torch.tensor([rr]), z0, beta).mean()
    loss.backward()
    assert policy_kl.grad is None
