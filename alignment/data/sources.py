"""Where an incoming batch comes from: local files and folders, or ``s3://bucket/prefix`` (a folder of JSONL
objects, or one object). S3 objects are downloaded into the cache (``incoming/s3/<bucket>/<key>``) and
validated there; the objects themselves are only read."""

from __future__ import annotations

from pathlib import Path

from ..config import StoreSettings
from ..errors import SingAlignError
from ..storage import S3Store
from .incoming import DATA_SUFFIXES


class SourceError(SingAlignError, ValueError):
    pass


def materialise(sources: list[str | Path], store: StoreSettings, cache_dir: Path) -> list[Path]:
    paths: list[Path] = []
    for source in sources:
        text = str(source)
        if not text.startswith("s3://"):
            paths.append(Path(text))
            continue
        bucket, _, key = text[len("s3://"):].partition("/")
        s3 = S3Store(f"s3://{bucket}", store.endpoint_url, store.region)
        key = key.strip("/")
        if key.endswith(DATA_SUFFIXES) and s3.exists(key):
            keys = [key]
        else:
            keys = sorted(k for k in s3.list(f"{key}/" if key else "") if k.endswith(DATA_SUFFIXES))
        if not keys:
            raise SourceError(f"{text}: no data files (*.jsonl) under this S3 prefix")
        root = cache_dir / "incoming" / "s3" / bucket
        for k in keys:
            local = root / k
            s3.download(k, local)
            paths.append(local)
    return paths
