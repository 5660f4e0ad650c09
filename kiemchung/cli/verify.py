"""``kiemchung verify FILE...``: verification without the database, the ``--json``
contract of DESIGN.md for tools outside the code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from kiemchung.cli import output
from kiemchung.cli.logs import to_terminal
from kiemchung.core.errors import InputFileError, KiemchungError
from kiemchung.core.vocabulary import RevocationMode, TrustPreset


def verify(files: Annotated[list[Path], typer.Argument(help="Tệp PDF hoặc ảnh.")],
           trust_root: Annotated[list[Path] | None, typer.Option(
               "--trust-root", help="Tệp hoặc thư mục chứng thư gốc (lặp lại được).")] = None,
           crl: Annotated[list[Path] | None, typer.Option(
               "--crl", help="Tệp hoặc thư mục CRL (lặp lại được).")] = None,
           revocation: Annotated[RevocationMode, typer.Option(
               help="Chính sách kiểm tra thu hồi chứng thư.")] = RevocationMode.SOFT_FAIL,
           trust: Annotated[TrustPreset | None, typer.Option(
               "--trust", help="Danh sách tin cậy: vietnam (chứng thư gốc Việt Nam kèm theo "
                               "kiemchung) hoặc none. Mặc định: vietnam khi không có "
                               "--trust-root, none khi có.")] = None,
           as_json: Annotated[bool, typer.Option(
               "--json", help="In một mảng JSON (cho công cụ khác).")] = False,
           no_ocr: Annotated[bool, typer.Option(
               "--no-ocr", help="Chỉ kiểm tra chữ ký: không OCR, không trích số liệu.")] = False,
           ) -> None:
    """Kiểm tra tệp mà không dùng cơ sở dữ liệu (mỗi tệp trong một tiến trình riêng, có
    giới hạn thời gian và bộ nhớ cho từng tệp)."""
    from storage.settings import get_settings
    from verifiers.pipeline import VerifyOptions
    from verifiers.sandbox import Limits, Sandbox

    to_terminal(verbose=False)
    settings = get_settings()
    preset = trust if trust is not None else (
        TrustPreset.NONE if trust_root else TrustPreset.VIETNAM)
    if trust is None and not trust_root:
        typer.echo("Không có --trust-root: dùng danh sách chứng thư gốc Việt Nam kèm theo "
                   "kiemchung (trust = vietnam).", err=True)
    options = VerifyOptions(trust_roots=tuple(trust_root or ()), crls=tuple(crl or ()),
                            trust_preset=preset, revocation_mode=revocation, ocr=not no_ocr,
                            tesseract_cmd=settings.tesseract_cmd,
                            ocr_page_seconds=settings.ocr_page_seconds)
    try:
        options.trust_store()
    except KiemchungError as exc:
        output.fail(exc)
    for f in files:
        try:
            with f.open("rb"):
                pass
        except OSError as exc:
            output.fail(InputFileError(f"Không đọc được {f}: {exc.strerror} "
                                       f"(Cannot read {f})."))
    import gc
    import threading

    # what is loaded by now (the verifiers, the trust store) lasts as long as the command:
    # kept out of the collector's scans here and in the workers forked from here
    gc.freeze()
    # fork when this process is single-threaded (as from the shell): the workers then
    # share the verifiers it has imported instead of importing them again
    method = "fork" if threading.active_count() == 1 else "forkserver"
    sandbox = Sandbox(min(len(files), settings.resolved_workers()), options,
                      Limits(settings.file_seconds, settings.file_memory_mib), method)
    found = dict(sandbox.reports((str(i), str(f), str(f)) for i, f in enumerate(files)))
    reports = [found[str(i)] for i in range(len(files))]
    if as_json:
        typer.echo(json.dumps([{**r.to_json(), "trust": str(preset)} for r in reports],
                              ensure_ascii=False, indent=2))
        return
    from kiemchung.cli.tables import print_verification

    for r in reports:
        print_verification(r, output.console)


def register(app: typer.Typer) -> None:
    app.command()(verify)
