"""The strict campaign schema: every typo of issue 16 is caught, all at once, with its
line, column, English key and the closest valid spelling."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiemchung.core.errors import CampaignFileError
from storage.campaign_check import check_campaign
from storage.campaign_file import load_campaign

SAMPLE = Path(__file__).resolve().parents[2] / "sample_evidence"

TYPOS = [
    ('signatures = "organization"', 'signatues = "organization"',
     "criteria[0].evidence.signatues", "signatures"),
    ('levels = ["district", "commune"]', 'levels = ["district", "comune"]',
     "criteria[3].levels[1]", "commune"),
    ("late_means_not_ranked = true", "late_means_not_rankd = true",
     "late_means_not_rankd", "late_means_not_ranked"),
    ('parent = "ubnd-huyen"\nemail = "vhtt', 'parent = "ubnd-huyn"\nemail = "vhtt',
     "units[1].parent", "ubnd-huyen"),
    ('kinds = ["image", "pdf_signed", "pdf_scan"]\nnumerator = "outgoing_signed"',
     'kinds = ["imag", "pdf_signed", "pdf_scan"]\nnumerator = "outgoing_signed"',
     "criteria[2].evidence.kinds[0]", "image"),
    ('numerator = "dossiers_on_time"', 'numerator = "dossier_on_time"',
     "criteria[3].evidence.numerator", "dossiers_on_time"),
    ("default = 2019-10-18", "defualt = 2019-10-18", "deadlines.defualt", "default"),
    ('claims = ["claims.csv"]', 'claims = ["claim.csv"]', "claims[0]", None),
    ('trust_roots = ["pki/roots"]', 'trust_roots = ["pki/rots"]', "trust_roots[0]", None),
]


@pytest.fixture()
def campaign(tmp_path: Path) -> Path:
    for name in ("campaign.toml", "claims.csv", "received.csv", "scoring.toml"):
        shutil.copy(SAMPLE / name, tmp_path / name)
    shutil.copytree(SAMPLE / "pki", tmp_path / "pki")
    (tmp_path / "uploads").mkdir()
    return tmp_path / "campaign.toml"


def test_the_sample_campaign_is_clean() -> None:
    result = check_campaign(SAMPLE / "campaign.toml")
    assert result.ok, result.report()
    assert "7 đơn vị" in result.summary() and "6 tiêu chí" in result.summary()


@pytest.mark.parametrize(("good", "bad", "key", "suggestion"), TYPOS,
                         ids=[t[2] for t in TYPOS])
def test_each_typo_is_an_error_at_its_line(campaign: Path, good: str, bad: str, key: str,
                                           suggestion: str | None) -> None:
    text = campaign.read_text(encoding="utf-8")
    assert good in text
    broken = text.replace(good, bad, 1)
    campaign.write_text(broken, encoding="utf-8")
    result = check_campaign(campaign)
    assert not result.ok
    [p] = [p for p in result.problems if p.key == key]
    line = broken[:broken.index(bad)].count("\n") + 1
    reported = int(p.where.rsplit(":", 2)[1])
    assert line <= reported <= line + bad.count("\n"), (p, line)
    assert p.suggestion == suggestion
    with pytest.raises(CampaignFileError) as err:
        load_campaign(campaign)
    assert key in err.value.message


def test_all_typos_are_reported_at_once(campaign: Path) -> None:
    text = campaign.read_text(encoding="utf-8")
    for good, bad, _key, _s in TYPOS:
        text = text.replace(good, bad, 1)
    campaign.write_text(text, encoding="utf-8")
    result = check_campaign(campaign)
    assert {t[2] for t in TYPOS} <= {p.key for p in result.problems}
    assert all(str(campaign) in p.where for p in result.problems)
    assert "có phải ý bạn là «signatures»?" in result.report()


def test_references_and_scoring_set(campaign: Path) -> None:
    text = campaign.read_text(encoding="utf-8")
    text = text.replace('code = "ho-so-dung-han"', 'code = "ho-so-dung-hn"')
    text = text.replace("default = 2019-10-18", "commune = 2019-10-18")
    text = text.replace('code = "phong-tckh"', 'code = "phong-vhtt"')
    campaign.write_text(text, encoding="utf-8")
    problems = check_campaign(campaign).problems
    keys = {p.key: p for p in problems}
    assert keys["criteria[3].code"].suggestion == "ho-so-dung-han"
    assert "units[2].code" in keys  # duplicate
    assert any("«district»" in p.message for p in problems)  # no deadline for the level


def test_working_day_deadlines_and_signature_keys_validate(campaign: Path) -> None:
    text = campaign.read_text(encoding="utf-8")
    text = text.replace("default = 2019-10-18", 'default = 2019-10-18\n'
                        'commune = { working_days = 10, after = "survey_received" }\n'
                        'office = { working_days = 10, after = "survey_recieved" }')
    text = text.replace("late_means_not_ranked = true", 'late_means_not_ranked = true\n'
                        'trust = "none"\nportal_url = "https://kc.example.test"\n'
                        "reason_required_below_max = true\n"
                        "[signatures.algorithms]\nsha1 = 2019-12-31\nrsa-1024 = 2018-12-31\n"
                        "shaa1 = 2019-12-31\n")
    campaign.write_text(text, encoding="utf-8")
    result = check_campaign(campaign)
    keys = {p.key: p for p in result.problems}
    assert set(keys) == {"deadlines.office.after", "signatures.algorithms.shaa1"}, keys
    assert keys["deadlines.office.after"].suggestion == "survey_received"
    campaign.write_text(text.replace('"survey_recieved"', '"notice"')
                        .replace("shaa1 = 2019-12-31\n", ""), encoding="utf-8")
    cfg = load_campaign(campaign)
    assert cfg.trust == "none" and cfg.reason_required_below_max
    assert str(cfg.signatures.algorithms["rsa-1024"]) == "2018-12-31"


def test_not_toml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "c.toml"
    bad.write_text('code = "x"\nname = \n', encoding="utf-8")
    [p] = check_campaign(bad).problems
    assert p.where.startswith(f"{bad}:2:") and "TOML" in p.message
    [p] = check_campaign(tmp_path / "none.toml").problems
    assert "not found" in p.message
