"""The review app under load and abuse, on loopback, bounded in requests and time.

The app runs in its own process (uvicorn, on a socket the bench binds to 127.0.0.1)
over a prepared copy of the sample campaign (one nightly pass: ingest, verify, checks,
confirmation, scores, notices). Then, at once:

- ``--reviewers`` reviewers sign in and browse: the queue (filters, pages), findings
  and their evidence pages, each up to ``--requests`` requests;
- units upload new evidence (distinct contents, the same file name at the same time);
- an attacker sends oversized bodies (a ``Content-Length`` of 10 GiB announced, a body
  over the upload limit, anonymous and signed in), wrong passwords for a real
  account then the right one, and page requests for render bombs it uploaded.

Reported: requests served, answers by status, p50/p95 latency per kind, the server's
peak resident memory (its largest process, pdftoppm included, ``bench/procmem.py``),
and the invariants: no 500, every accepted upload stored and ingested exactly once,
oversized bodies refused. Answers the app may give or not (413 before the body is
read, 429 or a lockout after wrong passwords) are counted, so the bench tells what
the app does, whichever version runs.

    uv run python bench/web_load.py [--reviewers 50] [--requests 20] [--seconds 180]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import io
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.procmem import DescendantPeak

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_evidence"
PASSWORD = "mat-khau-tai-thu"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit)\b[:(]?")
UPLOAD_LIMIT = 2 * 1024 * 1024
"""The server's ``KIEMCHUNG_MAX_UPLOAD_BYTES`` during the bench (small, so that an
oversized body costs little)."""


@dataclass(frozen=True)
class Served:
    """The campaign the app serves: files and database of a prepared copy."""
    campaign_file: Path
    database_url: str
    var_dir: Path
    uploads: Path
    """The campaign's uploads folder."""


@dataclass
class LoadConfig:
    reviewers: int = 50
    requests: int = 20
    """Requests per reviewer (sign-in included)."""
    uploaders: int = 3
    uploads: int = 4
    """Uploads per uploading unit, sent at once, all named the same."""
    wrong_passwords: int = 30
    oversized: int = 4
    bomb_requests: int = 10
    seconds: float = 180.0
    """Wall-clock budget of the load phase; every task stops when it is spent."""
    request_timeout: float = 60.0


@dataclass
class LoadReport:
    requests: int = 0
    seconds: float = 0.0
    statuses: dict[str, dict[str, int]] = field(default_factory=dict)
    """Per kind of request: answers by status (``timeout``, ``error`` when none came)."""
    latency_ms: dict[str, dict[str, float]] = field(default_factory=dict)
    """Per kind and ``all``: p50 and p95 of answered requests."""
    server_peak_mib: float = 0.0
    uploads_accepted: int = 0
    uploads_stored_once: int = 0
    uploads_ingested_once: int = 0
    upload_problems: list[str] = field(default_factory=list)
    oversized_accepted: int = 0
    server_errors: int = 0
    login_after_wrong: str = ""
    """What the right password got after the wrong ones: ``accepted`` or the status."""
    stopped_by_deadline: bool = False
    server_exceptions: dict[str, int] = field(default_factory=dict)
    """The exceptions in the server's log (a traceback's last line, cut), counted."""

    @property
    def ok(self) -> bool:
        return (self.server_errors == 0 and self.oversized_accepted == 0
                and self.uploads_stored_once == self.uploads_accepted
                and self.uploads_ingested_once == self.uploads_accepted
                and not self.upload_problems)


# --------------------------------------------------------------------- preparation
def prepare(work: Path) -> Served:
    """A copy of the sample campaign after one real nightly pass (a minute or two)."""
    from flows.check_stage import run_checks
    from flows.confirm_stage import confirm_claims
    from flows.context import open_context
    from flows.ingest import ingest_uploads
    from flows.notify_stage import make_notices
    from flows.score_stage import score_campaign
    from flows.verify_stage import verify_pending
    from storage.settings import Settings

    campaign = work / "campaign"
    shutil.copytree(SAMPLE, campaign, ignore=shutil.ignore_patterns(
        "__pycache__", "generator", "*.py"))
    var = work / "var"
    url = f"sqlite:///{var / 'kiemchung.db'}"
    var.mkdir()
    ctx = open_context(campaign / "campaign.toml", url, Settings(var_dir=var, database_url=url))
    try:
        ingest_uploads(ctx)
        verify_pending(ctx)
        run_checks(ctx)
        confirm_claims(ctx)
        score_campaign(ctx)
        make_notices(ctx)
    finally:
        ctx.engine.dispose()
    return Served(campaign / "campaign.toml", url, var, campaign / "uploads")


def add_accounts(served: Served, reviewers: int, units: int) -> tuple[list[str], dict[str, str]]:
    """Reviewer accounts and unit accounts (unit code → one criterion of its level)."""
    from sqlmodel import Session, col, select

    from flows.context import open_context
    from review.auth import add_user
    from storage.models import Unit
    from storage.settings import Settings

    ctx = open_context(served.campaign_file, served.database_url,
                       Settings(var_dir=served.var_dir, database_url=served.database_url))
    names = [f"tai-thamdinh-{i}" for i in range(1, reviewers + 1)]
    chosen: dict[str, str] = {}
    try:
        with Session(ctx.engine) as s:
            for name in names:
                add_user(s, username=name, password=PASSWORD, role="reviewer",
                         campaign_id=ctx.campaign_id)
            for unit in s.exec(select(Unit).where(Unit.campaign_id == ctx.campaign_id)
                               .order_by(col(Unit.code))):
                crit = next((c.code for c in ctx.cfg.criteria
                             if not c.levels or unit.level in c.levels), None)
                if crit is None or len(chosen) >= units + 1:
                    continue
                add_user(s, username=f"tai-{unit.code}", password=PASSWORD, role="unit",
                         campaign_id=ctx.campaign_id, unit_code=unit.code)
                chosen[unit.code] = crit
            s.commit()
    finally:
        ctx.engine.dispose()
    return names, chosen


# --------------------------------------------------------------------- the server
class Server:
    """``uvicorn --factory review.app:create_app`` on a socket bound here (a free
    loopback port, no race for it), stopped on exit."""

    def __init__(self, served: Served, log: Path) -> None:
        self.served, self.log = served, log
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        env = {**os.environ, "KIEMCHUNG_VAR_DIR": str(self.served.var_dir),
               "DATABASE_URL": self.served.database_url,
               "KIEMCHUNG_CAMPAIGN_FILE": str(self.served.campaign_file),
               "KIEMCHUNG_MAX_UPLOAD_BYTES": str(UPLOAD_LIMIT),
               "PREFECT_HOME": str(self.served.var_dir / "prefect")}
        fd = self.sock.fileno()
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "--factory", "review.app:create_app",
                 "--fd", str(fd), "--log-level", "warning", "--no-access-log"],
                cwd=ROOT, env=env, pass_fds=(fd,), stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the app did not start: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/login", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.__exit__(None, None, None)
        raise RuntimeError("the app did not answer within 90 s")

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.sock.close()


# --------------------------------------------------------------------- the load
@dataclass
class _Run:
    cfg: LoadConfig
    url: str
    deadline: float
    results: list[tuple[str, str, float]] = field(default_factory=list)
    """(kind, status, seconds)."""
    accepted: list[tuple[str, str, str]] = field(default_factory=list)
    """Accepted uploads: (unit, criterion, sha256)."""
    refused_uploads: list[tuple[str, str, str, str]] = field(default_factory=list)
    oversized_accepted: int = 0
    stopped: bool = False

    def left(self) -> float:
        return self.deadline - time.monotonic()

    async def request(self, client: httpx.AsyncClient, kind: str, method: str, path: str,
                      **kw: Any) -> httpx.Response | None:
        if self.left() <= 0:
            self.stopped = True
            return None
        t = time.perf_counter()
        try:
            r = await client.request(method, self.url + path, timeout=min(
                self.cfg.request_timeout, max(1.0, self.left())), **kw)
        except httpx.TimeoutException:
            self.results.append((kind, "timeout", time.perf_counter() - t))
            return None
        except httpx.HTTPError as exc:
            self.results.append((kind, f"error:{type(exc).__name__}", time.perf_counter() - t))
            return None
        self.results.append((kind, str(r.status_code), time.perf_counter() - t))
        return r


def _accepted(r: httpx.Response | None) -> bool:
    """An upload the app took: sent back to the unit's page (not to /login, not an
    error page)."""
    return r is not None and r.status_code == 303 and \
        r.headers.get("location", "").startswith("/unit")


def _csrf(html: str) -> str:
    m = CSRF.search(html)
    return m.group(1) if m else ""


async def _login(run: _Run, client: httpx.AsyncClient, username: str, password: str,
                 kind: str = "login") -> str | None:
    """The CSRF token of the signed-in session, or None when refused."""
    r = await run.request(client, kind + "-form", "GET", "/login")
    if r is None:
        return None
    r = await run.request(client, kind, "POST", "/login", data={
        "username": username, "password": password, "csrf_token": _csrf(r.text)})
    if r is None or r.status_code != 303:
        return None
    home = await run.request(client, "page", "GET", r.headers["location"])
    return _csrf(home.text) if home is not None else None


async def reviewer(run: _Run, username: str, findings: list[int], evidence: list[int],
                   seed: int) -> None:
    rnd = random.Random(seed)
    async with httpx.AsyncClient(follow_redirects=False) as client:
        if await _login(run, client, username, PASSWORD) is None:
            return
        for _ in range(run.cfg.requests - 3):
            pick = rnd.random()
            if pick < 0.3:
                q = rnd.choice(["", "?status=all", "?sort=code", "?severity=blocking",
                                "?page=2", "?status=all&page=3"])
                r = await run.request(client, "queue", "GET", "/review" + q)
            elif pick < 0.65 and findings:
                r = await run.request(client, "finding", "GET",
                                      f"/findings/{rnd.choice(findings)}")
            elif evidence:
                r = await run.request(client, "page-image", "GET",
                                      f"/evidence/{rnd.choice(evidence)}/page/1.png")
            else:
                r = await run.request(client, "queue", "GET", "/review")
            if r is None and run.stopped:
                return


def _unique_png(tag: str) -> bytes:
    from PIL import Image

    rnd = random.Random(tag)
    im = Image.new("RGB", (96, 64), tuple(rnd.randrange(256) for _ in range(3)))
    im.putdata([tuple(rnd.randrange(256) for _ in range(3)) for _ in range(96 * 64)])
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


async def uploader(run: _Run, unit: str, criterion: str) -> None:
    """``uploads`` distinct files, all named «bang-thong-ke.png», sent at once."""
    async with httpx.AsyncClient(follow_redirects=False) as client:
        token = await _login(run, client, f"tai-{unit}", PASSWORD)
        if token is None:
            return

        async def one(i: int) -> None:
            data = _unique_png(f"{unit}-{i}-{time.time_ns()}")
            r = await run.request(client, "upload", "POST", "/unit/upload", data={
                "criterion": criterion, "csrf_token": token},
                files={"file": ("bang-thong-ke.png", data, "image/png")})
            sha = hashlib.sha256(data).hexdigest()
            if _accepted(r):
                run.accepted.append((unit, criterion, sha))
            else:
                run.refused_uploads.append((unit, criterion, sha,
                                            str(r.status_code) if r is not None else "none"))

        await asyncio.gather(*(one(i) for i in range(run.cfg.uploads)))


async def _raw_oversized(run: _Run, path: str, cookie: str) -> None:
    """A 10 GiB ``Content-Length`` announced, 1 MiB sent, then the answer awaited a
    few seconds: an early 413 is counted, as is no answer (the server waiting)."""
    t = time.perf_counter()
    status = "no-answer"
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(
            run.url.split("//")[1].split(":")[0], int(run.url.rsplit(":", 1)[1])), 5)
        head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/"
                f"form-data; boundary=x\r\nContent-Length: {10 * 2**30}\r\n"
                f"{'Cookie: ' + cookie + chr(13) + chr(10) if cookie else ''}\r\n")
        part = (b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
                b"Content-Type: application/pdf\r\n\r\n%PDF-1.7\n")
        writer.write(head.encode() + part + b"a" * (1 << 20))
        try:
            await asyncio.wait_for(writer.drain(), 5)
            line = await asyncio.wait_for(reader.readline(), 5)
            if line.startswith(b"HTTP/1.1 "):
                status = line.split()[1].decode()
        except (TimeoutError, ConnectionError):
            pass
        writer.close()
    except (OSError, TimeoutError):
        status = "error:connect"
    run.results.append(("oversized-10GiB", status, time.perf_counter() - t))


async def attacker(run: _Run, victim: str, unit: str, criterion: str,
                   bombs: list[int]) -> dict[str, str]:
    out: dict[str, str] = {}
    body = b"%PDF-1.7\n" + os.urandom(UPLOAD_LIMIT + 4096)
    async with httpx.AsyncClient(follow_redirects=False) as anon:
        await _raw_oversized(run, "/unit/upload", "")
        r = await run.request(anon, "login-form", "GET", "/login")
        token = _csrf(r.text) if r is not None else ""
        for _ in range(run.cfg.oversized // 2):
            r = await run.request(anon, "oversized", "POST", "/unit/upload", data={
                "criterion": criterion, "csrf_token": token},
                files={"file": ("to.pdf", body, "application/pdf")})
            run.oversized_accepted += _accepted(r)
        # wrong passwords for a real account, a few at a time, then the right one
        async def wrong(i: int) -> None:
            async with httpx.AsyncClient(follow_redirects=False) as c:
                await _login(run, c, victim, f"sai-{i}", kind="wrong-password")

        for start in range(0, run.cfg.wrong_passwords, 5):
            await asyncio.gather(*(wrong(i) for i in range(
                start, min(start + 5, run.cfg.wrong_passwords))))
        async with httpx.AsyncClient(follow_redirects=False) as c:
            ok = await _login(run, c, victim, PASSWORD, kind="login-after-wrong")
            last = next((s for k, s, _t in reversed(run.results) if k == "login-after-wrong"),
                        "none")
            out["login_after_wrong"] = "accepted" if ok is not None else last
    async with httpx.AsyncClient(follow_redirects=False) as signed:
        token2 = await _login(run, signed, f"tai-{unit}", PASSWORD, kind="login")
        if token2 is not None:
            cookie = "; ".join(f"{k}={v}" for k, v in signed.cookies.items())
            await _raw_oversized(run, "/unit/upload", cookie)
            for _ in range(run.cfg.oversized - run.cfg.oversized // 2):
                r = await run.request(signed, "oversized", "POST", "/unit/upload", data={
                    "criterion": criterion, "csrf_token": token2},
                    files={"file": ("to.pdf", body, "application/pdf")})
                run.oversized_accepted += _accepted(r)
            for i in range(run.cfg.bomb_requests):
                if bombs:
                    await run.request(signed, "render-bomb", "GET",
                                      f"/evidence/{bombs[i % len(bombs)]}/page/1.png")
    return out


# --------------------------------------------------------------------- the bombs
def bomb_pdfs() -> dict[str, bytes]:
    """A few hundred bytes with a 7200 × 7200 pt page; under 1 MB inflating to 300 MiB."""
    from sample_evidence.generator.hostile import _content_bomb, _raw_pdf

    return {"trang-khong-lo.pdf": _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 7200 7200] >>"]),
        "bom-noi-dung.pdf": _content_bomb(300)}


def plant_bombs(served: Served, unit: str, criterion: str) -> list[int]:
    """The attacker's unit sends its bombs as evidence (through the same ingest as an
    upload); their Evidence ids."""
    from sqlmodel import Session, select

    from flows.context import open_context
    from flows.ingest import ingest_uploads
    from storage.models import Evidence
    from storage.settings import Settings

    ctx = open_context(served.campaign_file, served.database_url,
                       Settings(var_dir=served.var_dir, database_url=served.database_url))
    try:
        folder = ctx.cfg.resolve(ctx.cfg.uploads) / unit / criterion
        folder.mkdir(parents=True, exist_ok=True)
        shas = []
        for name, data in bomb_pdfs().items():
            (folder / name).write_bytes(data)
            shas.append(hashlib.sha256(data).hexdigest())
        ingest_uploads(ctx)
        with Session(ctx.engine) as s:
            return [e.id for e in s.exec(select(Evidence).where(
                Evidence.campaign_id == ctx.campaign_id)) if e.sha256 in shas and e.id]
    finally:
        ctx.engine.dispose()


def _browsable(served: Served) -> tuple[list[int], list[int]]:
    import sqlite3

    db = sqlite3.connect(served.database_url.removeprefix("sqlite:///"))
    try:
        findings = [r[0] for r in db.execute("select id from finding")]
        evidence = [r[0] for r in db.execute(
            "select distinct evidence_id from finding where evidence_id is not null")]
    finally:
        db.close()
    return findings, evidence


# --------------------------------------------------------------------- checks
def check_uploads(served: Served, run: _Run, report: LoadReport) -> None:
    """Every accepted upload: one file with its content in its folder, one Evidence row
    with its sha256; a refused one (other than a 4xx) left nowhere."""
    import sqlite3

    uploads = served.uploads
    db = sqlite3.connect(served.database_url.removeprefix("sqlite:///"))
    try:
        rows = Counter(r[0] for r in db.execute("select sha256 from evidence"))
    finally:
        db.close()
    on_disk: dict[str, int] = defaultdict(int)
    for p in uploads.rglob("*"):
        if p.is_file() and not p.name.endswith(".part"):
            on_disk[hashlib.sha256(p.read_bytes()).hexdigest()] += 1
    report.uploads_accepted = len(run.accepted)
    for unit, crit, sha in run.accepted:
        if on_disk.get(sha, 0) == 1:
            report.uploads_stored_once += 1
        else:
            report.upload_problems.append(f"{unit}/{crit} {sha[:12]}: {on_disk.get(sha, 0)} "
                                          "files with its content (accepted)")
        if rows.get(sha, 0) == 1:
            report.uploads_ingested_once += 1
        else:
            report.upload_problems.append(f"{unit}/{crit} {sha[:12]}: {rows.get(sha, 0)} "
                                          "evidence rows (accepted)")
    for unit, crit, sha, status in run.refused_uploads:
        if status.startswith("5") and (on_disk.get(sha) or rows.get(sha)):
            report.upload_problems.append(f"{unit}/{crit} {sha[:12]}: answered {status} "
                                          "but stored")


# --------------------------------------------------------------------- the run
def run_load(served: Served, cfg: LoadConfig, log: Path) -> LoadReport:
    names, units = add_accounts(served, min(cfg.reviewers, 5), cfg.uploaders)
    codes = sorted(units)
    attacker_unit = codes[0]
    bombs = plant_bombs(served, attacker_unit, units[attacker_unit])
    findings, evidence = _browsable(served)
    report = LoadReport()
    with Server(served, log) as server, DescendantPeak(interval=0.1) as peak:
        run = _Run(cfg, server.url, time.monotonic() + cfg.seconds)
        t0 = time.perf_counter()

        async def main() -> dict[str, str]:
            tasks = [reviewer(run, names[i % len(names)], findings, evidence, i)
                     for i in range(cfg.reviewers)]
            tasks += [uploader(run, u, units[u]) for u in codes[1:cfg.uploaders + 1]]
            hostile = attacker(run, names[0], attacker_unit, units[attacker_unit], bombs)
            *_rest, out = await asyncio.gather(*tasks, hostile)
            return out  # type: ignore[no-any-return]

        out = asyncio.run(main())
        report.seconds = round(time.perf_counter() - t0, 1)
    report.server_peak_mib = round(peak.mib, 1)
    report.stopped_by_deadline = run.stopped
    report.login_after_wrong = out.get("login_after_wrong", "")
    report.oversized_accepted = run.oversized_accepted
    report.requests = len(run.results)
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    times: dict[str, list[float]] = defaultdict(list)
    for kind, status, secs in run.results:
        by_kind[kind][status] += 1
        if status[0].isdigit():
            times[kind].append(secs)
            times["all"].append(secs)
    report.statuses = {k: dict(sorted(v.items())) for k, v in sorted(by_kind.items())}
    report.latency_ms = {k: _percentiles(v) for k, v in sorted(times.items())}
    report.server_errors = sum(n for v in by_kind.values() for s, n in v.items()
                               if s.startswith("5") and s != "503")
    check_uploads(served, run, report)
    report.server_exceptions = dict(Counter(
        line[:160] for line in log.read_text(errors="replace").splitlines()
        if EXCEPTION_LINE.match(line)).most_common())
    return report


def _percentiles(values: list[float]) -> dict[str, float]:
    if len(values) < 2:
        return {"p50": round(1000 * values[0], 1) if values else 0.0, "p95": 0.0}
    q = statistics.quantiles(values, n=20, method="inclusive")
    return {"p50": round(1000 * statistics.median(values), 1), "p95": round(1000 * q[18], 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reviewers", type=int, default=LoadConfig.reviewers)
    ap.add_argument("--requests", type=int, default=LoadConfig.requests)
    ap.add_argument("--seconds", type=float, default=LoadConfig.seconds)
    ap.add_argument("--json", action="store_true", help="the report as JSON")
    a = ap.parse_args()
    cfg = LoadConfig(reviewers=a.reviewers, requests=a.requests, seconds=a.seconds)
    with tempfile.TemporaryDirectory(prefix="kc-web-load-") as tmp:
        t = time.perf_counter()
        served = prepare(Path(tmp))
        print(f"prepared the sample campaign in {time.perf_counter() - t:.0f} s",
              file=sys.stderr)
        report = run_load(served, cfg, Path(tmp) / "server.log")
    if a.json:
        print(json.dumps({**asdict(report), "ok": report.ok}, indent=2, ensure_ascii=False))
    else:
        _print(report)
    return 0 if report.ok else 1


def _print(r: LoadReport) -> None:
    print(f"{r.requests} requests in {r.seconds} s "
          f"({'stopped by the time limit' if r.stopped_by_deadline else 'all sent'}); "
          f"server peak {r.server_peak_mib:.0f} MiB")
    for kind, counts in r.statuses.items():
        lat = r.latency_ms.get(kind, {})
        print(f"  {kind:18} {dict(counts)}  p50 {lat.get('p50', 0):.0f} ms  "
              f"p95 {lat.get('p95', 0):.0f} ms")
    lat = r.latency_ms.get("all", {})
    print(f"all answered: p50 {lat.get('p50', 0):.0f} ms, p95 {lat.get('p95', 0):.0f} ms")
    print(f"uploads accepted {r.uploads_accepted}: stored once {r.uploads_stored_once}, "
          f"ingested once {r.uploads_ingested_once}")
    for p in r.upload_problems:
        print("  " + p)
    print(f"server errors (5xx but 503): {r.server_errors}; oversized bodies accepted: "
          f"{r.oversized_accepted}; right password after the wrong ones: "
          f"{r.login_after_wrong}")
    for line, n in r.server_exceptions.items():
        print(f"  server log, {n}×: {line}")
    print("OK" if r.ok else "INVARIANTS BROKEN")


if __name__ == "__main__":
    sys.exit(main())
