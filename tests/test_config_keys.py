"""Every config key is read by the product: a key that nothing reads (``base_model.dtype`` was one) fails here.

Walks every field of ``SingAlignConfig`` and looks for a read in the product's source (``alignment/``, ``flows/``,
``tasks/``, ``singalign/``; not ``bench/`` or ``tools/``, whose reads do not reach a run, and not
``alignment/config.py``, which declares and normalises the keys): an attribute access ``.name`` or the key as a
string (``getattr(settings, "name")``), in a file that handles that part of the config (it names the field's
settings class, or the section as ``.section``). Names such as ``dtype`` are attributes of many other objects
(``tensor.dtype``), so a bare ``.dtype`` anywhere does not count.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from alignment.config import SingAlignConfig

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("alignment", "flows", "tasks", "singalign")
DECLARED_IN = ROOT / "alignment" / "config.py"

# key → why it is allowed to be read nowhere. Empty: every key is read.
UNREAD_ALLOWED: dict[str, str] = {}


def config_keys(model: type[BaseModel] = SingAlignConfig, section: str | None = None, prefix: str = ""):
    """(dotted key, field name, owning settings class, name of the section holding it) for every field."""
    for name, field in model.model_fields.items():
        yield prefix + name, name, model, section
        kind = field.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            yield from config_keys(kind, name, prefix + name + ".")


def _owners(model: type[BaseModel]) -> list[str]:
    """The settings class and the settings classes it inherits fields from (KTOSettings → StageSettings)."""
    return [c.__name__ for c in model.__mro__
            if issubclass(c, BaseModel) and c.__module__ == SingAlignConfig.__module__ and not c.__name__.startswith("_")]


def unread_keys(sources: dict[str, str]) -> list[str]:
    unread = []
    for key, name, model, section in config_keys():
        handles = re.compile(r"\b(?:" + "|".join(_owners(model)) + r")\b" + (rf"|\.{section}\b" if section else ""))
        reads = re.compile(rf"\.{name}\b|[\"']{name}[\"']")
        if not any(handles.search(text) and reads.search(text) for text in sources.values()):
            unread.append(key)
    return unread


def product_sources() -> dict[str, str]:
    return {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for folder in PRODUCT
            for p in sorted((ROOT / folder).rglob("*.py")) if p != DECLARED_IN}


def test_every_config_key_is_read_somewhere():
    unread = [k for k in unread_keys(product_sources()) if k not in UNREAD_ALLOWED]
    assert not unread, f"config keys nothing reads (wire them or remove them from the schema and configs/): {unread}"


def test_the_allowlist_names_real_keys_with_reasons():
    keys = {key for key, *_ in config_keys()}
    assert all(k in keys and reason.strip() for k, reason in UNREAD_ALLOWED.items())


def test_the_check_finds_a_key_read_only_as_an_unrelated_attribute():
    """The case this test exists for: ``.dtype`` read off a tensor is not ``base_model.dtype`` being read."""
    sources = product_sources()
    assert "base_model.dtype" not in unread_keys(sources)
    without = {path: re.sub(r"\.dtype\b|\"dtype\"", ".other", text)
               if "BaseModelSettings" in text or ".base_model" in text else text for path, text in sources.items()}
    assert "base_model.dtype" in unread_keys(without)
    assert "training.kto.beta" in unread_keys({"a.py": "beta = 0.1\nconfig.beta"})
