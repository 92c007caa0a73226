"""Where things are, defined once: the project root, the default config, the cache folder and the default store.

Every layer derives its defaults from here (the CLI, the flows, the pipeline, ``load_config``), so moving one of
them is one edit.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
"""The checkout (the folder holding ``configs/``, ``data/`` and the packages)."""

DEFAULT_CONFIG = "configs/demo.yaml"
"""The config used when none is given, relative to ``PROJECT_ROOT`` (flow parameters keep it relative, so a
deployment reads it from wherever its worker runs)."""


def project_path(path: str | Path) -> Path:
    """A path given relative to the project root (as flow parameters are), made absolute; absolute paths as is."""
    p = Path(path)
    return p if p.is_absolute() else PROJECT_ROOT / p


def default_config_path() -> Path:
    return project_path(DEFAULT_CONFIG)


def default_cache_dir() -> Path:
    """Converted models, trained scorer, run folders. ``SINGALIGN_CACHE`` wins; else ``~/.cache/singalign``."""
    env = os.environ.get("SINGALIGN_CACHE")
    base = Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "singalign"
    base.mkdir(parents=True, exist_ok=True)
    return base


def default_store_uri(cache_dir: Path | None = None) -> str:
    """The store used when ``store.uri`` is not set: the folder ``store/`` under the SingAlign cache."""
    return str((cache_dir or default_cache_dir()) / "store")
