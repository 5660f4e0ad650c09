"""What a page is about (``facts._context``): its domain and direction, from its text
outside tables, menus and numbers."""

from __future__ import annotations

from verifiers.extract.facts import TextLine, Token, extract, pages_of
from verifiers.extract.facts import _context as page_context


def _line(y: float, *words: tuple[str, float]) -> TextLine:
    """Phrases at x positions on one line (10 px a letter, a 6 px space, 20 px high)."""
    tokens = []
    for text, x in words:
        for w in text.split():
            tokens.append(Token(w, 96.0, (x, y, x + 10 * len(w), y + 20)))
            x += 10 * len(w) + 6
    return TextLine(tokens, 1, "ocr")


def _page(filter_words: list[tuple[str, float]]) -> list[TextLine]:
    rows = [("Bộ phận Một cửa", "1.699", "617", "573"), ("Phòng Tư pháp", "1.960", "678", "626"),
            ("Phòng Y tế", "262", "241", "234")]
    lines = [_line(20, ("Thống kê văn bản", 20)), _line(60, *filter_words),
             _line(120, ("Đơn vị", 20), ("VB đến", 500), ("VB đi", 650), ("Đã ký số", 800))]
    for i, (name, a, b, c) in enumerate(rows):
        lines.append(_line(160 + 40 * i, (name, 20), (a, 550), (b, 700), (c, 860)))
    lines.append(_line(160 + 40 * len(rows), ("Tổng số", 20), ("3.921", 550), ("1.536", 690),
                       ("1.433", 850)))
    return lines


def test_to_and_from_in_a_filter_bar_are_no_direction() -> None:
    # «Từ [01-10-2020] Đến [30-09-2021]»: «Đến» is «until», not incoming documents
    lines = _page([("Từ", 20), ("01-10-2020", 60), ("Đến", 220), ("30-09-2021", 270)])
    ctx = page_context(pages_of(lines)[0])
    assert "incoming" not in ctx.concepts and "document" in ctx.concepts
    facts = {f.name: f.value for f in extract(lines).facts}
    assert facts.get("outgoing_signed") == 1433


def test_a_title_that_names_the_documents_keeps_its_direction() -> None:
    lines = _page([("Sổ văn bản đi", 20)])
    assert "outgoing" in page_context(pages_of(lines)[0]).concepts
