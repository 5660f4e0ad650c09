"""Find the facts in lines of text.

Values are tied to labels by layout: on the same line ("Tổng số văn bản đi: 1.245"),
in the same table row (the value cell to the right), or in a dashboard tile (a big
number above or below its label). Labels come from ``verifiers/data/facts.toml``
and match after folding diacritics, with a fuzzy margin for OCR slips.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from verifiers.claims_sheet import fold
from verifiers.extract.dates import parse_date, parse_month, parse_period, parse_place_date
from verifiers.numbers import NumberFormatError, parse_number
from verifiers.results import FactReport

VOCABULARY = Path(__file__).resolve().parent.parent / "data" / "facts.toml"
FUZZY = 0.84
NUMBER = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$|^\d+(?:[.,]\d+)?%?$")
Box = tuple[float, float, float, float]


@dataclass
class Token:
    text: str
    conf: float | None
    """0–100 from OCR; None for a text layer."""
    box: Box | None


@dataclass
class TextLine:
    tokens: list[Token]
    page: int
    method: str
    """``ocr`` or ``text_layer``."""
    folded_tokens: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.folded_tokens = [fold(t.text) for t in self.tokens]

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.tokens)

    @property
    def folded(self) -> str:
        return " ".join(self.folded_tokens)

    def box(self, start: int = 0, end: int | None = None) -> Box | None:
        boxes = [t.box for t in self.tokens[start:end] if t.box is not None]
        if not boxes:
            return None
        return (min(b[0] for b in boxes), min(b[1] for b in boxes),
                max(b[2] for b in boxes), max(b[3] for b in boxes))

    def conf(self, start: int = 0, end: int | None = None) -> float:
        confs = [t.conf for t in self.tokens[start:end] if t.conf is not None]
        return min(confs) / 100 if confs else 1.0


@dataclass(frozen=True)
class Label:
    fact: str
    kind: str
    tokens: tuple[str, ...]


@lru_cache(maxsize=1)
def vocabulary() -> tuple[Label, ...]:
    raw = tomllib.loads(VOCABULARY.read_text(encoding="utf-8"))["facts"]
    out = [Label(name, spec["type"], tuple(fold(lbl).replace(",", "").split()))
           for name, spec in raw.items() for lbl in spec["labels"]]
    return tuple(sorted(out, key=lambda lb: -sum(len(t) for t in lb.tokens)))


@lru_cache(maxsize=1)
def _labels_for_people() -> dict[str, str]:
    raw = tomllib.loads(VOCABULARY.read_text(encoding="utf-8"))["facts"]
    return {name: spec["labels"][0] for name, spec in raw.items()}


def fact_label(name: str) -> str:
    """The Vietnamese label people know a fact by (its first label in the vocabulary)."""
    return _labels_for_people().get(name, name)


def _clean(tok: str) -> str:
    return tok.strip(":;,.()[]|").replace(",", "")


def find_label(line: TextLine) -> tuple[Label, int, int] | None:
    """The longest vocabulary label in the line, as (label, first token, end token)."""
    toks = [_clean(t) for t in line.folded_tokens]
    best: tuple[float, int, Label, int, int] | None = None
    for label in vocabulary():
        n = len(label.tokens)
        target = " ".join(label.tokens)
        for i in range(0, max(0, len(toks) - n) + 1):
            window = " ".join(toks[i:i + n])
            if window == target:
                ratio = 1.0
            elif abs(len(window) - len(target)) > 3 or (window[:1] != target[:1] and \
                    window[-1:] != target[-1:]):
                continue  # cheap rejections first: most windows are nowhere near
            else:
                matcher = SequenceMatcher(None, window, target)
                if matcher.real_quick_ratio() < FUZZY or matcher.quick_ratio() < FUZZY:
                    continue
                ratio = matcher.ratio()
            if ratio >= FUZZY:
                key = (ratio, len(target))
                if best is None or key > (best[0], best[1]):
                    best = (ratio, len(target), label, i, i + n)
    return (best[2], best[3], best[4]) if best else None


def _number_in(tokens: list[Token], folded: list[str]) -> int | None:
    for i, f in enumerate(folded):
        if NUMBER.match(_clean_num(f)):
            return i
    return None


def _clean_num(tok: str) -> str:
    return tok.strip(":;()[]|đd ").rstrip(".")


def _value(label: Label, raw: str) -> int | float | None:
    try:
        n = parse_number(_clean_num(raw), integer_expected=label.kind in ("count", "amount"))
    except NumberFormatError:
        return None
    if label.kind in ("count", "amount"):
        return int(n) if n == int(n) else None
    return float(n)


def _center_y(b: Box) -> float:
    return (b[1] + b[3]) / 2


def _number_only(line: TextLine) -> bool:
    return len(line.tokens) == 1 and bool(NUMBER.match(_clean_num(line.folded_tokens[0])))


def _fact(name: str, value: object, raw: str, line: TextLine, box: Box | None,
          conf: float) -> FactReport:
    return FactReport(name, value, raw, line.page, box, round(conf, 3), line.method)


def extract_facts(lines: list[TextLine]) -> list[FactReport]:
    facts: dict[str, FactReport] = {}

    def keep(f: FactReport) -> None:
        old = facts.get(f.name)
        if old is None or (f.confidence or 0) > (old.confidence or 0):
            facts[f.name] = f

    for line in lines:
        _dated_facts(line, facts)
        found = find_label(line)
        if found is None:
            continue
        label, start, end = found
        if label.fact in facts and (facts[label.fact].confidence or 0) >= 0.99:
            continue
        rest = line.tokens[end:]
        i = _number_in(rest, [fold(t.text) for t in rest])
        if i is not None:  # same line: "Label: 1.245" or a table row read as one line
            value = _value(label, rest[i].text)
            if value is not None:
                conf = min(line.conf(start, end), line.conf(end + i, end + i + 1))
                keep(_fact(label.fact, value, line.text, line, rest[i].box, conf))
                continue
        partner = _partner_value(line, start, end, lines)
        if partner is not None:
            value = _value(label, partner.tokens[0].text)
            if value is not None:
                keep(_fact(label.fact, value, f"{line.text} | {partner.text}", line,
                           partner.box(), min(line.conf(start, end), partner.conf())))
    if "period_start" not in facts:
        # sparse-text OCR may cut a period line into pieces ("Từ ngày 15/", "12/2",
        # "018 đến ngày 14/06/2019"): read the pieces of each row together
        for row in _rows(lines):
            _period_facts(row, facts)
    return list(facts.values())


def _rows(lines: list[TextLine]) -> list[TextLine]:
    """OCR lines that sit side by side on one row, joined left to right; pieces closer
    than a quarter of the text height are one word cut in two."""
    placed = sorted(((ln, ln.box()) for ln in lines if ln.method == "ocr"),
                    key=lambda lb: (lb[0].page, _center_y(lb[1]) if lb[1] else 0))
    rows: list[list[tuple[TextLine, Box]]] = []
    for ln, b in placed:
        if b is None:
            continue
        last = rows[-1] if rows else None
        if last and last[0][0].page == ln.page and \
                abs(_center_y(last[0][1]) - _center_y(b)) < (b[3] - b[1]) / 2:
            last.append((ln, b))
        else:
            rows.append([(ln, b)])
    out = []
    for row in rows:
        if len(row) < 2:
            continue
        tokens: list[Token] = []
        for t in (t for ln, _b in sorted(row, key=lambda lb: lb[1][0]) for t in ln.tokens):
            prev = tokens[-1] if tokens else None
            if prev and prev.box and t.box and \
                    t.box[0] - prev.box[2] < (t.box[3] - t.box[1]) / 4:
                tokens[-1] = Token(prev.text + t.text, min(prev.conf or 100, t.conf or 100),
                                   (prev.box[0], min(prev.box[1], t.box[1]), t.box[2],
                                    max(prev.box[3], t.box[3])))
            else:
                tokens.append(t)
        out.append(TextLine(tokens, row[0][0].page, "ocr"))
    return out


def labels_without_value(lines: list[TextLine], facts: list[FactReport]
                         ) -> list[tuple[Label, TextLine, Box]]:
    """Labels read on OCR lines whose value was not found: a table cell or tile the
    full-page read missed (often a lone small number). The caller may look again, and
    keeps the first value it finds for each fact."""
    have = {f.name for f in facts}
    out = []
    for line in lines:
        found = find_label(line) if line.method == "ocr" else None
        if found is None or found[0].fact in have or found[0].kind == "ratio":
            continue
        box = line.box(found[1], found[2])
        if box is not None:
            out.append((found[0], line, box))
    # every place a label was read, the longest (most specific) first: a menu's
    # "Văn bản đến" must not hide the tile "Tổng số văn bản đến"
    return sorted(out, key=lambda o: -(o[2][2] - o[2][0]))


def _partner_value(line: TextLine, start: int, end: int, lines: list[TextLine]
                   ) -> TextLine | None:
    """A number on its own, in the same table row to the right, else the nearest one
    above or below the label (a dashboard tile)."""
    lb = line.box(start, end)
    if lb is None:
        return None
    height = lb[3] - lb[1]
    candidates: list[tuple[TextLine, Box]] = []
    for ln in lines:
        b = ln.box()
        if ln is not line and ln.page == line.page and b is not None and _number_only(ln):
            candidates.append((ln, b))
    row = [(ln, b) for ln, b in candidates
           if abs(_center_y(b) - _center_y(lb)) < height * 0.6 and b[0] > lb[2]]
    if row:
        return min(row, key=lambda c: c[1][0])[0]
    cx = (lb[0] + lb[2]) / 2
    tile = [(ln, b) for ln, b in candidates if b[0] - height < cx < b[2] + height
            and abs(_center_y(b) - _center_y(lb)) < height * 5]
    if tile:
        return min(tile, key=lambda c: abs(_center_y(c[1]) - _center_y(lb)))[0]
    return None


CONTRACT_NO = re.compile(r"^so\s*:?\s*(\S+)")


def _period_facts(line: TextLine, facts: dict[str, FactReport]) -> None:
    period = parse_period(line.folded)
    if period and "period_start" not in facts:
        conf, box = line.conf(), line.box()
        facts["period_start"] = _fact("period_start", period[0].isoformat(), line.text, line,
                                      box, conf)
        facts["period_end"] = _fact("period_end", period[1].isoformat(), line.text, line, box,
                                    conf)


def _dated_facts(line: TextLine, facts: dict[str, FactReport]) -> None:
    folded = line.folded
    conf = line.conf()
    box = line.box()
    _period_facts(line, facts)
    if "document_date" not in facts:
        d = parse_place_date(folded)
        if d is None and folded.startswith("ngay"):
            d = parse_date(folded)
        if d is not None:
            facts["document_date"] = _fact("document_date", d.isoformat(), line.text, line,
                                           box, conf)
    if "contract_date" not in facts and folded.startswith("hom nay"):
        d = parse_date(folded)
        if d is not None:
            facts["contract_date"] = _fact("contract_date", d.isoformat(), line.text, line,
                                           box, conf)
    if "invoice_period" not in facts and folded.startswith("ky cuoc"):
        month = parse_month(folded)
        if month:
            facts["invoice_period"] = _fact("invoice_period", month, line.text, line, box, conf)
    m = CONTRACT_NO.match(folded)
    if m and "contract_number" not in facts and "/hd" in m.group(1):
        raw = line.text.split(":", 1)[-1].strip() if ":" in line.text else line.tokens[-1].text
        facts["contract_number"] = _fact("contract_number", raw, line.text, line, box, conf)
