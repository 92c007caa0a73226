"""One small object-store interface over a local folder or S3 (any S3-compatible endpoint).

Keys are POSIX-style relative paths (``registry/m/versions/v/manifest.json``). S3 goes through boto3 with its
transfer manager (multipart for large files) and standard retries; credentials come from the standard AWS chain.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator, Protocol

from .config import StoreSettings


class StoreError(RuntimeError):
    pass


class AlreadyExists(StoreError):
    """A write that must not overwrite found the key already there."""


class PreconditionFailed(StoreError):
    """A compare-and-swap write lost: the object changed since it was read."""


def _check_key(key: str) -> str:
    parts = key.split("/")
    if not key or any(p in ("..", ".", "") for p in parts) or "\\" in key or "\x00" in key:
        raise StoreError(f"invalid store key {key!r}")
    return key


class Store(Protocol):
    uri: str

    def put_file(self, local: Path, key: str) -> None: ...
    def put_bytes(self, key: str, data: bytes, *, if_absent: bool = False, if_match: str | None = None) -> None: ...
    def get_bytes(self, key: str) -> bytes: ...
    def get_with_etag(self, key: str) -> tuple[bytes, str] | None: ...
    def delete(self, key: str) -> None: ...
    def download(self, key: str, local: Path) -> None: ...
    def exists(self, key: str) -> bool: ...
    def list(self, prefix: str) -> Iterator[str]: ...
    def url(self, key: str) -> str: ...


class LocalStore:
    """A folder. Writes go to a temporary file first and are renamed into place, so readers never see halves."""

    def __init__(self, root: str | Path):
        self.root = Path(root).expanduser().resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self.uri = str(self.root)

    def _path(self, key: str) -> Path:
        return self.root / _check_key(key)

    def _atomic_write(self, key: str, write, if_absent: bool = False) -> None:
        dest = self._path(key)
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=dest.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                write(fh)
            if if_absent:
                try:
                    os.link(tmp, dest)  # atomic create-if-absent
                except FileExistsError:
                    raise AlreadyExists(f"{self.url(key)} already exists") from None
                finally:
                    os.unlink(tmp)
            else:
                os.replace(tmp, dest)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def put_file(self, local: Path, key: str) -> None:
        with open(local, "rb") as src:
            self._atomic_write(key, lambda fh: shutil.copyfileobj(src, fh, 1 << 20))

    def put_bytes(self, key: str, data: bytes, *, if_absent: bool = False, if_match: str | None = None) -> None:
        if if_match is None:
            self._atomic_write(key, lambda fh: fh.write(data), if_absent=if_absent)
            return
        with self._lock(key):  # compare-and-swap: the ETag is the sha256 of the current content
            current = self.get_with_etag(key)
            if current is None or current[1] != if_match:
                raise PreconditionFailed(f"{self.url(key)} changed since it was read")
            self._atomic_write(key, lambda fh: fh.write(data))

    @contextlib.contextmanager
    def _lock(self, key: str):
        lock = self._path(key).with_name("." + self._path(key).name + ".lock")
        lock.parent.mkdir(parents=True, exist_ok=True)
        with open(lock, "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def get_bytes(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise StoreError(f"{self.url(key)} not found") from None

    def get_with_etag(self, key: str) -> tuple[bytes, str] | None:
        try:
            data = self._path(key).read_bytes()
        except FileNotFoundError:
            return None
        return data, hashlib.sha256(data).hexdigest()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def download(self, key: str, local: Path) -> None:
        local.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self._path(key), local)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def list(self, prefix: str) -> Iterator[str]:
        base = self.root / prefix if prefix else self.root
        if not base.exists():
            return
        for p in sorted(base.rglob("*")):
            if p.is_file() and not p.name.startswith("."):
                yield p.relative_to(self.root).as_posix()

    def url(self, key: str) -> str:
        return str(self.root / key)


class S3Store:
    """``s3://bucket/prefix`` through boto3; ``endpoint_url`` makes any S3-compatible store work."""

    def __init__(self, uri: str, endpoint_url: str | None = None, region: str | None = None):
        import boto3
        from boto3.s3.transfer import TransferConfig
        from botocore.config import Config

        if not uri.startswith("s3://"):
            raise StoreError(f"not an s3:// URI: {uri!r}")
        bucket, _, prefix = uri[len("s3://") :].partition("/")
        if not bucket:
            raise StoreError(f"no bucket in {uri!r}")
        self.bucket, self.prefix, self.uri = bucket, prefix.strip("/"), uri.rstrip("/")
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint_url or os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL"),
            region_name=region,
            config=Config(retries={"max_attempts": 8, "mode": "adaptive"}),
        )
        self.transfer = TransferConfig(multipart_threshold=64 << 20, multipart_chunksize=64 << 20)

    def _key(self, key: str) -> str:
        _check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def put_file(self, local: Path, key: str) -> None:
        # S3 verifies the SHA-256 the transfer manager computes for each part against the bytes it received.
        self.client.upload_file(
            str(local), self.bucket, self._key(key), Config=self.transfer, ExtraArgs={"ChecksumAlgorithm": "SHA256"}
        )

    def put_bytes(self, key: str, data: bytes, *, if_absent: bool = False, if_match: str | None = None) -> None:
        from botocore.exceptions import ClientError

        kwargs = {"IfNoneMatch": "*"} if if_absent else {"IfMatch": if_match} if if_match else {}
        try:
            self.client.put_object(
                Bucket=self.bucket, Key=self._key(key), Body=data, ChecksumAlgorithm="SHA256", **kwargs
            )
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code")
            if code in ("PreconditionFailed", "ConditionalRequestConflict", "412", "409"):
                if if_absent:
                    raise AlreadyExists(f"{self.url(key)} already exists") from None
                raise PreconditionFailed(f"{self.url(key)} changed since it was read") from None
            raise

    def get_bytes(self, key: str) -> bytes:
        from botocore.exceptions import ClientError

        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise StoreError(f"{self.url(key)} not found") from None
            raise

    def get_with_etag(self, key: str) -> tuple[bytes, str] | None:
        from botocore.exceptions import ClientError

        try:
            obj = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return None
            raise
        return obj["Body"].read(), obj["ETag"]

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def download(self, key: str, local: Path) -> None:
        local.parent.mkdir(parents=True, exist_ok=True)
        self.client.download_file(self.bucket, self._key(key), str(local), Config=self.transfer)

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
            return True
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise

    def list(self, prefix: str) -> Iterator[str]:
        full = (self._key(prefix.rstrip("/")) + ("/" if prefix.endswith("/") else "")) if prefix else self.prefix
        strip = len(self.prefix) + 1 if self.prefix else 0
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=full):
            for obj in page.get("Contents", []):
                yield obj["Key"][strip:]

    def url(self, key: str) -> str:
        return f"s3://{self.bucket}/{self._key(key)}"


def open_store(settings: StoreSettings) -> Store:
    if settings.uri is None:
        raise StoreError("store.uri is not set")
    if settings.is_s3:
        return S3Store(settings.uri, settings.endpoint_url, settings.region)
    return LocalStore(settings.uri)
