"""Bodies bounded before parsing, uploads streamed and never lost (issue 19 points 1 and
4), against the app served by a real uvicorn on loopback: raw sockets for what a
browser would not send, httpx for the rest."""

import hashlib
import socket
import threading
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from sqlmodel import Session, col, select

from flows.context import RunContext
from storage.models import Evidence, Upload
from tests.review.conftest import PASSWORD, csrf_of
from tests.review.test_e2e import live_server

MIB = 1024 * 1024


@pytest.fixture
def served(ready: RunContext) -> Iterator[str]:
    with live_server(ready) as url:
        yield url


def _signed_in(url: str, name: str = "vanphong") -> tuple[httpx.Client, str]:
    c = httpx.Client(base_url=url, timeout=120)
    token = csrf_of(c.get("/login").text)
    r = c.post("/login", data={"username": name, "password": PASSWORD, "csrf_token": token})
    return c, csrf_of(r.text) if r.status_code == 200 else csrf_of(c.get("/unit").text)


def _raw(url: str, head: str, body_chunks: Iterator[bytes] | None = None) -> str:
    """Send a request head (and body chunks until the server answers): the status line."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as s:
        s.sendall(head.encode("latin-1"))
        s.settimeout(0.2)
        for chunk in body_chunks or ():
            try:
                s.sendall(chunk)
                if s.recv(1, socket.MSG_PEEK):
                    break
            except TimeoutError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                break
        s.settimeout(30)
        return s.recv(4096).decode("latin-1").split("\r\n")[0]


def test_refusals_come_before_the_body_is_read(served: str) -> None:
    host = urlsplit(served).netloc
    anonymous = (f"POST /unit/upload HTTP/1.1\r\nHost: {host}\r\n"
                 "Content-Type: multipart/form-data; boundary=x\r\n"
                 f"Content-Length: {60 * MIB}\r\n\r\n")
    assert " 303 " in _raw(served, anonymous)  # answered with no byte of the 60 MiB sent
    c, _ = _signed_in(served)
    cookie = f"kiemchung={c.cookies['kiemchung']}"
    huge = (f"POST /unit/upload HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\n"
            "Content-Type: multipart/form-data; boundary=x\r\n"
            f"Content-Length: {10 * 1024 * MIB}\r\n\r\n")
    assert " 413 " in _raw(served, huge)  # 10 GiB declared: refused at once
    chunked = (f"POST /findings/1/decide HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\n"
               "Content-Type: application/x-www-form-urlencoded\r\n"
               "Transfer-Encoding: chunked\r\n\r\n")
    piece = 64 * 1024
    body = (f"{piece:x}\r\n".encode() + b"a" * piece + b"\r\n" for _ in range(10_000))
    assert " 413 " in _raw(served, chunked, body)  # counted as it streamed: cut off


def test_a_100_mib_upload_streams_through_flat_memory(ready: RunContext, served: str,
                                                       tmp_path: Path) -> None:
    ready.settings.max_upload_bytes = 150 * MIB
    big = tmp_path / "ban-scan.pdf"
    with big.open("wb") as f:
        f.write(b"%PDF-1.4\n")
        block = hashlib.sha256(b"x").digest() * (MIB // 32)
        for _ in range(100):
            f.write(block)
    c, token = _signed_in(served)
    tracemalloc.start()
    try:
        with big.open("rb") as f:
            r = c.post("/unit/upload", data={"criterion": "ky-so-to-chuc", "csrf_token": token},
                       files={"file": ("ban-scan.pdf", f, "application/pdf")},
                       follow_redirects=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert r.status_code == 303, r.text
    print(f"\n100 MiB upload: peak traced Python memory {peak / MIB:.1f} MiB")
    assert peak < 24 * MIB  # the body never sits in memory (it would be 100 MiB)
    stored = ready.cfg.resolve(ready.cfg.uploads) / "van-phong" / "ky-so-to-chuc" / big.name
    assert stored.stat().st_size == big.stat().st_size


def _wait_ingested(ctx: RunContext, n: int) -> list[Upload]:
    deadline = time.monotonic() + 120  # a bound on waiting, not a timing assertion
    while True:
        with Session(ctx.engine) as s:
            rows = s.exec(select(Upload).order_by(col(Upload.id))).all()
        if (len(rows) >= n and all(r.ingested_at for r in rows)) or time.monotonic() > deadline:
            return list(rows)
        time.sleep(0.2)


def test_eight_parallel_uploads_of_one_name_all_land(ready: RunContext, served: str) -> None:
    pdf = (ready.cfg.resolve(ready.cfg.uploads) / "phong-tckh" / "ky-so-to-chuc" /
           "cv-2019-02-20-chua-ky.pdf").read_bytes()
    contents = [pdf + f"\n% ban {i}\n".encode() for i in range(7)] + [pdf + b"\n% ban 0\n"]
    c, token = _signed_in(served)
    statuses: list[int] = []
    go = threading.Barrier(8)

    def send(data: bytes) -> None:
        with httpx.Client(base_url=served, cookies=c.cookies, timeout=120) as mine:
            go.wait()
            r = mine.post("/unit/upload", data={"criterion": "ky-so-to-chuc",
                                                "csrf_token": token},
                          files={"file": ("bao-cao.pdf", data, "application/pdf")},
                          follow_redirects=False)
            statuses.append(r.status_code)

    threads = [threading.Thread(target=send, args=(d,)) for d in contents]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [303] * 8  # no 500
    rows = _wait_ingested(ready, 8)
    assert len(rows) == 8 and all(r.ingested_at and r.evidence_id and not r.error
                                  for r in rows)
    folder = ready.cfg.resolve(ready.cfg.uploads) / "van-phong" / "ky-so-to-chuc"
    on_disk = sorted(p.read_bytes() for p in folder.glob("bao-cao*.pdf"))
    assert on_disk == sorted(contents)  # every upload's content kept, none over another
    assert not list(folder.glob(".*"))
    with Session(ready.engine) as s:
        ev = s.exec(select(Evidence).where(col(Evidence.source_path).startswith(
            "van-phong/ky-so-to-chuc/bao-cao"))).all()
    assert len(ev) == 8 and len({e.source_path for e in ev}) == 8
    assert len({e.sha256 for e in ev}) == 7  # the duplicate is its own row, not dropped
