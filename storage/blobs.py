"""Content-addressed store of original files.

A blob's key is its sha256. Identical uploads are stored once; a stored blob is
never rewritten. Writes go to a temporary file in the same folder, are fsynced,
then renamed into place, so a crash or a full disk never leaves a partial blob
under a real key.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from kiemchung.core.errors import BlobStoreError

CHUNK = 1024 * 1024
DERIVED_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{0,63}")


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, key: str) -> Path:
        if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            raise BlobStoreError(f"Not a blob key: {key!r}")
        return self.root / key[:2] / key[2:4] / key

    def has(self, key: str) -> bool:
        return self.path_for(key).is_file()

    def get(self, key: str) -> bytes:
        return self.path_for(key).read_bytes()

    def put_bytes(self, data: bytes) -> str:
        key = hashlib.sha256(data).hexdigest()
        if not self.has(key):
            self._write(key, [data])
        return key

    def put_file(self, src: Path, key: str | None = None) -> str:
        """Store a file; pass ``key`` when its sha256 is already known."""
        key = key or sha256_file(src)
        if self.has(key):
            return key
        with src.open("rb") as f:
            self._write(key, iter(lambda: f.read(CHUNK), b""), verify=True)
        return key

    def derived_path(self, key: str, name: str) -> Path:
        """An object made from blob ``key`` (a page rendering…), in the derived area
        ``derived/``: written like a blob, never needed (deleting it only costs making
        it again)."""
        if not DERIVED_NAME.fullmatch(name):
            raise BlobStoreError(f"Not a derived object's name: {name!r}")
        return self.root / "derived" / self.path_for(key).relative_to(self.root) / name

    def get_derived(self, key: str, name: str) -> bytes | None:
        path = self.derived_path(key, name)
        return path.read_bytes() if path.is_file() else None

    def put_derived(self, key: str, name: str, data: bytes) -> None:
        self._write(key, [data], dest=self.derived_path(key, name))

    def _write(self, key: str, chunks: object, verify: bool = False,
               dest: Path | None = None) -> None:
        dest = dest or self.path_for(key)
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".incoming-")
        except OSError as exc:
            raise BlobStoreError(f"Cannot write to the blob store at {self.root}: "
                                 f"{exc.strerror or exc}. Free space or fix its permissions "
                                 "and run again; nothing partial was kept.") from exc
        h = hashlib.sha256()
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:  # type: ignore[attr-defined]
                    h.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if verify and h.hexdigest() != key:
                raise BlobStoreError(
                    f"File changed while it was being stored (expected {key}); try again."
                )
            os.replace(tmp, dest)
        except BaseException as exc:
            Path(tmp).unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise BlobStoreError(
                    f"Could not write to the blob store at {self.root} ({exc.strerror or exc}, "
                    f"blob {key[:12]}…). Free space and run again; nothing partial was "
                    "kept.") from exc
            raise
