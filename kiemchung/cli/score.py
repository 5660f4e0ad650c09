"""``kiemchung score``: every unit's score from its confirmed values, in the terminal or
as CSV, XLSX or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from kiemchung.cli import output
from kiemchung.cli.logs import to_terminal
from kiemchung.cli.options import CampaignOpt, DbOpt, ScoreFormat
from kiemchung.core.errors import InvalidOption, KiemchungError, NotSetUp


def score(campaign: CampaignOpt = None, database_url: DbOpt = None,
          fmt: Annotated[str, typer.Option(
              "--format", help="table, csv, xlsx hoặc json.")] = ScoreFormat.TABLE,
          out: Annotated[Path | None, typer.Option(
              "--out", "-o", help="Ghi vào tệp này (xlsx mặc định: scores.xlsx).")] = None,
          unit: Annotated[str | None, typer.Option(help="Chỉ đơn vị này.")] = None,
          ) -> None:
    """Chấm điểm mọi đơn vị từ số liệu đã xác nhận (sau `kiemchung run`): điểm tự
    đánh giá so với điểm xác minh, thứ hạng hoặc xếp loại, và lý do mỗi điểm bị trừ."""
    from flows.context import open_context
    from flows.score_stage import score_campaign
    from scoring import export

    to_terminal(verbose=False)
    if fmt not in tuple(ScoreFormat):
        output.fail(InvalidOption(
            f"Định dạng {fmt!r} không có: dùng {', '.join(ScoreFormat)} "
            f"(Unknown format {fmt!r})."))
    try:
        ctx = open_context(campaign, database_url)
        scores = score_campaign(ctx)
    except KiemchungError as exc:
        output.fail(exc)
    if ctx.criteria_set is None:
        output.fail(NotSetUp(f"Đợt đánh giá {ctx.cfg.code} không có bộ tiêu chí chấm điểm "
                             "([scoring]): không có gì để chấm. Ghi tên một bộ tiêu chí "
                             "trong tệp đợt đánh giá."))
    if unit:
        scores = [u for u in scores if u.unit == unit]
        if not scores:
            output.fail(InvalidOption(f"Không có đơn vị {unit!r} trong đợt đánh giá "
                                      f"{ctx.cfg.code}."))
    if fmt == ScoreFormat.XLSX:
        path = out or Path("scores.xlsx")
        export.write_xlsx(scores, path)
        output.err_console.print(f"Đã ghi {path}")
        return
    if fmt in (ScoreFormat.CSV, ScoreFormat.JSON):
        text = export.to_csv(scores, bom=out is not None) if fmt == ScoreFormat.CSV else \
            json.dumps(export.to_json(scores), ensure_ascii=False, indent=2)
        if out:
            out.write_text(text, encoding="utf-8")
            output.err_console.print(f"Đã ghi {out}")
        else:
            typer.echo(text, nl=False)
        return
    from flows.report import print_scores

    print_scores(scores, ctx.criteria_set.title, output.console)


def register(app: typer.Typer) -> None:
    app.command()(score)
