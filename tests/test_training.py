"""Training on the real embedded model with tiny settings."""

import pytest
import torch

from alignment.training.lora import lora_config
from tests.helpers import rows, tiny_config


def test_sft_trains_a_lora_adapter_whose_loss_falls(base_model, tmp_path):
    from alignment.training.stages import run_stage

    cfg = tiny_config()
    result = run_stage("sft", rows(), base_model, cfg.training, tmp_path / "sft")
    assert result.steps == 6 and len(result.losses) == 6
    assert result.losses[-1] < result.losses[0] * 0.9, result.losses
    adapter = tmp_path / "sft"
    assert (adapter / "adapter_model.safetensors").is_file()
    import json

    acfg = json.loads((adapter / "adapter_config.json").read_text())
    assert acfg["r"] == 16 and not acfg.get("modules_to_save")


def test_padding_free_sft_rows_do_not_attend_to_each_other(base_model, tmp_path):
    """``sft.padding_free`` packs a batch's rows into one sequence; each row must see only itself. transformers
    builds the block-causal mask from the restarting position ids only when no KV cache is in use: TRL turns the
    cache off for training, and with it on, a packed row attends to the rows before it (checked here too)."""
    from alignment.training.stages import build_trainer

    cfg = tiny_config("training.sft.max_steps=1", "training.cpu_bf16=off")
    trainer, _ = build_trainer("sft", rows(), base_model, cfg.training, tmp_path)
    assert trainer.model.config.use_cache is False
    batch = next(iter(trainer.get_train_dataloader()))
    ids, pos = batch["input_ids"], batch["position_ids"]
    starts = (pos[0] == 0).nonzero().flatten().tolist()
    assert ids.size(0) == 1 and len(starts) == 4  # four rows in one sequence
    last = slice(starts[-1], ids.size(1))
    model = trainer.model.eval()
    with torch.no_grad():
        packed = model(input_ids=ids, position_ids=pos).logits[0, last]
        alone = model(input_ids=ids[:, last]).logits[0]
        leaking = model(input_ids=ids, position_ids=pos, use_cache=True).logits[0, last]
    torch.testing.assert_close(packed, alone, rtol=1e-4, atol=1e-3)
    assert (leaking - alone).abs().max() > 1.0


@pytest.fixture(scope="module")
def sft_adapter(base_model, tmp_path_factory):
    """An adapter that differs from the base (random LoRA B), standing in for a finished SFT stage."""
    from peft import get_peft_model

    from alignment.models import load_causal_lm

    torch.manual_seed(0)
    # With LoRA dropout modules (the demo's recipe has none since s18; TRL's KTO turns dropout off anyway, but one
    # test below turns it back on to check the KL forward's random state).
    lora = lora_config(tiny_config("training.lora.dropout=0.05").training.lora)
    model = get_peft_model(load_causal_lm(base_model.path), lora)
    for name, p in model.named_parameters():
        if "lora_B" in name:
            p.data.normal_(0, 0.02)
    out = tmp_path_factory.mktemp("sft-adapter")
    model.save_pretrained(out)
    return str(out)


def _trainer(base_model, adapter, cls, tmp, **kw):
    from peft import PeftModel
    from trl import KTOConfig

    from alignment.models import load_causal_lm, load_tokenizer
    from alignment.training.device import trainer_kwargs
    from alignment.training.kto_s import kto_dataset

    # fp32 (cpu_bf16 off): these tests compare log-probs and losses across trainers at fp32 tolerances.
    cfg = tiny_config("training.kto.max_steps=2", "training.kto.per_device_train_batch_size=4", "training.kto.max_length=64",
                      "training.cpu_bf16=off")
    model = PeftModel.from_pretrained(load_causal_lm(base_model.path), adapter, is_trainable=True)
    args = KTOConfig(**trainer_kwargs(cfg.training.kto, cfg.training, tmp), beta=0.1)
    return cls(model=model, args=args, train_dataset=kto_dataset(rows(), 0), processing_class=load_tokenizer(base_model.path), **kw)


def _logps(trainer, batch, adapter_name):
    from trl.trainer.utils import use_adapter

    model = trainer.model
    with torch.no_grad(), use_adapter(model, adapter_name=adapter_name):
        return trainer._sequence_logps(model, batch)


def test_kto_s_reference_policy_is_the_sft_policy(base_model, sft_adapter, tmp_path):
    from alignment.training.kto_s import KTOSTrainer

    trainer = _trainer(base_model, sft_adapter, KTOSTrainer, tmp_path, variant="kto_s")
    batch = next(iter(trainer.get_train_dataloader()))
    ref_logps, _ = trainer.compute_ref_log_probs(trainer.model, batch)
    sft_logps = _logps(trainer, batch, "default")  # before training, the policy *is* the SFT adapter
    base_logps = _logps(trainer, batch, None)  # adapters disabled
    torch.testing.assert_close(ref_logps, sft_logps)
    assert not torch.allclose(ref_logps, base_logps, atol=1e-3)

    trainer.train()
    after_ref, _ = trainer.compute_ref_log_probs(trainer.model, batch)
    torch.testing.assert_close(after_ref, ref_logps)  # the reference stays frozen at the SFT policy
    assert not torch.allclose(_logps(trainer, batch, "default"), sft_logps)  # while the policy moved


def test_kto_s_loss_value_equals_trl_kto_and_only_gradients_differ(base_model, sft_adapter, tmp_path):
    from trl import KTOTrainer

    from alignment.training.kto_s import KTOSTrainer

    stock = _trainer(base_model, sft_adapter, KTOTrainer, tmp_path / "a")
    ours_kto = _trainer(base_model, sft_adapter, KTOSTrainer, tmp_path / "b", variant="kto")
    ours_kto_s = _trainer(base_model, sft_adapter, KTOSTrainer, tmp_path / "c", variant="kto_s")
    batch = next(iter(stock.get_train_dataloader()))
    grads = {}
    for name, tr in (("stock", stock), ("kto", ours_kto), ("kto_s", ours_kto_s)):
        # Move the policy away from its reference (identically in all three) so the KL estimate is not zero.
        torch.manual_seed(1)
        for n, p in tr.model.named_parameters():
            if ".default." in n and "lora_B" in n:
                p.data.add_(torch.randn_like(p) * 0.05)
        tr.model.eval()  # no dropout: identical forward passes
        loss = tr.compute_loss(tr.model, dict(batch))
        loss.backward()
        grads[name] = (loss.item(), torch.cat([p.grad.flatten() for n, p in tr.model.named_parameters() if p.grad is not None]))
    z0 = ours_kto_s._metrics["eval"]["kl"][-1]
    assert stock._metrics["eval"]["kl"][-1] == pytest.approx(z0, rel=1e-5)
    assert grads["kto"][0] == pytest.approx(grads["stock"][0], rel=1e-5)
    assert grads["kto_s"][0] == pytest.approx(grads["stock"][0], rel=1e-5)
    torch.testing.assert_close(grads["kto"][1], grads["stock"][1], rtol=1e-4, atol=1e-6)
    assert z0 > 0, "the perturbation should give a positive reference point"
    assert not torch.allclose(grads["kto_s"][1], grads["stock"][1], rtol=1e-4, atol=1e-6)


def test_kto_s_builds_the_kl_graph_only_where_z0_does_not_clamp(base_model, sft_adapter, tmp_path):
    """The mismatched completions' forward runs without a graph first; it is repeated with one, from the same random
    state (the same LoRA dropout masks, so the same values), only when the KL estimate is not below 0."""
    from alignment.training.kto_s import KTOSTrainer

    trainer = _trainer(base_model, sft_adapter, KTOSTrainer, tmp_path, variant="kto_s")
    for m in trainer.model.modules():  # TRL's KTO turns dropout off (disable_dropout); turn LoRA's on, so the
        if isinstance(m, torch.nn.Dropout):  # masks are drawn and must match between the two forwards
            m.p = 0.05
    trainer.model.train()
    batch = next(iter(trainer.get_train_dataloader()))
    torch.manual_seed(3)
    with torch.no_grad():
        once = trainer._sequence_logps(trainer.model, batch, "KL_")
    after_one_forward = torch.get_rng_state()
    torch.manual_seed(4)
    with torch.no_grad():
        assert not torch.allclose(trainer._sequence_logps(trainer.model, batch, "KL_"), once)  # dropout is live
    for shift, live in ((-1.0, True), (0.0, True), (1.0, False)):  # KL estimate = -shift; clamped below 0 only
        torch.manual_seed(3)
        got = trainer._kl_logps(trainer.model, batch, once + shift, lambda t: t)
        assert got.requires_grad is live, shift
        torch.testing.assert_close(got.detach(), once, rtol=0, atol=0)
        assert torch.equal(torch.get_rng_state(), after_one_forward)  # the random stream goes on as after one forward
    kto = _trainer(base_model, sft_adapter, KTOSTrainer, tmp_path / "kto", variant="kto")
    kto.model.train()
    assert not kto._kl_logps(kto.model, batch, once - 1.0, lambda t: t).requires_grad


def test_joint_reference_forward_gives_trls_two_forward_values(base_model, sft_adapter, tmp_path):
    """``kto.joint_reference_forward`` (read by ``kto_s.trainer_options``): one reference forward over completions and
    mismatched completions gives the values of TRL's two."""
    from alignment.training.stages import build_trainer

    cfg = tiny_config("training.kto.max_steps=1", "training.kto.per_device_train_batch_size=4", "training.kto.max_length=64")
    trainer, _ = build_trainer("kto_s", rows(), base_model, cfg.training, tmp_path, sft_adapter)
    assert trainer.joint_reference_forward is True
    batch = next(iter(trainer.get_train_dataloader()))
    two = trainer.compute_ref_log_probs(trainer.model, batch)
    one = trainer._joint_ref_log_probs(trainer.model, batch)
    bf16 = trainer.args.bf16  # bf16 autocast (cpu_bf16 on an AMX CPU): a different batch shape may round differently
    for a, b in zip(one, two):
        torch.testing.assert_close(a, b, rtol=2e-2 if bf16 else 1e-4, atol=0.5 if bf16 else 1e-3)
    off = cfg.training.model_copy(deep=True)
    off.kto.joint_reference_forward = False
    assert build_trainer("kto_s", rows(), base_model, off, tmp_path / "off", sft_adapter)[0].joint_reference_forward is False


def test_the_kl_estimate_is_exactly_zero_when_policy_and_reference_are_the_same(base_model, tmp_path):
    """A fresh adapter (LoRA B = 0) is the reference: on the first batch the KL estimate must be 0, not pushed below
    the clamp by rounding (under bf16 autocast the joint reference forward gave -0.18, so it is fp32-only)."""
    from alignment.training.stages import build_trainer

    cfg = tiny_config("training.kto.max_steps=1", "training.kto.per_device_train_batch_size=4", "training.kto.max_length=64")
    trainer, _ = build_trainer("kto_s", rows(), base_model, cfg.training, tmp_path)
    batch = next(iter(trainer.get_train_dataloader()))
    trainer.model.train()
    trainer.compute_loss(trainer.model, batch)
    (raw,) = trainer._metrics["train"]["kl_raw"]
    # exactly 0: the clamp passes KTO-S's gradient there, so the step is not counted as clamped (kto_s.z0_clamped)
    assert raw == 0.0 and trainer.z0_counts == {"steps": 1, "clamped": 0}


def test_compact_cpu_lm_head_gives_the_same_log_probs(base_model):
    """``training.cpu_compact_lm_head`` (read in ``policy_model``): TRL's fused head scores only labelled positions
    on CPU, with the log-probs (and so the loss) of scoring every position."""
    from peft import get_peft_model
    from trl.trainer.utils import add_fused_lm_head

    from alignment.models import load_causal_lm
    from alignment.training.device import compact_lm_head

    torch.manual_seed(0)
    model = load_causal_lm(base_model.path)
    add_fused_lm_head(model)
    model = get_peft_model(model, lora_config(tiny_config().training.lora))
    ids = torch.randint(0, 1000, (2, 12))
    labels = ids.clone()
    labels[:, :5] = -100
    out = {}
    for value in (False, True):
        cfg = tiny_config(f"training.cpu_compact_lm_head={str(value).lower()}")
        compact_lm_head(cfg.training)
        with torch.no_grad():
            out[value] = model(input_ids=ids, labels=labels, fused_lm_head=True).log_probs
    torch.testing.assert_close(out[True], out[False])
    assert (out[True][:, :4] == 0).all() and (out[True][:, 4:] != 0).all()


def test_flop_meter_counts_real_tokens_and_labelled_head_positions(base_model):
    from peft import get_peft_model
    from trl.trainer.utils import add_fused_lm_head

    from alignment.models import load_causal_lm
    from alignment.training.perf import FlopMeter

    model = load_causal_lm(base_model.path)
    add_fused_lm_head(model)
    model = get_peft_model(model, lora_config(tiny_config().training.lora))
    meter = FlopMeter.attach(model)
    meter.active = True
    ids = torch.randint(0, 1000, (2, 10))
    mask = torch.ones_like(ids)
    mask[1, 7:] = 0
    labels = ids.masked_fill(mask == 0, -100)
    labels[:, :4] = -100
    model(input_ids=ids, attention_mask=mask, labels=labels, fused_lm_head=True).loss.backward()
    with torch.no_grad():
        model(input_ids=ids, attention_mask=mask, labels=labels, fused_lm_head=True)
    assert (meter.forward_tokens, meter.backward_tokens, meter.padded_tokens) == (34, 17, 40)
    assert (meter.forward_labelled, meter.backward_labelled) == (18, 9)  # labels[:, 1:] != -100: 6 + 3 per pass
    body = meter.n_params - meter.n_head
    assert meter.flops() == 2 * body * 51 + 2 * meter.n_head * 27 + 2 * meter.n_lora * 17


def test_lora_on_the_top_layers_only_trains_only_those_layers(base_model, tmp_path):
    from safetensors import safe_open

    from alignment.training.lora import TrainingSetupError
    from alignment.training.stages import run_stage

    cfg = tiny_config("training.sft.max_steps=2", "training.lora.layers_to_transform=[28,29]")
    run_stage("sft", rows(), base_model, cfg.training, tmp_path / "top")
    with safe_open(str(tmp_path / "top" / "adapter_model.safetensors"), "pt") as f:
        layers = {int(k.split(".layers.")[1].split(".")[0]) for k in f.keys()}
    assert layers == {28, 29}

    too_deep = tiny_config("training.sft.max_steps=2", "training.lora.layers_to_transform=[29,30]")
    with pytest.raises(TrainingSetupError, match=r"names layer 30, but the base model has 30 decoder layers"):
        run_stage("sft", rows(), base_model, too_deep.training, tmp_path / "deep")
