"""The README's main command, as a user runs it: a real Prefect flow on the
ephemeral server, SQLite under var/, over a copy of the sample campaign."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE


def kiemchung(*args: str, cwd: Path, env: dict[str, str] | None = None,
              timeout: int = 300) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "KIEMCHUNG_"))
                and k != "DATABASE_URL"}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "kiemchung.cli", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout, check=False)


@pytest.mark.slow
def test_run_prints_summary_then_nothing_new(sample_copy: Path, tmp_path: Path) -> None:
    env = {"KIEMCHUNG_VAR_DIR": str(tmp_path / "var"),
           "PYTHONPATH": str(SAMPLE.parent)}
    first = kiemchung("run", "--campaign", str(sample_copy / "campaign.toml"), cwd=tmp_path,
                      env=env)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "Tổng" in first.stdout and "110 mới" in first.stdout
    assert (tmp_path / "var" / "kiemchung.db").is_file()
    second = kiemchung("run", "--campaign", str(sample_copy / "campaign.toml"), cwd=tmp_path,
                       env=env)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "Không có gì mới" in second.stdout
    assert "Điểm và xếp hạng" in first.stdout and "không xếp hạng" in first.stdout
    assert "Thông báo trả lại minh chứng: 7 mới" in first.stdout
    assert "Thông báo trả lại minh chứng: 0 mới" in second.stdout
    # the score command, in every format, from the same database
    camp = ("--campaign", str(sample_copy / "campaign.toml"))
    as_json = kiemchung("score", *camp, "--format", "json", cwd=tmp_path, env=env)
    assert as_json.returncode == 0, as_json.stderr[-3000:]
    units = {u["unit"]: u for u in json.loads(as_json.stdout)}
    assert units["ubnd-huyen"]["verified"] == pytest.approx(9.93)
    assert units["xa-quang-thinh"]["rank"] is None
    table = kiemchung("score", *camp, cwd=tmp_path, env=env)
    assert "mất 10,07 điểm" in table.stdout and "SIG_INVALID" in table.stdout
    xlsx = tmp_path / "diem.xlsx"
    assert kiemchung("score", *camp, "--format", "xlsx", "--out", str(xlsx), cwd=tmp_path,
                     env=env).returncode == 0
    from openpyxl import load_workbook

    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["Xếp hạng", "Chi tiết"]
    assert [c.value for c in wb["Xếp hạng"][1]][:3] == ["Mã đơn vị", "Đơn vị", "Cấp"]
    assert wb["Xếp hạng"].max_row == 8
    csv_out = kiemchung("score", *camp, "--format", "csv", "--unit", "van-phong", cwd=tmp_path,
                        env=env)
    assert csv_out.stdout.splitlines()[0].startswith("Mã đơn vị,Đơn vị")
    assert len(csv_out.stdout.splitlines()) == 1 + 6 + 2 + 1
    listed = kiemchung("notices", *camp, "--out", str(tmp_path / "tb"), "--format", "json",
                       cwd=tmp_path, env=env)
    assert listed.returncode == 0, listed.stderr[-3000:]
    assert [n["status"] for n in json.loads(listed.stdout)] == ["pending"] * 7
    assert len(list((tmp_path / "tb").glob("thong-bao-*.pdf"))) == 7
    no_smtp = kiemchung("notices", *camp, "--send", cwd=tmp_path, env=env)
    assert no_smtp.returncode != 0 and "[notices.smtp]" in no_smtp.stderr
    bad = kiemchung("score", *camp, "--format", "pdf", cwd=tmp_path, env=env)
    assert bad.returncode != 0 and "Unknown format" in bad.stderr
    # the findings command reads through the web queue's query (storage/queries.py)
    every = json.loads(kiemchung("findings", *camp, "--format", "json", cwd=tmp_path,
                                 env=env).stdout)
    assert every and {f["status"] for f in every} == {"open"}
    invalid = json.loads(kiemchung("findings", *camp, "--code", "SIG_INVALID", "--format",
                                   "json", cwd=tmp_path, env=env).stdout)
    assert invalid and {f["code"] for f in invalid} == {"SIG_INVALID"}
    assert len(invalid) < len(every)
    path = next(f["file"] for f in invalid if f["file"])
    found = json.loads(kiemchung("findings", *camp, "--search", path.split("/")[-1].upper(),
                                 "--format", "json", cwd=tmp_path, env=env).stdout)
    assert found and all(f["file"] == path or path.split("/")[-1].lower() in
                         (f["message"] + (f["file"] or "")).lower() for f in found)
    unassigned = json.loads(kiemchung("findings", *camp, "--assignee", "-", "--format",
                                      "json", cwd=tmp_path, env=env).stdout)
    assert len(unassigned) == len(every)  # nobody has been given any yet


def test_run_with_missing_campaign_fails_clearly(tmp_path: Path) -> None:
    r = kiemchung("run", "--campaign", str(tmp_path / "nope.toml"), cwd=tmp_path,
                  env={"KIEMCHUNG_VAR_DIR": str(tmp_path / "var"),
                       "PYTHONPATH": str(SAMPLE.parent)})
    assert r.returncode == 2 and "not found" in r.stderr and "Traceback" not in r.stderr


def test_verify_json_contract(tmp_path: Path) -> None:
    files = ["ubnd-huyen/ky-so-to-chuc/cv-2018-10-13-nguyen-van-an.pdf",
             "van-phong/thu-cong-vu/anh-chup-man-hinh.png",
             "tt-quang-ha/ty-le-ky-so/bao-cao-ky-so-bi-loi.pdf"]
    r = kiemchung("verify", "--json", *(str(SAMPLE / "uploads" / f) for f in files),
                  cwd=tmp_path, env={"PYTHONPATH": str(SAMPLE.parent)})
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert [o["kind"] for o in out] == ["pdf_signed", "empty", "unreadable"]
    assert [o["verdict"] for o in out][1:] == ["error", "error"]
    for o in out:
        assert {"file", "kind", "verdict", "reasons", "signatures", "facts", "ocr"} <= set(o)
    assert not (tmp_path / "var").exists()  # verify never touches the database


def test_verify_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    r = kiemchung("verify", str(tmp_path / "missing.pdf"), cwd=tmp_path,
                  env={"PYTHONPATH": str(SAMPLE.parent)})
    assert r.returncode == 2 and "Cannot read" in r.stderr


def test_json_log_lines() -> None:
    import logging

    from kiemchung.cli.logs import JsonLines

    rec = logging.LogRecord("kiemchung.test", logging.WARNING, __file__, 1, "hỏng %s", ("x",),
                            None)
    line = json.loads(JsonLines().format(rec))
    assert (line["level"], line["logger"], line["message"]) == ("WARNING", "kiemchung.test",
                                                               "hỏng x")
