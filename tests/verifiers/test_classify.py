import io
import json
from pathlib import Path

import pytest
from PIL import Image

from kiemchung.core.vocabulary import FileKind
from tests.conftest import SAMPLE
from verifiers.classify import classify

MANIFEST = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("rel", sorted(MANIFEST["files"]))
def test_sample_files_classify_as_the_manifest_says(rel: str) -> None:
    data = (SAMPLE / "uploads" / rel).read_bytes()
    assert classify(data).kind == MANIFEST["files"][rel]["kind"]


def test_images_by_content_not_name() -> None:
    for fmt, media in (("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")):
        buf = io.BytesIO()
        Image.new("RGB", (4, 4)).save(buf, fmt)
        c = classify(buf.getvalue())
        assert (c.kind, c.media_type) == (FileKind.IMAGE, media)


@pytest.mark.parametrize(("data", "kind"), [
    (b"", FileKind.EMPTY),
    (b"PK\x03\x04rest-of-zip", FileKind.UNKNOWN),
    (b"hello", FileKind.UNKNOWN),
    (b"%PDF-1.7\n" + bytes(range(256)) * 4, FileKind.UNREADABLE),
])
def test_bad_input(data: bytes, kind: FileKind) -> None:
    assert classify(data).kind == kind


def test_encrypted_pdf_without_password_is_not_readable(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(100, 100)
    w.encrypt(user_password="secret", owner_password="owner")
    buf = io.BytesIO()
    w.write(buf)
    c = classify(buf.getvalue())
    assert c.kind == FileKind.UNREADABLE and "encrypted" in c.detail
