"""Working days on real 2019–2021 dates around Tết and the other public holidays."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kiemchung.core.deadlines import WorkCalendar, complaint_deadline, deadline_for
from storage.campaign_file import load_campaign

SAMPLE = Path(__file__).resolve().parents[2] / "sample_evidence"
cal = WorkCalendar()


def test_tet_2019_is_skipped() -> None:
    # Tết Kỷ Hợi: days off Mon 04/02 – Fri 08/02/2019; Sat 02/02, Sun 03/02 weekend.
    assert not any(cal.is_working_day(date(2019, 2, d)) for d in range(2, 11))
    # a survey received Thu 31/01/2019: day 1 is Fri 01/02, day 2 Mon 11/02 …
    assert cal.add_working_days(date(2019, 1, 31), 1) == date(2019, 2, 1)
    assert cal.add_working_days(date(2019, 1, 31), 2) == date(2019, 2, 11)
    assert cal.add_working_days(date(2019, 1, 31), 10) == date(2019, 2, 21)


def test_tet_2020_and_2021() -> None:
    # Tết Canh Tý: Thu 23/01 – Wed 29/01/2020 off.
    assert cal.add_working_days(date(2020, 1, 22), 1) == date(2020, 1, 30)
    # Tết Tân Sửu: Wed 10/02 – Tue 16/02/2021 off; 10 working days from Tue 09/02.
    assert cal.add_working_days(date(2021, 2, 9), 10) == date(2021, 3, 2)
    assert cal.working_days_between(date(2021, 2, 9), date(2021, 3, 2)) == 10


def test_make_up_saturday_and_the_april_bridge_2019() -> None:
    # 2019: Mon 29/04 off (bridge to 30/04, 01/05), made up on Sat 04/05.
    assert not cal.is_working_day(date(2019, 4, 29))
    assert cal.is_working_day(date(2019, 5, 4))
    assert cal.add_working_days(date(2019, 4, 26), 1) == date(2019, 5, 2)
    # Hùng Kings 2019 fell on Sunday 14/04: observed Monday 15/04.
    assert not cal.is_working_day(date(2019, 4, 15))
    # National Day 2021: Thu 02/09 and Fri 03/09.
    assert cal.add_working_days(date(2021, 9, 1), 1) == date(2021, 9, 6)


def test_campaign_overrides() -> None:
    own = WorkCalendar(days_off=[date(2019, 10, 21)], working_days=[date(2019, 10, 19)])
    assert own.is_working_day(date(2019, 10, 19)) and not own.is_working_day(date(2019, 10, 21))
    assert own.add_working_days(date(2019, 10, 18), 2) == date(2019, 10, 22)


def test_deadline_for_a_unit_and_the_complaint_window(tmp_path: Path) -> None:
    text = (SAMPLE / "campaign.toml").read_text(encoding="utf-8")
    text = text.replace("default = 2019-10-18", 'default = 2019-10-18\n'
                        'commune = { working_days = 10, after = "survey_received" }\n'
                        'office = { working_days = 5, after = "notice" }\n'
                        "[events]\nsurvey_received = 2019-10-07\n"
                        "[complaints]\nwithin = { working_days = 5, after = \"publication\" }")
    text = text.replace('code = "xa-quang-thinh"', 'code = "xa-quang-thinh"\n'
                        "survey_received = 2019-10-09")
    camp = tmp_path / "c.toml"
    camp.write_text(text, encoding="utf-8")
    cfg = load_campaign(camp, files=False)
    by = {u.code: u for u in cfg.units}
    # Mon 07/10/2019 + 10 working days = Mon 21/10; Wed 09/10 + 10 = Wed 23/10
    assert deadline_for(by["xa-quang-phong"], cfg) == date(2019, 10, 21)
    assert deadline_for(by["xa-quang-thinh"], cfg) == date(2019, 10, 23)
    assert deadline_for(by["ubnd-huyen"], cfg) == date(2019, 10, 18)
    assert deadline_for(by["phong-vhtt"], cfg) is None  # no notice yet
    assert deadline_for(by["phong-vhtt"], cfg, {"notice": date(2019, 12, 27)}) == \
        date(2020, 1, 6)  # New Year's Day skipped
    assert cfg.deadline_for("commune") == date(2019, 10, 21)
    # published Tue 21/01/2020: Wed 22/01 is day 1, Tết Canh Tý (23–29/01) skipped, day 5 Tue 04/02
    assert complaint_deadline(cfg, date(2020, 1, 21)) == date(2020, 2, 4)
