import hashlib
import os
from pathlib import Path

import pytest

from kiemchung.core.errors import BlobStoreError
from storage.blobs import BlobStore


def test_identical_content_is_stored_once(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    k1 = store.put_bytes(b"same bytes")
    src = tmp_path / "f.pdf"
    src.write_bytes(b"same bytes")
    k2 = store.put_file(src)
    assert k1 == k2 == hashlib.sha256(b"same bytes").hexdigest()
    files = [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()]
    assert files == [store.path_for(k1)]
    assert store.get(k1) == b"same bytes"


def test_original_is_never_rewritten(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    key = store.put_bytes(b"original")
    before = store.path_for(key).stat().st_mtime_ns
    store.put_bytes(b"original")
    assert store.path_for(key).stat().st_mtime_ns == before


def test_failed_write_leaves_no_partial_blob(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    store = BlobStore(tmp_path)

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(BlobStoreError, match="No space left"):
        store.put_bytes(b"x" * 10_000)
    key = hashlib.sha256(b"x" * 10_000).hexdigest()
    assert not store.has(key)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_file_changing_while_stored_is_refused(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "b")
    src = tmp_path / "f"
    src.write_bytes(b"now")
    with pytest.raises(BlobStoreError, match="changed"):
        store.put_file(src, key=hashlib.sha256(b"before").hexdigest())
    assert [p for p in (tmp_path / "b").rglob("*") if p.is_file()] == []


def test_rejects_keys_that_are_not_hashes(tmp_path: Path) -> None:
    with pytest.raises(BlobStoreError):
        BlobStore(tmp_path).path_for("../../etc/passwd")
