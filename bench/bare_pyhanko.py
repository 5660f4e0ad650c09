"""The bare engine: pyHanko's own validation loop, nothing of kiemchung.

Reads each PDF, validates every embedded signature (timestamps as timestamps)
with the same trust roots and CRLs, prints one line per file. Used by
verify_bench.py as the baseline."""

from __future__ import annotations

import argparse
import io
import logging
import sys
from pathlib import Path

from asn1crypto import crl, pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko_certvalidator import ValidationContext


def _load(paths: list[Path], cls):  # type: ignore[no-untyped-def]
    out = []
    for p in paths:
        for f in sorted(p.iterdir()) if p.is_dir() else [p]:
            data = f.read_bytes()
            blocks = [d for _, _, d in pem.unarmor(data, multiple=True)] if pem.detect(data) \
                else [data]
            out += [cls.load(b) for b in blocks]
    return out


def main() -> int:
    logging.disable(logging.CRITICAL)
    ap = argparse.ArgumentParser()
    ap.add_argument("--roots", type=Path, action="append", default=[])
    ap.add_argument("--crls", type=Path, action="append", default=[])
    ap.add_argument("files", nargs="+", type=Path)
    a = ap.parse_args()
    for f, results in validate_all(a.files, a.roots, a.crls):
        print(f, results)
    return 0


def validate_all(files: list[Path], root_paths: list[Path], crl_paths: list[Path]
                 ) -> list[tuple[Path, list[object]]]:
    roots, crls = _load(root_paths, x509.Certificate), _load(crl_paths, crl.CertificateList)
    out = []
    for f in files:
        results = []
        try:
            r = PdfFileReader(io.BytesIO(f.read_bytes()), strict=False)
            for emb in r.embedded_signatures:
                vc = ValidationContext(trust_roots=roots, crls=crls, retroactive_revinfo=True,
                                       moment=emb.self_reported_timestamp)
                try:
                    if str(emb.sig_object_type) == "/DocTimeStamp":
                        results.append(validate_pdf_timestamp(emb, validation_context=vc)
                                       .bottom_line)
                    else:
                        results.append(validate_pdf_signature(emb, vc).bottom_line)
                except Exception as exc:
                    results.append(type(exc).__name__)
        except Exception as exc:
            results.append(type(exc).__name__)
        out.append((f, results))
    return out


if __name__ == "__main__":
    sys.exit(main())
