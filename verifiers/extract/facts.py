"""Find the facts of a page: the orchestrator over the layout model.

Read lines (OCR or a text layer) → the layout model (``verifiers/ocr/layout.py``) →
candidates from tables (``tables.py``), key–value lines, «label: value» runs and tiles,
periods and document dates (``periods.py``) → one value per fact, checked against the
page's arithmetic (``crosscheck.py``). Labels map to facts through concepts
(``concepts.py``); a labelled value that maps to nothing is kept as *unmapped*.

Every fact carries a certainty (OCR × layout × mapping × checks, ``candidates.py``:
mild layout and mapping doubts do not compound; readings that agree or add up vouch
for the digits). When the page does not allow a sure answer — no total row, two
periods, two different values for one fact, a failed cross-check — the fact is still
reported, below the review threshold, with a note saying why: never wrong silently.
After the digits-only second read the page's arithmetic is checked again
(``after_second_read``).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kiemchung.core.text import fold
from verifiers.extract import concepts
from verifiers.extract.candidates import Candidate, line_source, typed_value
from verifiers.extract.changes import change_checks
from verifiers.extract.concepts import DOMAINS, Meaning, map_meaning, meaning
from verifiers.extract.crosscheck import cross_check, recheck
from verifiers.extract.periods import document_candidates, period_candidates
from verifiers.extract.tables import (
    PERIOD_PENALTY,
    STAFF_KINDS,
    missing_totals,
    named_years,
    other_period,
    ratio_checks,
    shared_head,
    table_candidates,
)
from verifiers.extract.values import parse_value
from verifiers.ocr.layout import (
    BUTTONS,
    FILTER,
    NUMBER,
    Box,
    Line,
    Page,
    Row,
    RuleTest,
    Table,
    Word,
    build_pages,
    number_text,
    overlap,
)
from verifiers.ocr.tiles import (
    Tile,
    caption_above,
    caption_below,
    card_lines,
    card_tables,
    garbled_figure_above,
    phrases,
    tiles,
    trend_note,
)
from verifiers.results import REVIEW_CERTAINTY, FactReport

CONTEXT_CERTAINTY = 0.9
"""Mapping certainty of a label the page's subject had to complete («Nộp trực tuyến»
on a one-stop dashboard): a mild doubt, confident on its own."""
CONFLICT_PENALTY = 0.6
"""Two confident, different values for one fact: the chosen one goes to review."""
LIST_TOTAL_CERTAINTY = 0.6
TILE_LAYOUT = 0.95
MAX_UNMAPPED = 40
DIRECTIONS = ("outgoing", "incoming")
SEPARATORS = {"·", "•", "|", ";", "-", "–", ",", "/"}


@dataclass
class Token:
    """A word as read (kept for callers that build lines by hand)."""

    text: str
    conf: float | None
    """0–100 from OCR; None for a text layer."""
    box: Box | None


@dataclass
class TextLine:
    """A line as the reader gave it: Tesseract's line, or a text-layer line."""

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
class Note:
    code: str
    """A FindingCode name (FACT_AMBIGUOUS, FACT_CROSSCHECK_FAILED)."""
    detail: str
    """English."""


@dataclass(frozen=True)
class Extraction:
    facts: tuple[FactReport, ...]
    unmapped: tuple[FactReport, ...]
    notes: tuple[Note, ...]
    pages: tuple[Page, ...] = ()


def fact_label(name: str) -> str:
    """The Vietnamese label people know a fact by."""
    return concepts.fact_label(name)


def pages_of(lines: list[TextLine], rules: RuleTest | None = None) -> list[Page]:
    return build_pages([([Word(t.text, t.conf, t.box) for t in ln.tokens], ln.page, ln.method)
                        for ln in lines], rules)


def extract_facts(lines: list[TextLine], rules: RuleTest | None = None) -> list[FactReport]:
    """The facts of the lines (the unmapped values and notes: ``extract``)."""
    return list(extract(lines, rules).facts)


def extract(lines: list[TextLine], rules: RuleTest | None = None) -> Extraction:
    cands: list[Candidate] = []
    unmapped: list[Candidate] = []
    notes: list[tuple[str, str]] = []
    pages = pages_of(lines, rules)
    for page in pages:
        pc, pu, pn = _page_candidates(page)
        cands += pc
        unmapped += pu
        notes += pn
    chosen, more = _choose(cands)
    notes += more
    notes += [n for c in chosen.values() for n in c.notes]
    notes += cross_check(chosen)
    facts = tuple(c.report() for c in chosen.values())
    seen: set[tuple[str, object]] = set()
    um: list[FactReport] = []
    for u in unmapped:
        key = (u.raw, u.value)
        if key not in seen and len(um) < MAX_UNMAPPED:
            seen.add(key)
            um.append(u.report(""))
    uniq = list(dict.fromkeys(notes))
    return Extraction(facts, tuple(um), tuple(Note(code, d) for code, d in uniq), tuple(pages))


def after_second_read(found: Extraction, facts: list[FactReport]
                      ) -> tuple[tuple[FactReport, ...], tuple[Note, ...]]:
    """The page's arithmetic checked again on the facts as the digits-only second read
    left them (``crosscheck.recheck``): the facts and the notes that still hold."""
    # a column the second read settled (``read.settle_columns``) no longer fails its check
    settled = {str(f.source["settled"]) for f in facts if f.source and "settled" in f.source}
    notes = [(n.code, n.detail) for n in found.notes
             if not (n.code == "FACT_CROSSCHECK_FAILED" and n.detail in settled)]
    out, kept = recheck(facts, notes)
    return tuple(out), tuple(Note(code, d) for code, d in kept)


YEAR_WORD = re.compile(r"^\W*(?:\d{1,2}/)*(?:19|20)\d{2}\W*$")
"""A word that is a year, alone or ending a date or period («2023», «9/2021», «(2022)»)."""


def _context(page: Page, leave_out: frozenset[int] = frozenset()) -> Meaning:
    """What the page is about, from its text outside tables, menus and numbers (and
    the lines ``leave_out``): one domain (documents, dossiers, staff, …) and at most one
    direction (đi / đến). A phrase the row grouping cut in two is read whole
    (``phrases``): «Kỳ tổng» | «hợp:» is a filter's label, not «họp» (meetings)."""
    found: set[str] = set()
    counts: Counter[str] = Counter()
    # the captions of cards the layout took for a table say what the page is about, as
    # those of cards outside tables do
    captions = [t.label for t in tiles(page) if t.label.id in page.in_table]
    body = [ln for ln in page.lines() if ln.id not in page.chrome and ln.id not in page.in_table]
    for ln in [*phrases(body, page), *captions]:
        # a year («… hồ sơ năm 2023», «Quý III/2021») is no figure: the line still
        # says what the page is about
        if ln.id in page.chrome or ln.id in leave_out or ln.is_number or \
                any(NUMBER.match(number_text(w.text)) and not YEAR_WORD.search(w.text)
                    for w in ln.words):
            continue
        m = meaning(ln.text)
        if len(m.unknown) < 3:  # names and sentences («Xin chào, Phạm Thị Thu») say nothing
            # «đi» / «đến» alone is no direction: «Từ [..] Đến [..]» in a filter bar
            said = m.concepts if "document" in m.concepts else m.concepts - set(DIRECTIONS)
            found |= said
            counts.update(said)
    # the page's domain: the one its text names most, at least twice as often as any
    # other (a list's subject line may mention «cuộc họp» on a documents page)
    ranked = sorted(((counts[d], d) for d in DOMAINS if counts[d]), reverse=True)
    doms = [ranked[0][1]] if ranked and (len(ranked) == 1 or ranked[0][0] >= 2 * ranked[1][0]) \
        else [d for _n, d in ranked]
    dirs = [d for d in DIRECTIONS if d in found]
    out: set[str] = set()
    if len(doms) == 1:
        out.add(doms[0])
        if doms[0] == "mail":
            out.add("account")  # a mail system's «Đang hoạt động» counts accounts
        if doms[0] == "document" and len(dirs) == 1:
            out.add(dirs[0])
    return Meaning(frozenset(out), ())


PAGINATION_COUNT = re.compile(r"(?:tren\s*tong\s*so|tong\s*so|tong\s*cong|tong|co|gom)\s*:?\s*"
                              r"(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(?:ban\s*ghi|ket\s*qua|muc)")


def _page_candidates(page: Page) -> tuple[list[Candidate], list[Candidate],
                                          list[tuple[str, str]]]:
    cands: list[Candidate] = []
    unmapped: list[Candidate] = []
    notes: list[tuple[str, str]] = []
    context = _context(page)
    list_total = None
    for r in page.rows:
        m = PAGINATION_COUNT.search(r.folded)
        if m:
            v = parse_value(m.group(1), "count")
            if v is not None:
                list_total = int(v)
                said = _lines_in(r.lines, m.start(), m.end()) or list(r.lines)
                c = Candidate("list_total", list_total, r.text, page.number,
                              _union([ln.box for ln in said]), r.lines[0].method,
                              min(x.conf for x in said), LIST_TOTAL_CERTAINTY, 1.0,
                              {"kind": "line", "text": r.text, "layout": "pagination"})
                c.why.append("a listing's size read from its pagination")
                cands.append(c)
    tile_of = {t.value.id: t for t in tiles(page)}
    # a row of cards the layout took for a table (no row labels: a tile's figure or a
    # trend badge in it): its figures are read as tiles, with their own cards'
    # captions, its badges' figures as nothing
    cards = {t.n for t in card_tables(page) if any(
        ln.id in tile_of or trend_note(ln) for r in (*t.header_rows, *t.rows)
        for ln in r.lines)}
    rows = list(page.rows)
    captions = {t.n: _caption(page, t) for t in page.tables}
    c2, n2 = period_candidates(rows, page.number, page.chrome)
    yearly = [r for rs in captions.values() for r in rs if named_years(r.text)]
    if len({frozenset(named_years(r.text)) for r in yearly}) >= 2:
        # one table per year, each captioned with its year: the captions say which
        # year each table is for, the page's period is what the rest of it states
        rest = period_candidates([r for r in rows if r not in yearly], page.number,
                                 page.chrome)
        if rest[0]:
            c2, n2 = rest
    years = _period_years(c2, [r for rs in captions.values() for r in rs])
    period = _page_period(c2, [r for t in page.tables for r in (*captions[t.n], *t.header_rows)])
    named = {y for t in page.tables for y in named_years(
        " ".join([*(r.text for r in captions[t.n]), *(" ".join(c.path) for c in t.columns)]))}
    per_table: list[tuple[list[Candidate], list[tuple[str, str]]]] = []
    for t in page.tables:
        if t.n in cards:
            continue
        tc, tu, tn = table_candidates(t, context, list_total)
        tn += ratio_checks(t, tc)
        change_checks(t, tc)
        caption = " ".join(r.text for r in captions[t.n])
        for c in tc:
            why = other_period(" / ".join(c.source.get("header", [])), caption, years, named,
                               period)
            if why is not None:
                c.lower(PERIOD_PENALTY, why)
                # a column's header is its own; a caption may be another table's
                own = other_period(" / ".join(c.source.get("header", [])), "", years, named,
                                   period)
                c.source["other_period"] = "column" if own is not None else "caption"
            elif years and named_years(" ".join([caption, *c.source.get("header", [])])) \
                    & years:
                c.source["own_period"] = True  # its column or caption names the period
        cands += tc
        unmapped += tu
        per_table.append((tc, tn))
    notes += _own_period_notes(per_table)
    lc, lu = _loose_candidates(page, context, tile_of)
    cands += lc
    unmapped += lu
    cands += c2
    notes += n2
    cands += document_candidates(rows, page.number)
    return cands, unmapped, notes


def _own_period_notes(per_table: list[tuple[list[Candidate], list[tuple[str, str]]]]
                      ) -> list[tuple[str, str]]:
    """The tables' notes, but for the failed checks of a table whose every figure is
    another period's while another table's are the page's period (one table per
    year): the year before's arithmetic says nothing of the figures reported."""
    own = any(c.source.get("own_period") for tc, _n in per_table for c in tc)
    out: list[tuple[str, str]] = []
    for tc, tn in per_table:
        facts = [c for c in tc if c.fact]
        other = own and bool(facts) and all(c.source.get("other_period") for c in facts)
        out += [n for n in tn if not (other and n[0] == "FACT_CROSSCHECK_FAILED")]
    return out


CAPTION_ROWS = 2
"""Rows right above a table that may be its caption («Kết quả giải quyết hồ sơ năm
2019»)."""


CAPTION_GAP = 3.0
"""The most blank between a caption's rows and the table under them, in text heights."""


def _caption(page: Page, table: Table) -> list[Row]:
    """The rows right above a table (its header, or its first row): up to
    ``CAPTION_ROWS`` rows of words, each within ``CAPTION_GAP`` of its line heights of
    the next, none of them chrome, a filter bar or another table's; and a title the
    layout took for the table's first header row."""
    # a title the layout took for the first header row: a line no column's header is
    heads = {ln.id for col in table.columns for ln in col.header}
    out: list[Row] = [r for r in table.header_rows
                      if len(r.lines) == 1 and r.lines[0].id not in heads]
    top = (table.header_rows or table.rows)[0]
    if top.box is None:
        return out
    below = top
    # the bottom of the table above, if any: a row nearer to it than to this table is
    # that table's caption (under it), not this one's
    above = [b[3] for t in page.tables if t is not table
             for b in [_rows_box(t)] if b is not None and b[3] <= top.box[1] + 1]
    floor = max(above, default=None)
    # a caption stands over the table: rows beside it (a side menu's items) are none
    span = _rows_box(table) or top.box
    for r in sorted((r for r in page.rows if r.box is not None and top.box is not None and
                     r.box[3] <= top.box[1] + 1 and r.box[2] > span[0] and
                     r.box[0] < span[2]), key=lambda r: -(r.box[3] if r.box else 0)):
        lines = [ln for ln in r.lines if ln.id not in page.chrome and ln.id not in page.in_table]
        if r.box is None or below.box is None or not lines or \
                below.box[1] - r.box[3] > CAPTION_GAP * max(r.height, 1.0) or \
                BUTTONS.search(r.folded) or FILTER.search(r.folded):
            break  # a filter bar over the table states the page's period, no caption
        if floor is not None and r.box[1] - floor < top.box[1] - r.box[3]:
            break
        years = named_years(r.text)
        if years and any(named_years(c.text) for c in out) and \
                not any(years <= named_years(c.text) for c in out):
            # a caption names its table's year once: a row naming another year over
            # it is the page's (a filter bar whose buttons were not read); a row
            # naming the same year («Bảng 1. … năm 2021» over «Số liệu năm 2021») is
            # the caption's own title line
            break
        if any(ln.has_letters for ln in lines):
            out.insert(0, r)
        if len(out) >= CAPTION_ROWS:
            break
        below = r
    return out


def _rows_box(table: Table) -> tuple[float, float, float, float] | None:
    """The box around a table's header and body rows."""
    boxes = [r.box for r in (*table.header_rows, *table.rows) if r.box is not None]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def _period_years(periods: list[Candidate], captions: list[Row]) -> set[int]:
    """The years the page's period ends in, from the period candidates not read off a
    table's caption (a table for another year names its year there)."""
    boxes = [r.box for r in captions if r.box is not None]

    def on_caption(c: Candidate) -> bool:
        return c.box is not None and any(
            min(c.box[3], b[3]) - max(c.box[1], b[1]) > 0 and
            min(c.box[2], b[2]) - max(c.box[0], b[0]) > 0 for b in boxes)

    return {int(c.value[:4]) for c in periods if c.fact == "period_end" and
            isinstance(c.value, str) and c.value[:4].isdigit() and not on_caption(c)}


def _page_period(periods: list[Candidate], tables: list[Row]) -> tuple[date, date] | None:
    """The page's period when its candidates not read off a table's caption or header
    (``tables``: those rows) state one start and one end."""
    boxes = [r.box for r in tables if r.box is not None]

    def on_table(c: Candidate) -> bool:
        return c.box is not None and any(
            min(c.box[3], b[3]) - max(c.box[1], b[1]) > 0 and
            min(c.box[2], b[2]) - max(c.box[0], b[0]) > 0 for b in boxes)

    own = [c for c in periods if isinstance(c.value, str) and not on_table(c)]
    starts = {c.value for c in own if c.fact == "period_start"}
    ends = {c.value for c in own if c.fact == "period_end"}
    if len(starts) != 1 or len(ends) != 1:
        return None
    try:
        return date.fromisoformat(next(iter(starts))), date.fromisoformat(next(iter(ends)))
    except ValueError:
        return None


def _lines_in(lines: tuple[Line, ...], start: int, end: int) -> list[Line]:
    """The lines of a row that hold characters ``start``–``end`` of its folded text
    (the row's lines' folded texts joined by spaces): a pagination count's own words,
    not the page buttons read as garbage beside them."""
    out: list[Line] = []
    at = 0
    for ln in lines:
        if at < end and start < at + len(ln.folded):
            out.append(ln)
        at += len(ln.folded) + 1
    return out


def _union(boxes: list[Box | None]) -> Box | None:
    bs = [b for b in boxes if b is not None]
    if not bs:
        return None
    return (min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs),
            max(b[3] for b in bs))


def _map_text(text: str, context: Meaning) -> tuple[str | None, str, float, bool, str]:
    """(fact, kind, mapping certainty, says total, how the page's subject bears on it:
    "" none, "completed" the label, "other" a subject not the fact's).
    A partial label («Tổng số tài khoản», «Đúng hạn») on a page about another head
    noun than its fact's (a document system's user accounts are no mail accounts) is a
    strong doubt, not a mild one."""
    m = meaning(text)
    mp = map_meaning(m)
    if mp.fact is not None and mp.certainty < 1.0:
        page = context.concepts & set(DOMAINS)
        need = concepts.head_nouns(mp.fact)
        if page and need and not need & page and not m.concepts & set(DOMAINS):
            return (mp.fact, mp.kind, mp.certainty * concepts.UNKNOWN_WORD_CERTAINTY,
                    "total" in m.concepts, "other")
    # the page's context completes a label that says something, never an empty one
    if mp.fact is None and not mp.ambiguous and context.concepts and m.concepts - {"total"}:
        c = map_meaning(Meaning(m.concepts | context.concepts, m.unknown))
        if c.fact is not None:
            return (c.fact, c.kind, c.certainty * CONTEXT_CERTAINTY, "total" in m.concepts,
                    "completed")
    return mp.fact, mp.kind, mp.certainty, "total" in m.concepts, ""


def _inline_pairs(ln: Line, parent: str | None = None) -> list[tuple[str, int, int]]:
    """«Label: 1.245 · Label 2: 492» runs inside one line: (label text, first and
    end word of the label, value word index). A number in the middle of a sentence
    is no value: it must end the line, precede a separator or follow a colon.
    ``parent``: the label of the last pair of this line's sentence before it (the
    piece the OCR split off on its left), which a sub-clause («trong đó …») at the
    line's start completes."""
    out: list[tuple[str, int, int]] = []
    words = ln.words
    start = 0
    for i, w in enumerate(words):
        if not NUMBER.match(number_text(w.text)):
            continue
        if i and fold(words[i - 1].text).strip(":") in ("nam", "thang", "quy", "ngay", "dieu",
                                                         "khoan", "muc", "chuong", "phan",
                                                         "do"):
            start = i + 1
            continue  # «năm 2023» is a date, «mức độ 3» a level: not values
        label_words = [x.text for x in words[start:i] if x.text not in SEPARATORS]
        # the label is the phrase before the number, after the sentence that precedes
        # it («Điều 1. Phê duyệt dự toán. Tổng giá trị: …»)
        stops = [k for k, t in enumerate(label_words[:-1]) if t.endswith((".", ";"))]
        if stops:
            label_words = label_words[stops[-1] + 1:]
        label = " ".join(label_words).strip()
        nxt = words[i + 1].text if i + 1 < len(words) else None
        ends = nxt is None or nxt in SEPARATORS or fold(nxt) in ("dong", "d", "%", "vnd")
        if sum(ch.isalpha() for ch in label) >= 2 and (ends or label.endswith(":")):
            label = label.rstrip(":").strip()
            before = out[-1][0] if out else parent
            if before is not None:
                label = _of_which(label, before)
            out.append((label, start, i))
        start = i + 1
    return out


OF_WHICH = re.compile(r"^(?:\S+\s+){0,2}?\b(trong do|trong so do|trong so|bao gom|gom co)\b:?\s*")
"""«…, trong đó số hóa: 3.719»: the phrase after these words, opening the label (after
at most the previous value's unit, «văn bản,»), is a part of the preceding value's
subject. Inside a label («đã giải quyết (bao gồm trực tuyến)») they say nothing of it."""
SUBJECT_LEAD = frozenset({"tong", "so", "luong", "cong"})
"""Leading words of a label that say «the number of» («Tổng số», «Số lượng»), not
what is counted."""


def _of_which(label: str, parent: str) -> str:
    """A sub-clause's label completed with its line's preceding subject: «văn bản,
    trong đó số hóa» after «Tổng số văn bản đến» reads «văn bản đến số hóa», and «máy,
    trong đó kết nối Internet» after «Số máy tính» reads «máy tính kết nối Internet».
    Only where the completed label says a fact and the sub-clause alone says none
    surely («trong đó có tài khoản thư công vụ» says its fact itself; «trong đó đã giải
    quyết» after «hồ sơ tiếp nhận» is read alone, as the page's subject completes it).
    Any other label is returned as it is."""
    words = label.split()
    folded = " ".join(fold(w).strip(",;:") for w in words)
    m = OF_WHICH.search(folded)
    if m is None:
        return label
    rest = words[len(folded[:m.end()].split()):]
    subject = parent.split()
    while subject and fold(subject[0]) in SUBJECT_LEAD:
        subject = subject[1:]
    if not rest or not subject:
        return label
    alone = map_meaning(meaning(" ".join(rest)))
    if alone.fact is not None and alone.certainty >= 1.0:
        return label
    completed = " ".join([*subject, *rest])
    return completed if map_meaning(meaning(completed)).fact is not None else label


SPLIT_PIECE_GAP = 2.0
"""Text heights between two lines of a row that are one sentence the OCR split (a
word gap and a little more); farther apart they are columns of a panel."""


def _split_piece(left: Line, right: Line) -> bool:
    """Whether ``right`` continues ``left``'s sentence: the next line of the same row,
    a word gap or so to its right."""
    if left.box is None or right.box is None:
        return False
    gap = right.box[0] - left.box[2]
    return -left.height < gap < SPLIT_PIECE_GAP * max(left.height, right.height)


def _loose_candidates(page: Page, context: Meaning, tile_of: dict[int, Tile]
                      ) -> tuple[list[Candidate], list[Candidate]]:
    """Values outside tables: «label: value» in a line, a label then its value in the
    same row, a tile's caption below or above its number (``tile_of``: the page's
    tiles by their value's line id)."""
    cands: list[Candidate] = []
    unmapped: list[Candidate] = []
    kinds = _kinds_totals(page, list(tile_of.values()))
    speck = SPECK_HEIGHT * _text_height(page)
    for ri, r in enumerate(page.rows):
        lines = [ln for ln in r.lines if ln.id not in page.chrome]
        parent: str | None = None  # the last «label: value» label of this sentence
        for k, ln in enumerate(lines):
            cell = ln.id in page.in_table
            if cell and ln.is_number and ln.id not in tile_of:
                continue  # a table's cell: read with its header in tables.py
            if ln.is_number and ln.box is not None and ln.height < speck:
                continue  # a speck read as a digit (grey small text lost): no figure
            interps: list[tuple[str, Line | None, float, str]] = []
            t = tile_of.get(ln.id)
            if t is not None and not ln.is_number and t.value.words != ln.words:
                # a card's figure with its unit after it («1366 văn bản»): the figure
                caption = kinds.get(ln.id, t.label.text)
                _add(cands, unmapped, t.value, t.value.text,
                     [(caption, t.label, TILE_LAYOUT, f"tile, label {t.where}")], context, page)
                continue
            if ln.is_number:
                prev = lines[k - 1] if k else None
                if prev is not None and not cell and prev.has_letters and \
                        not _ends_with_number(prev):
                    interps.append((prev.text, prev, 1.0, "label left of value"))
                if k == len(lines) - 1 and not cell and t is None and \
                        not any(_clean_label(x) for x in lines[:k]):
                    # alone in its row but for an icon read as marks («<7») or a
                    # comparison line with its own figure («Tăng 981 so với kỳ trước»)
                    beside = _label_beside(page, ri, ln)
                    if beside is not None:
                        below = beside.box is not None and ln.box is not None and \
                            beside.box[1] > ln.box[1]
                        interps.append((beside.text, beside,
                                        LIST_ROW_BELOW_LAYOUT if below else LIST_ROW_LAYOUT,
                                        "label left of value, a line apart"))
                if t is not None:
                    caption = kinds.get(ln.id, t.label.text)
                    interps.append((caption, t.label, TILE_LAYOUT, f"tile, label {t.where}"))
                if not interps:
                    continue
                _add(cands, unmapped, ln, ln.text, interps, context, page)
            else:
                if k == 0 or not _split_piece(lines[k - 1], ln):
                    parent = None  # another column's sentence: its subject is not ours
                for label, _s, vi in _inline_pairs(ln, parent):
                    parent = label
                    value = ln.words[vi]
                    vline = Line.make(ln.id, [value], ln.page, ln.method)
                    _add(cands, unmapped, vline, value.text, [(label, None, 1.0, "label: value")],
                         context, page)
    return cands, unmapped


LIST_ROW_LAYOUT = 0.95
"""Layout certainty of a list row's label found on the neighbouring text line (the
value, taller and centred on the row, overlaps the label and the small line under it)."""
LIST_ROW_BELOW_LAYOUT = 0.7
"""The same when the label is on the line below the value alone: a value hanging
over the next row's label is as likely that row's neighbour's — for review."""
LIST_ROW_OVERLAP = 0.15
"""Share of the value's height a neighbouring line's label must overlap."""


def _clean_label(ln: Line) -> bool:
    """A line that can be a label on its own: letters and no figure."""
    return ln.has_letters and not any(ch.isdigit() for ch in ln.text)


def _label_beside(page: Page, ri: int, value: Line) -> Line | None:
    """A list row's label when the OCR put its value on a row of its own: the text
    lines of the rows above and below, left of the value, that overlap its height (at
    least LIST_ROW_OVERLAP of it) and hold letters and no figure — a phone app's «Số văn
    bản đến» over «Tăng 981 so với kỳ trước», its «4.910» at the right, centred between
    both. A label on both sides is one label wrapped over two lines («Hồ sơ đã giải
    quyết» / «đúng hạn»), joined. None when no line qualifies."""
    if value.box is None:
        return None
    vx0, vy0, _vx1, vy1 = value.box
    found: list[tuple[float, Line]] = []
    for rj in (ri - 1, ri + 1):
        if not 0 <= rj < len(page.rows):
            continue
        side = [(overlap(vy0, vy1, ln.box[1], ln.box[3]), ln) for ln in page.rows[rj].lines
                if ln.box is not None and ln.id not in page.chrome and
                ln.id not in page.in_table and ln.box[2] < vx0 and ln.has_letters]
        text = [(ov, ln) for ov, ln in side if ov >= LIST_ROW_OVERLAP * (vy1 - vy0)]
        if len(text) == 1 and _clean_label(text[0][1]):
            found.append(text[0])
    if not found:
        return None
    if len(found) == 1 or found[0][0] > WRAP_BALANCE * found[1][0]:
        return found[0][1]
    if found[1][0] > WRAP_BALANCE * found[0][0]:
        return found[1][1]
    (_a, above), (_b, below) = found
    return Line.make(above.id, [*above.words, *below.words], above.page, above.method)


WRAP_BALANCE = 2.0
"""A value overlapping the lines above and below it alike (neither more than twice
the other) sits beside a label wrapped over both; otherwise the line it overlaps most
is its label's and the other belongs to a neighbouring row."""


SPECK_HEIGHT = 0.3
"""A figure less tall than this share of the page's text height is a speck the OCR
read as a digit (a box under a pixel tall where a grey subtitle was lost)."""


def _text_height(page: Page) -> float:
    """The median height of the page's lines with letters (0 when it has none)."""
    hs = [ln.height for ln in page.lines() if ln.box is not None and ln.has_letters]
    return statistics.median(hs) if hs else 0.0


def _kinds_totals(page: Page, cards: list[Tile]) -> dict[int, str]:
    """A total card beside cards of every kind of one thing («Tổng số 730» beside «Cán
    bộ 23», «Công chức 118», «Viên chức 589») whose figures add up to it: the total
    counts that thing, and its caption is read with theirs (value line id → caption).
    Only where the page, the cards' captions left aside, says no other subject (a
    breakdown of mail accounts by kind of staff counts accounts) and, for staff, over
    all three kinds."""
    captions = frozenset(ln.id for t in cards for ln in (t.label,))
    if _context(page, captions).concepts & set(DOMAINS) - {"staff", "staff_part"}:
        return {}
    out: dict[int, str] = {}
    for t in cards:
        if not concepts.is_total_label(t.label.text) or t.value.box is None:
            continue
        vb = t.value.box
        row = [o for o in cards if o is not t and o.value.box is not None and
               min(vb[3], o.value.box[3]) - max(vb[1], o.value.box[1]) > 0.5 * t.value.height]
        head = shared_head([o.label.text for o in row])
        if head is None or ("staff_part" in head.concepts and
                            {fold(o.label.text) for o in row} != set(STAFF_KINDS)):
            continue
        values = [parse_value(o.value.text, "count") for o in row]
        total = parse_value(t.value.text, "count")
        if total is not None and all(isinstance(v, int) for v in values) and \
                sum(int(v or 0) for v in values) == total:
            out[t.value.id] = f"{t.label.text} ({', '.join(o.label.text for o in row)})"
    return out


def _ends_with_number(ln: Line) -> bool:
    return bool(ln.words) and bool(NUMBER.match(number_text(ln.words[-1].text)))


def _add(cands: list[Candidate], unmapped: list[Candidate], value: Line, text: str,
         interps: list[tuple[str, Line | None, float, str]], context: Meaning,
         page: Page) -> None:
    mapped = []
    for label, lab_line, layout, how in interps:
        fact, kind, cert, total, ctx = _map_text(label, context)
        mapped.append((fact, kind, cert, total, label, lab_line, layout, how, ctx))
    hits = [m for m in mapped if m[0]]
    if not hits:
        label, lab_line, layout, how = interps[0]
        v = parse_value(text, "count")
        if v is None:
            v = parse_value(text, "ratio")
        if v is not None:
            unmapped.append(Candidate("", v, f"{label}: {text}", page.number, value.box,
                                      value.method, value.conf, layout, 0.0,
                                      line_source(lab_line, value, how)))
        return
    fact, kind, cert, total, label, lab_line, layout, how, ctx = hits[0]
    v = typed_value(text, kind)
    if v is None or fact is None:
        return
    src: dict[str, Any] = line_source(lab_line, value, how)
    if lab_line is None:
        src["text"] = f"{label}: {text}"
    if total:
        src["total"] = True
    if ctx == "completed":
        src["context"] = "page's subject"
    c = Candidate(fact, v, f"{label}: {text}", page.number, value.box, value.method, value.conf,
                  layout, cert, src)
    if ctx == "other":
        c.why.append(f"a partial label on a page about {', '.join(sorted(context.concepts))}")
    others = {m[0] for m in hits[1:] if m[0] is not None and m[0] != fact}
    if others:
        c.lower(CONFLICT_PENALTY, f"the value could also be {', '.join(sorted(others))}")
    cands.append(c)


def _apart(a: Candidate, b: Candidate) -> bool:
    """Two OCR readings of different places of one page (their boxes do not overlap):
    independent reads, not one cell seen twice as a cell and as a «label: value»."""
    if a.method != "ocr" or b.method != "ocr" or a.box is None or b.box is None or \
            a.page != b.page:
        return False
    return a.box[2] <= b.box[0] or b.box[2] <= a.box[0] or a.box[3] <= b.box[1] or \
        b.box[3] <= a.box[1]


def _how(c: Candidate) -> str:
    if c.source.get("summed"):
        return "the sum of the table's rows"
    if c.source.get("kind") == "cell":
        return "table cell " + " / ".join(c.source.get("header", []))
    return str(c.source.get("layout") or c.source.get("kind") or "")


def _says_total(c: Candidate) -> bool:
    return bool(c.source.get("total_row") or c.source.get("total"))


def _own_period_first(pool: list[Candidate]) -> list[Candidate]:
    """A figure under a caption or header naming the page's period is the unit's
    before one lowered as another period's, however sure each is: one table per year,
    the report year's with a misread row that fails its total's check, still beats the
    year before's that adds up. A figure whose own column names another period
    («Cùng kỳ năm trước») loses to one that does not, however poorly that one was
    read: the digits-only second read settles the digits, never the period."""
    own = [c for c in pool if c.source.get("own_period")]
    if own:
        return [c for c in pool if not c.source.get("other_period")]
    this = [c for c in pool if c.source.get("other_period") != "column"]
    return this or pool


def _choose(cands: list[Candidate]) -> tuple[dict[str, Candidate], list[tuple[str, str]]]:
    """One value per fact: the most certain; the parts of a total lose to the total;
    two confident different values put the chosen one below review."""
    by: dict[str, list[Candidate]] = {}
    for c in cands:
        by.setdefault(c.fact, []).append(c)
    chosen: dict[str, Candidate] = {}
    notes: list[tuple[str, str]] = []
    for fact, cs in by.items():
        if fact in ("period_start", "period_end") and len({c.value for c in cs}) > 1:
            best = max(cs, key=lambda c: c.certainty)  # already lowered in periods.py
            chosen[fact] = best
            continue
        confident = [c for c in cs if c.certainty >= REVIEW_CERTAINTY]
        totals = [c for c in confident if _says_total(c)]
        pool = totals if totals and len({c.value for c in totals}) == 1 else (confident or cs)
        pool = _own_period_first(pool)
        best = max(pool, key=lambda c: (c.certainty, _says_total(c)))
        again = next((c for c in cs if c is not best and c.value == best.value and
                      _apart(c, best)), None)
        if again is not None and not best.corroborated:
            # two readings of different places agree: the digits are right
            best.corroborated = f"the same value read again elsewhere ({_how(again)})"
        rivals = sorted({str(c.value) for c in confident if c.value != best.value and
                         (not totals or _says_total(c) or c in pool)})
        if not best.source.get("own_period"):
            # a figure lowered as another period's by its caption still rivals one that
            # does not say which period it is for: the caption may be another table's
            rivals = sorted(set(rivals) | {str(c.value) for c in cs if c.value != best.value
                                           and c.source.get("other_period") == "caption"})
        if rivals and best in confident:
            best.lower(CONFLICT_PENALTY, f"other values on the page: {', '.join(rivals)}")
            best.source["alternatives"] = rivals
            notes.append(("FACT_AMBIGUOUS", f"{fact}: {best.value} and {', '.join(rivals)} "
                                            "on the same file"))
        chosen[fact] = best
    return chosen, notes


def totals_without_value(lines: list[TextLine], facts: list[FactReport],
                         rules: RuleTest | None = None
                         ) -> list[tuple[str, str, int, list[Box], int]]:
    """Total-row cells the page read left empty under a header that maps to a fact not
    found: (fact, label, page, boxes of the column's empty cells with the total's
    first, sum of the cells read)."""
    have = {f.name for f in facts}
    out: list[tuple[str, str, int, list[Box], int]] = []
    for page in pages_of([ln for ln in lines if ln.method == "ocr"], rules):
        context = _context(page)
        for t in page.tables:
            out += [(fact, label, page.number, boxes, s)
                    for fact, label, boxes, s in missing_totals(t, context) if fact not in have]
    return out


def labels_without_value(lines: list[TextLine], facts: list[FactReport],
                         rules: RuleTest | None = None, outside_tables: bool = False
                         ) -> list[tuple[str, TextLine, Box]]:
    """Labels (lines that map to a fact on their own, or outside tables with the
    page's subject) whose fact was not found: a table cell or tile the page read
    missed. The caller may look again beside or above them; the longest (most
    specific) first. With ``outside_tables``, only the labels no table holds (a
    card's caption: what stands under a table's header is a row's cell)."""
    # a table's rows added up without a total row is a guess for review: the figure
    # beside its label (a card's «Tổng số hộp thư») is still looked for
    have = {f.name for f in facts if not (f.source or {}).get("summed")}
    out: list[tuple[str, TextLine, Box]] = []
    ocr = [ln for ln in lines if ln.method == "ocr"]
    # the side menu's items are no labels: without the page's ruling lines to confirm
    # its edge, a gutter down the page with a menu left of it is taken for one, and
    # what stands left of it no label unless the page's own layout puts it in a table
    # (a table's label column left of a wide gutter is no menu)
    right = max((t.box[2] for ln in ocr for t in ln.tokens if t.box is not None), default=0.0)

    def gutters(_page: int, box: Box) -> bool:
        return _gutters(box, right)

    menus = set() if rules is not None else {
        (p.number, ln.box) for p in pages_of(ocr, gutters) for ln in p.lines()
        if ln.id in p.chrome}
    for page in pages_of(ocr, rules):
        context = _context(page)
        # a table's row labels and headers may be labels; its other text cells (a unit
        # of measure «Tài khoản», a note) name no figure
        named = {ln.id for t in page.tables for labs in t.label_lines for ln in labs} | \
            {ln.id for t in page.tables for r in t.header_rows for ln in r.lines}
        # cards the layout took for a table: their captions are a card's, not a header's
        cards = card_lines(page)
        # a label the row grouping cut in two (a card's caption) is looked for whole
        body = phrases([x for x in page.lines() if x.id not in page.chrome], page)
        for ln in body:
            if ln.id in page.chrome or ln.box is None or not ln.has_letters or \
                    any(NUMBER.match(number_text(w.text)) for w in ln.words) or \
                    (ln.id in page.in_table and ln.id not in cards and
                     (outside_tables or ln.id not in named)) or \
                    ((page.number, ln.box) in menus and ln.id not in page.in_table and
                     ln.id not in named):
                continue
            texts = [(ln, ln.box)]
            card = ln.id not in page.in_table or ln.id in cards
            wrapped = caption_above(ln, body) if card else ln
            if wrapped is not ln and wrapped.box is not None and \
                    garbled_figure_above(wrapped, body) is None:
                # the last line of a card's caption wrapped over its figure («Tổng số
                # HS tiếp» / «nhận»; not under a figure OCR garbled): the whole caption
                # names it; the figure is looked for under its last line, across the
                # caption's width
                texts.insert(0, (wrapped, (wrapped.box[0], ln.box[1], wrapped.box[2],
                                           ln.box[3])))
            figure = garbled_figure_above(ln, body) if ln.id not in page.in_table else None
            if figure is not None:
                # a card's caption wrapped under a figure OCR garbled («46G» over «Giải
                # quyết quá» / «hạn»): the whole caption names it; the figure is looked
                # for again over its first line
                whole = caption_below(ln, body, figure)
                if whole is not ln:
                    texts.append((whole, ln.box))
            for lab, box in texts:
                fact, kind, cert = _label_fact(lab, page, context, ln.id in cards)
                if fact is None or fact in have or kind == "ratio" or cert < REVIEW_CERTAINTY:
                    continue
                tl = TextLine([Token(w.text, w.conf, w.box) for w in lab.words], ln.page,
                              ln.method)
                out.append((fact, tl, box))
                break
    return sorted(out, key=lambda o: -(o[2][2] - o[2][0]))


def _gutters(box: Box, right: float) -> bool:
    """A stand-in for the ruling-line test where the page's pixels are not at hand:
    a band far taller than wide and than any text line, ending in the page's first
    quarter (``right``: the page's right edge), shows a side menu's edge; a gap
    between two words, or between a card's or a table's columns further right,
    never does."""
    return box[3] - box[1] > max(2 * (box[2] - box[0]), GUTTER_HEIGHT) and \
        box[2] < MENU_SHARE * right


GUTTER_HEIGHT = 150.0
"""Pixels: taller than any text line or table row."""
MENU_SHARE = 0.25
"""A side menu's share of the page's width, at most (210 px of a 1024 px screen
zoomed 150 %: a fifth)."""


def _label_fact(ln: Line, page: Page, context: Meaning, card: bool = False
                ) -> tuple[str | None, str, float]:
    """(fact, kind, mapping certainty) of a label on its own or, outside tables (or a
    ``card``'s caption the layout took for a table's header), with the page's subject
    completing it («Trễ hạn» on a one-stop dashboard), as its tile would have been
    read."""
    m = map_meaning(meaning(ln.text))
    if m.fact is None and (card or ln.id not in page.in_table):
        fact, kind, cert, _total, how = _map_text(ln.text, context)
        if how == "completed":
            return fact, kind, cert
    return m.fact, m.kind, m.certainty
