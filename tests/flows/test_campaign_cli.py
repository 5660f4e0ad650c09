"""The campaign commands and the operator's terminal, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tests.flows.test_cli import kiemchung

ENV_PATH = {"PYTHONPATH": str(SAMPLE.parent)}


def _typos(camp: Path) -> None:
    text = camp.read_text(encoding="utf-8")
    text = text.replace('signatures = "organization"', 'signatues = "organization"', 1)
    text = text.replace('trust_roots = ["pki/roots"]', 'trust_roots = ["pki/root"]')
    camp.write_text(text, encoding="utf-8")


def test_campaign_check_prints_every_error_and_exits_2(sample_copy: Path,
                                                       tmp_path: Path) -> None:
    camp = sample_copy / "campaign.toml"
    clean = kiemchung("campaign", "check", str(camp), cwd=tmp_path, env=ENV_PATH)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    summary = " ".join(clean.stdout.split())  # (rich wraps long lines)
    assert "không có lỗi" in summary and "7 đơn vị (1 cấp huyện, 3 phòng, ban, 3 cấp xã)" in \
        summary
    _typos(camp)
    bad = kiemchung("campaign", "check", str(camp), cwd=tmp_path, env=ENV_PATH)
    assert bad.returncode == 2
    out = " ".join(bad.stdout.split())  # (rich wraps long lines)
    assert "có phải ý bạn là «signatures»?" in out and "[trust_roots[0]]" in out
    assert f"{camp}:13:16" in out  # the trust root's line and column
    assert "2 lỗi" in out and "Traceback" not in bad.stdout + bad.stderr


def test_run_stops_before_prefect_on_a_bad_campaign(sample_copy: Path, tmp_path: Path) -> None:
    camp = sample_copy / "campaign.toml"
    _typos(camp)
    var = tmp_path / "var"
    r = kiemchung("run", "--campaign", str(camp), cwd=tmp_path,
                  env={**ENV_PATH, "KIEMCHUNG_VAR_DIR": str(var)})
    assert r.returncode == 2
    err = " ".join(r.stderr.split())
    assert "[trust_roots[0]]" in err and "signatues" in err and "Traceback" not in r.stderr
    assert not (var / "prefect").exists() and not (var / "kiemchung.db").exists()
    for cmd in (("findings",), ("score",), ("users", "list")):
        other = kiemchung(*cmd, "--campaign", str(camp), cwd=tmp_path,
                          env={**ENV_PATH, "KIEMCHUNG_VAR_DIR": str(var)})
        assert other.returncode == 2 and "signatues" in other.stderr, cmd


@pytest.mark.slow
def test_run_logs_to_a_json_lines_file_and_says_where(sample_copy: Path, tmp_path: Path
                                                       ) -> None:
    var = tmp_path / "var"
    r = kiemchung("run", "--campaign", str(sample_copy / "campaign.toml"), cwd=tmp_path,
                  env={**ENV_PATH, "KIEMCHUNG_VAR_DIR": str(var),
                       "KIEMCHUNG_LOG_FORMAT": "json"})
    assert r.returncode == 0, r.stderr[-3000:]
    [log] = list((var / "logs").glob("run-*.log"))
    assert r.stdout.rstrip().endswith(log.name)  # the summary ends with the log
    assert "Traceback" not in r.stdout + r.stderr
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    loggers = {rec["logger"] for rec in records}
    assert {"kiemchung.run", "prefect.flow_runs"} <= loggers, loggers
    assert records[0]["message"].startswith("run started")
    # pyHanko's own output on the sample's tampered files is captured into each file's
    # report by the signature verifier, not printed (the screen check is above)
    assert not list((var / "logs").glob(".prefect-logging-*"))


@pytest.mark.slow
def test_users_import_150_accounts_with_one_time_passwords(tmp_path: Path) -> None:
    import csv
    import stat

    from fastapi.testclient import TestClient

    from flows.context import open_context
    from review.app import create_app
    from storage.campaign_sheet import import_workbook, write_template
    from storage.settings import Settings
    from tests.review.conftest import csrf_of
    from tests.storage.test_campaign_sheet import fill

    book = tmp_path / "dot.xlsx"
    write_template(book)
    fill(book)
    (tmp_path / "claims.csv").write_text("unit,criterion,value\n", encoding="utf-8")
    (tmp_path / "uploads").mkdir()
    camp = tmp_path / "campaign.toml"
    assert import_workbook(book, camp) == []
    var = tmp_path / "var"
    env = {**ENV_PATH, "KIEMCHUNG_VAR_DIR": str(var)}
    assert kiemchung("campaign", "check", str(camp), cwd=tmp_path, env=env).returncode == 0
    secrets_file = tmp_path / "mat-khau.csv"
    r = kiemchung("users", "import", str(camp), "--out", str(secrets_file), cwd=tmp_path,
                  env=env)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "150 tài khoản" in r.stdout
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
    rows = list(csv.DictReader(secrets_file.open(encoding="utf-8")))
    assert len(rows) == 150 and len({r["one_time_password"] for r in rows}) == 150
    listed = kiemchung("users", "list", "--campaign", str(camp), cwd=tmp_path, env=env)
    assert sum(1 for line in listed.stdout.splitlines() if line.split()[1:2] == ["unit"]) == 150
    again = kiemchung("users", "import", str(camp), "--out", str(tmp_path / "b.csv"),
                      cwd=tmp_path, env=env)
    assert again.returncode == 0 and "giữ nguyên 150" in again.stdout
    assert kiemchung("users", "import", str(camp), "--out", str(secrets_file), cwd=tmp_path,
                     env=env).returncode == 2  # never written over
    # the first login asks for a new password before anything else
    ctx = open_context(camp, f"sqlite:///{var / 'kiemchung.db'}", Settings(var_dir=var))
    row = next(r for r in rows if r["unit"] == "dv-004")
    with TestClient(create_app(ctx=ctx)) as web:
        token = csrf_of(web.get("/login").text)
        first = web.post("/login", data={"username": "dv-004", "csrf_token": token,
                                         "password": row["one_time_password"]},
                         follow_redirects=False)
        assert first.headers["location"] == "/password"
        assert web.get("/unit", follow_redirects=False).headers["location"] == "/password"
        form = web.get("/password")
        assert "lần đăng nhập đầu tiên" in form.text
        token = csrf_of(form.text)
        same = web.post("/password", data={"current": row["one_time_password"],
                                           "new": row["one_time_password"],
                                           "again": row["one_time_password"],
                                           "csrf_token": token}, follow_redirects=False)
        assert same.status_code == 400 and "phải khác" in same.text
        done = web.post("/password", data={"current": row["one_time_password"],
                                           "new": "mat-khau-moi-cua-xa", "again":
                                           "mat-khau-moi-cua-xa", "csrf_token": token},
                        follow_redirects=False)
        assert done.headers["location"] == "/unit"
        assert web.get("/unit", follow_redirects=False).status_code == 200
    ctx.engine.dispose()


def test_users_disable_and_enable_from_the_cli(sample_copy: Path, tmp_path: Path) -> None:
    from sqlmodel import Session, select

    from storage.db import make_engine
    from storage.models import User

    camp = sample_copy / "campaign.toml"
    var = tmp_path / "var"
    env = {**ENV_PATH, "KIEMCHUNG_VAR_DIR": str(var), "PW": "mat-khau-dai-du-12"}
    added = kiemchung("users", "add", "thamdinh", "--password-env", "PW", "--campaign",
                      str(camp), cwd=tmp_path, env=env)
    assert added.returncode == 0, added.stderr[-2000:]
    assert "Đã lưu tài khoản thamdinh (thẩm định viên)" in added.stdout

    def state() -> tuple[bool, int]:
        with Session(make_engine(f"sqlite:///{var / 'kiemchung.db'}")) as s:
            u = s.exec(select(User).where(User.username == "thamdinh")).one()
            return u.disabled, u.session_version

    _, version = state()
    off = kiemchung("users", "disable", "thamdinh", "--campaign", str(camp), cwd=tmp_path,
                    env=env)
    assert off.returncode == 0 and "Đã khóa tài khoản thamdinh" in off.stdout
    assert state() == (True, version + 1)  # open sessions end
    on = kiemchung("users", "enable", "thamdinh", "--campaign", str(camp), cwd=tmp_path,
                   env=env)
    assert on.returncode == 0 and state() == (False, version + 1)
    nobody = kiemchung("users", "disable", "khongco", "--campaign", str(camp), cwd=tmp_path,
                       env=env)
    assert nobody.returncode == 2 and "Không có tài khoản «khongco»" in nobody.stderr
    assert "Traceback" not in nobody.stderr
