"""``base_model.revision`` and ``base_model.dtype`` reach every loader outside training: transformers generation
(model and tokenizer, also with an adapter such as production's), lm-eval's ``model_args`` and vLLM. A local folder
is loaded without a revision. The loaders' entry points are replaced by recorders, so nothing is downloaded."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from alignment.config import BaseModelSettings, BenchmarkSettings, GenerationSettings, load_config
from alignment.models import ResolvedModel, resolve_base_model

ROOT = Path(__file__).resolve().parent.parent
HUB_ID, PINNED = "example-org/example-model", "0123abcd"


@pytest.fixture
def hub_base(tmp_path) -> ResolvedModel:
    return resolve_base_model(BaseModelSettings(id=HUB_ID, revision=PINNED, dtype="float16"), tmp_path)


def test_a_hub_id_resolves_with_its_pinned_revision_and_a_folder_without_one(tmp_path):
    cfg = load_config(ROOT / "configs" / "demo.yaml", [f"base_model.id={HUB_ID}", f"base_model.revision={PINNED}"])
    from alignment.pipeline import prepare_base_model

    base = prepare_base_model(cfg)
    assert (base.path, base.revision, base.hub_revision) == (HUB_ID, PINNED, PINNED)
    assert base.dtype == cfg.base_model.dtype == "float32"  # demo.yaml sets it
    unpinned = resolve_base_model(BaseModelSettings(id=HUB_ID), tmp_path)
    assert (unpinned.revision, unpinned.hub_revision) == ("main", None)
    folder = tmp_path / "weights"
    folder.mkdir()
    local = resolve_base_model(BaseModelSettings(id=str(folder), revision=PINNED), tmp_path)
    assert (local.path, local.revision, local.hub_revision) == (str(folder.resolve()), PINNED, None)


def test_dtype_auto_is_the_device_rule_and_an_explicit_dtype_wins():
    auto = ResolvedModel(path="p", id="p", revision="r")
    assert (auto.dtype_on("cpu"), auto.dtype_on("cuda")) == ("float32", "bfloat16")
    half = ResolvedModel(path="p", id="p", revision="r", dtype="float16")
    assert (half.dtype_on("cpu"), half.dtype_on("cuda")) == ("float16", "float16")
    assert BaseModelSettings().dtype == "auto"


class _FakeLM:
    merged = False

    def to(self, device):
        return self

    def merge_and_unload(self):  # peft: fold the adapter into the base weights
        self.merged = True
        return self

    def eval(self):
        return self


def _record_transformers(monkeypatch) -> list[tuple[str, str, dict]]:
    import peft
    import transformers

    calls: list[tuple[str, str, dict]] = []

    def loader(kind, result):
        def from_pretrained(*args, **kwargs):  # (path) for transformers, (model, adapter path) for peft
            calls.append((kind, str(args[-1]), kwargs))
            return result
        return staticmethod(from_pretrained)

    monkeypatch.setattr(transformers.AutoTokenizer, "from_pretrained", loader("tokenizer", types.SimpleNamespace(
        pad_token="<pad>", eos_token="<eos>")))
    monkeypatch.setattr(transformers.AutoModelForCausalLM, "from_pretrained", loader("model", _FakeLM()))
    monkeypatch.setattr(peft.PeftModel, "from_pretrained", loader("adapter", _FakeLM()))
    return calls


@pytest.mark.parametrize("adapter", [None, "/adapters/production"])
def test_generation_loads_the_base_at_the_pinned_revision_in_the_configured_dtype(monkeypatch, hub_base, adapter):
    import torch

    from alignment.evaluation import evaluate, generate

    calls = _record_transformers(monkeypatch)
    used = []
    monkeypatch.setattr(generate, "generate_responses",
                        lambda model, tok, prompts, *a, **k: used.append(model) or [["ok"]] * len(prompts))
    out = evaluate.generate_sets("candidate", hub_base, adapter, {"redteam": [{"prompt": "hi"}]}, GenerationSettings(),
                                 device="cpu", backend="transformers")
    assert out == {"redteam": [["ok"]]}
    assert used[0].merged == (adapter is not None)  # an adapter is merged for generation
    by_kind = {kind: (path, kwargs) for kind, path, kwargs in calls}
    model_path, model_kwargs = by_kind["model"]
    assert (model_path, model_kwargs["revision"], model_kwargs["dtype"]) == (HUB_ID, PINNED, torch.float16)
    tok_path, tok_kwargs = by_kind["tokenizer"]
    if adapter is None:
        assert (tok_path, tok_kwargs["revision"]) == (HUB_ID, PINNED)
    else:  # the adapter folder carries its own tokenizer; a folder has no revisions
        assert (tok_path, tok_kwargs["revision"]) == (adapter, None)
        assert by_kind["adapter"][0] == adapter


def test_generation_from_a_local_folder_passes_no_revision(monkeypatch, tmp_path):
    from alignment.evaluation import evaluate, generate

    calls = _record_transformers(monkeypatch)
    monkeypatch.setattr(generate, "generate_responses", lambda model, tok, prompts, *a, **k: [["ok"]] * len(prompts))
    local = resolve_base_model(BaseModelSettings(id=str(tmp_path), revision=PINNED), tmp_path)
    evaluate.generate_sets("base", local, None, {"benign": [{"prompt": "hi"}]}, GenerationSettings(), device="cpu",
                           backend="transformers")
    assert [(kind, kwargs["revision"]) for kind, _, kwargs in calls] == [("tokenizer", None), ("model", None)]


@pytest.mark.parametrize("pinned", [True, False])
def test_benchmarks_pass_the_revision_and_dtype_to_lm_eval(monkeypatch, tmp_path, hub_base, pinned):
    import lm_eval
    import lm_eval.tasks

    from alignment.evaluation.benchmarks import run_benchmarks

    seen = {}

    def simple_evaluate(**kwargs):
        seen.update(kwargs)
        return {"results": {"singalign_sgknow": {"acc,none": 0.5}}}

    monkeypatch.setattr(lm_eval, "simple_evaluate", simple_evaluate)
    monkeypatch.setattr(lm_eval.tasks, "TaskManager", lambda **kwargs: None)
    base = hub_base if pinned else ResolvedModel(path=str(tmp_path), id=str(tmp_path), revision="local")
    scores = run_benchmarks(base, "/adapters/x", BenchmarkSettings(), tmp_path, device="cpu")
    assert scores == {"singalign_sgknow": 50.0}
    args = dict(part.split("=", 1) for part in seen["model_args"].split(","))
    if pinned:
        assert args == {"pretrained": HUB_ID, "dtype": "float16", "revision": PINNED, "peft": "/adapters/x"}
    else:
        assert args == {"pretrained": str(tmp_path), "dtype": "float32", "peft": "/adapters/x"}


def test_vllm_loads_the_base_at_the_pinned_revision_in_the_configured_dtype(monkeypatch, hub_base):
    from alignment.evaluation.generate import generate_vllm

    seen = {}

    class LLM:
        def __init__(self, **kwargs):
            seen.update(kwargs)

        def chat(self, conversations, params, lora_request=None, use_tqdm=False):
            return [types.SimpleNamespace(outputs=[types.SimpleNamespace(text=" ok ")]) for _ in conversations]

    vllm = types.ModuleType("vllm")
    vllm.LLM, vllm.SamplingParams = LLM, lambda **kwargs: kwargs
    lora, request = types.ModuleType("vllm.lora"), types.ModuleType("vllm.lora.request")
    request.LoRARequest = lambda *args: args
    for name, module in (("vllm", vllm), ("vllm.lora", lora), ("vllm.lora.request", request)):
        monkeypatch.setitem(sys.modules, name, module)

    assert generate_vllm(hub_base, None, ["hi"], GenerationSettings()) == [["ok"]]
    assert (seen["model"], seen["revision"], seen["tokenizer_revision"], seen["dtype"]) == (
        HUB_ID, PINNED, PINNED, "float16")


def test_the_converted_embedded_model_holds_the_gguf_weights(base_model):
    """The one-time GGUF conversion (parsed once, see ``models._gguf_parsed_once``) writes the weights gguf itself
    dequantises, checked here against gguf's own reader for tensors transformers stores without reordering."""
    import gguf
    import numpy as np
    from safetensors.numpy import load_file

    from alignment import models

    reader = gguf.GGUFReader(str(models.package_dir(models._SMOLLM2_PACKAGE) / models._SMOLLM2_GGUF))
    tensors = {t.name: t for t in reader.tensors}
    saved = load_file(str(Path(base_model.path) / "model.safetensors"))
    pairs = {"token_embd.weight": "model.embed_tokens.weight", "blk.0.ffn_down.weight": "model.layers.0.mlp.down_proj.weight",
             "blk.29.attn_v.weight": "model.layers.29.self_attn.v_proj.weight",
             "blk.17.attn_norm.weight": "model.layers.17.input_layernorm.weight"}
    for src, dst in pairs.items():
        t = tensors[src]
        np.testing.assert_array_equal(saved[dst], gguf.dequantize(t.data, t.tensor_type).reshape(saved[dst].shape),
                                      err_msg=f"{dst} differs from the GGUF's {src}")
    assert not any(k.startswith("quant") for k in saved)
    # The memo is closed again: the next parse reads the file afresh.
    assert gguf.GGUFReader is type(reader) and not hasattr(gguf.get_tensor_name_map, "cache_info")
