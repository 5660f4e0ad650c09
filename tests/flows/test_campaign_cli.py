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
    assert "không có lỗi" in clean.stdout and "7 đơn vị" in clean.stdout
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
    # the sample's tampered files make pyHanko print tracebacks: in the log, not on screen
    assert any("Traceback" in rec["message"] for rec in records)
    assert not list((var / "logs").glob(".prefect-logging-*"))
