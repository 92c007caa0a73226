"""One small object-store interface over a local folder or S3 (any S3-compatible endpoint).

Keys are POSIX-style relative paths (``registry/m/versions/v/manifest.json``). S3 goes through boto3 with its
transfer manager (multipart for large files) and standard retries; credentials come from the standard AWS chain.

Every failure leaves this module as a ``StoreError`` (or a subclass) whose message names the object and says what to
check: a missing bucket, an unreachable endpoint, missing credentials, a missing key. Uploads that die half-way
leave ``.tmp-*`` files (local) or unfinished multipart uploads (S3); ``remove_partials`` finds and removes those
older than a given age.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Protocol

from .config import StoreSettings
from .errors import SingAlignError

TMP_PREFIX = ".tmp-"


class StoreError(SingAlignError, RuntimeError):
    """A store operation failed; the message names the object and what to check."""


class NotFound(StoreError):
    """The key does not exist in the store."""


class AlreadyExists(StoreError):
    """A write that must not overwrite found the key already there."""


class PreconditionFailed(StoreError):
    """A compare-and-swap write lost: the object changed since it was read."""


def _check_key(key: str) -> str:
    parts = key.split("/")
    if not key or any(p in ("..", ".", "") for p in parts) or "\\" in key or "\x00" in key:
        raise StoreError(f"invalid store key {key!r}")
    return key


@dataclass(frozen=True)
class ObjectInfo:
    size: int
    mtime: float  # seconds since the epoch, as the store records it


class Store(Protocol):
    uri: str

    def put_file(self, local: Path, key: str) -> None: ...
    def put_bytes(self, key: str, data: bytes, *, if_absent: bool = False, if_match: str | None = None) -> str: ...
    def get_bytes(self, key: str) -> bytes: ...
    def get_with_etag(self, key: str) -> tuple[bytes, str] | None: ...
    def delete(self, key: str) -> None: ...
    def download(self, key: str, local: Path) -> None: ...
    def exists(self, key: str) -> bool: ...
    def list(self, prefix: str) -> Iterator[str]: ...
    def stat(self, key: str) -> ObjectInfo | None: ...
    def remove_partials(self, prefix: str, older_than_s: float) -> list[str]: ...
    def url(self, key: str) -> str: ...


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class LocalStore:
    """A folder. Writes go to a temporary file first, are flushed to disk (fsync) and renamed into place, and the
    folder is fsynced after the rename: readers never see halves, and a power cut never leaves an empty manifest."""

    def __init__(self, root: str | Path):
        self.root = Path(root).expanduser().resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self.uri = str(self.root)

    def _path(self, key: str) -> Path:
        return self.root / _check_key(key)

    def _atomic_write(self, key: str, write, if_absent: bool = False) -> None:
        dest = self._path(key)
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=dest.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                write(fh)
                fh.flush()
                os.fsync(fh.fileno())
            if if_absent:
                try:
                    os.link(tmp, dest)  # atomic create-if-absent
                except FileExistsError:
                    raise AlreadyExists(f"{self.url(key)} already exists") from None
                finally:
                    os.unlink(tmp)
            else:
                os.replace(tmp, dest)
            _fsync_dir(dest.parent)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def put_file(self, local: Path, key: str) -> None:
        with open(local, "rb") as src:
            self._atomic_write(key, lambda fh: shutil.copyfileobj(src, fh, 1 << 20))

    def put_bytes(self, key: str, data: bytes, *, if_absent: bool = False, if_match: str | None = None) -> str:
        """Write ``data``; returns the new ETag (the sha256 of the content)."""
        if if_match is None:
            self._atomic_write(key, lambda fh: fh.write(data), if_absent=if_absent)
            return hashlib.sha256(data).hexdigest()
        with self._lock(key):  # compare-and-swap: the ETag is the sha256 of the current content
            current = self.get_with_etag(key)
            if current is None or current[1] != if_match:
                raise PreconditionFailed(f"{self.url(key)} changed since it was read")
            self._atomic_write(key, lambda fh: fh.write(data))
        return hashlib.sha256(data).hexdigest()

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
            raise NotFound(f"{self.url(key)} not found") from None

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
        try:
            shutil.copyfile(self._path(key), local)
        except FileNotFoundError:
            raise NotFound(f"{self.url(key)} not found") from None

    def stat(self, key: str) -> ObjectInfo | None:
        try:
            st = self._path(key).stat()
        except FileNotFoundError:
            return None
        return ObjectInfo(size=st.st_size, mtime=st.st_mtime)

    def remove_partials(self, prefix: str, older_than_s: float) -> list[str]:
        """Delete ``.tmp-*`` files (uploads that died before their rename) older than ``older_than_s``."""
        base = self.root / prefix if prefix else self.root
        if not base.exists():
            return []
        cutoff, removed = time.time() - older_than_s, []
        for p in sorted(base.rglob(TMP_PREFIX + "*")):
            try:
                if p.is_file() and p.stat().st_mtime <= cutoff:
                    p.unlink()
                    removed.append(str(p))
            except FileNotFoundError:  # its writer renamed or removed it meanwhile
                pass
        return removed

    def remove_empty_dirs(self, prefix: str) -> None:
        base = self.root / prefix
        for d in sorted((p for p in base.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)) + [base]:
            try:
                for lock in d.glob(".*.lock"):
                    lock.unlink()
                d.rmdir()
            except OSError:
                pass

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
            raise StoreError(f"no bucket in {uri!r}: write s3://BUCKET or s3://BUCKET/PREFIX")
        self.bucket, self.prefix, self.uri = bucket, prefix.strip("/"), uri.rstrip("/")
        self.endpoint_url = endpoint_url or os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
        try:
            attempts = int(os.environ.get("AWS_MAX_ATTEMPTS", "8"))
        except ValueError:
            raise StoreError(f"AWS_MAX_ATTEMPTS={os.environ['AWS_MAX_ATTEMPTS']!r} is not a number") from None
        try:
            self.client = boto3.client(
                "s3",
                endpoint_url=self.endpoint_url,
                region_name=region,
                config=Config(retries={"max_attempts": attempts, "mode": "adaptive"}, connect_timeout=10),
            )
        except ValueError as exc:  # a malformed endpoint URL or region
            raise StoreError(f"cannot open {uri}: {exc}; check store.endpoint_url and store.region") from None
        self.transfer = TransferConfig(multipart_threshold=64 << 20, multipart_chunksize=64 << 20)

    def _key(self, key: str) -> str:
        _check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    @contextlib.contextmanager
    def _errors(self, what: str, key: str | None = None):
        """Turn botocore's exceptions into StoreErrors that name the object and say what to check."""
        from boto3.exceptions import S3TransferFailedError, S3UploadFailedError
        from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError, NoCredentialsError

        where = f"s3://{self.bucket}/" + "/".join(p for p in (self.prefix, key or "") if p)
        try:
            yield
        except ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code"))
            msg = exc.response.get("Error", {}).get("Message") or ""
            if code == "NoSuchBucket":
                raise StoreError(f"bucket {self.bucket!r} does not exist ({what} {where}): create it, or fix "
                                 "store.uri") from None
            if code in ("NoSuchKey", "404", "NotFound"):
                raise NotFound(f"{where} not found") from None
            if code in ("AccessDenied", "403", "InvalidAccessKeyId", "SignatureDoesNotMatch"):
                raise StoreError(f"access denied to {where} ({code}): check the AWS credentials of this process and "
                                 "the bucket policy") from None
            raise StoreError(f"S3 refused {what} {where}: {code} {msg}".rstrip()) from None
        except EndpointConnectionError as exc:
            raise StoreError(f"cannot reach the S3 endpoint for {where} ({exc}): check store.endpoint_url / "
                             "AWS_ENDPOINT_URL and the network") from None
        except NoCredentialsError:
            raise StoreError(f"no AWS credentials for {where}: set AWS_PROFILE or AWS_ACCESS_KEY_ID/"
                             "AWS_SECRET_ACCESS_KEY, or give this machine a role") from None
        except (S3UploadFailedError, S3TransferFailedError) as exc:
            text = str(exc)
            if "NoSuchBucket" in text:
                raise StoreError(f"bucket {self.bucket!r} does not exist ({what} {where}): create it, or fix "
                                 "store.uri") from None
            raise StoreError(f"S3 {what} {where} failed: {text}") from None
        except BotoCoreError as exc:
            raise StoreError(f"S3 {what} {where} failed: {exc}; check store.endpoint_url and the network") from None

    def put_file(self, local: Path, key: str) -> None:
        # S3 verifies the SHA-256 the transfer manager computes for each part against the bytes it received.
        with self._errors("upload to", key):
            self.client.upload_file(
                str(local), self.bucket, self._key(key), Config=self.transfer, ExtraArgs={"ChecksumAlgorithm": "SHA256"}
            )

    def put_bytes(self, key: str, data: bytes, *, if_absent: bool = False, if_match: str | None = None) -> str:
        """Write ``data`` (create-only with ``if_absent``, compare-and-swap with ``if_match``); returns the ETag."""
        from botocore.exceptions import ClientError

        kwargs = {"IfNoneMatch": "*"} if if_absent else {"IfMatch": if_match} if if_match else {}
        with self._errors("write to", key):
            try:
                return self.client.put_object(
                    Bucket=self.bucket, Key=self._key(key), Body=data, ChecksumAlgorithm="SHA256", **kwargs
                )["ETag"]
            except ClientError as exc:
                code = exc.response.get("Error", {}).get("Code")
                if code in ("PreconditionFailed", "ConditionalRequestConflict", "412", "409"):
                    if if_absent:
                        raise AlreadyExists(f"{self.url(key)} already exists") from None
                    raise PreconditionFailed(f"{self.url(key)} changed since it was read") from None
                raise

    def get_bytes(self, key: str) -> bytes:
        with self._errors("read of", key):
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()

    def get_with_etag(self, key: str) -> tuple[bytes, str] | None:
        try:
            with self._errors("read of", key):
                obj = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
                return obj["Body"].read(), obj["ETag"]
        except NotFound:
            return None

    def delete(self, key: str) -> None:
        with self._errors("delete of", key):
            self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def download(self, key: str, local: Path) -> None:
        local.parent.mkdir(parents=True, exist_ok=True)
        from botocore.exceptions import ClientError

        with self._errors("download of", key):
            try:
                self.client.download_file(self.bucket, self._key(key), str(local), Config=self.transfer)
            except ClientError as exc:  # download_file's HEAD reports a missing key as a bare 404
                if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                    raise NotFound(f"{self.url(key)} not found") from None
                raise

    def stat(self, key: str) -> ObjectInfo | None:
        try:
            with self._errors("stat of", key):
                head = self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except NotFound:
            return None
        return ObjectInfo(size=int(head["ContentLength"]), mtime=head["LastModified"].timestamp())

    def exists(self, key: str) -> bool:
        return self.stat(key) is not None

    def list(self, prefix: str) -> Iterator[str]:
        full = (self._key(prefix.rstrip("/")) + ("/" if prefix.endswith("/") else "")) if prefix else self.prefix
        strip = len(self.prefix) + 1 if self.prefix else 0
        with self._errors("listing of", prefix or None):
            pages = list(self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=full))
        for page in pages:
            for obj in page.get("Contents", []):
                yield obj["Key"][strip:]

    def remove_partials(self, prefix: str, older_than_s: float) -> list[str]:
        """Abort multipart uploads under ``prefix`` started more than ``older_than_s`` ago (S3 bills their parts
        until they are aborted; a bucket lifecycle rule AbortIncompleteMultipartUpload does the same server-side)."""
        full = self._key(prefix.rstrip("/")) + "/" if prefix else (self.prefix + "/" if self.prefix else "")
        strip = len(self.prefix) + 1 if self.prefix else 0
        cutoff, removed = time.time() - older_than_s, []
        with self._errors("listing multipart uploads of", prefix or None):
            pages = list(self.client.get_paginator("list_multipart_uploads").paginate(Bucket=self.bucket, Prefix=full))
            for page in pages:
                for up in page.get("Uploads", []):
                    if up["Initiated"].timestamp() <= cutoff:
                        self.client.abort_multipart_upload(Bucket=self.bucket, Key=up["Key"], UploadId=up["UploadId"])
                        removed.append(f"multipart upload of {up['Key'][strip:]}")
        return removed

    def url(self, key: str) -> str:
        return f"s3://{self.bucket}/{self._key(key)}"


def open_store(settings: StoreSettings) -> Store:
    if settings.uri is None:
        raise StoreError("store.uri is not set")
    if settings.is_s3:
        return S3Store(settings.uri, settings.endpoint_url, settings.region)
    try:
        return LocalStore(settings.uri)
    except OSError as exc:
        raise StoreError(f"cannot use {settings.uri} as a store folder: {exc.strerror or exc}; give a folder this "
                         "user can create and write") from None
