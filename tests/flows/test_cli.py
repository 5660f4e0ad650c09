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
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout, check=False)


@pytest.mark.slow
def test_run_prints_summary_then_nothing_new(sample_copy: Path, tmp_path: Path) -> None:
    env = {"KIEMCHUNG_VAR_DIR": str(tmp_path / "var"),
           "PYTHONPATH": str(SAMPLE.parent)}
    first = kiemchung("run", "--campaign", str(sample_copy / "campaign.toml"), cwd=tmp_path,
                      env=env)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "Tổng" in first.stdout and "105 mới" in first.stdout
    assert (tmp_path / "var" / "kiemchung.db").is_file()
    second = kiemchung("run", "--campaign", str(sample_copy / "campaign.toml"), cwd=tmp_path,
                       env=env)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "Không có gì mới" in second.stdout


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
