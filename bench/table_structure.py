"""Table structure: kiemchung's layout model against img2table (OpenCV), on the
browser-rendered pages, per family.

Issue 14 asks whether a well-kept library finds tables better than our own layout code.
Both are judged on what extraction needs from a table: its **data rows** (rows holding a
figure) and its **figure columns** (columns holding a figure in at least half of the data
rows), counted the same way on the page's own HTML (the truth), on kiemchung's layout
model of the page and on img2table's tables (with its own Tesseract OCR of the cells,
``lang=vie``, borderless tables on). A page's table is *found* when some detected table
has its number of data rows and of figure columns. Tables of at least two data rows and
one figure column count (a listing of names and dates holds no fact); an «STT» column
(1, 2, 3 …) is no figure column.

    uv run --frozen --with img2table python bench/table_structure.py --split dev --per-family 3

img2table is not a dependency of kiemchung (it brings OpenCV): ``--with`` adds it to this
run only. Without it the script measures kiemchung alone and says so. ``--split
heldout`` needs ``--heldout-ok`` (the lead's measurement; see ``bench/screens``).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FIGURE = re.compile(r"^\(?[-+]?\d{1,3}(?:[.,]\d{3})+\)?$|^[-+]?\d+(?:[.,]\d+)?\s?%?$")
Shape = tuple[int, int]
"""(data rows, figure columns)."""


def _is_figure(text: str) -> bool:
    return bool(FIGURE.match(text.strip()))


def shape(rows: list[list[str]]) -> Shape | None:
    """Data rows and figure columns of a grid of cell texts (None: no figures)."""
    data = [r for r in rows if any(_is_figure(c) for c in r)]
    if not data:
        return None
    width = max(len(r) for r in data)
    cols = 0
    for k in range(width):
        col = [r[k].strip() for r in data if k < len(r) and _is_figure(r[k])]
        index = [int(v) for v in col if v.isdigit()] == list(range(1, len(col) + 1))
        if 2 * len(col) >= len(data) and not (index and len(col) >= 2):
            cols += 1  # an «STT» column (1, 2, 3 …) is no figure column
    return len(data), cols


class _Tables(HTMLParser):
    """The <table>s of a page as grids of cell texts (colspans repeated, so a merged
    cell counts once per column it spans only where it holds a figure)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._stack: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self._span = 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._stack.append([])
        elif tag == "tr" and self._stack:
            self._stack[-1].append([])
        elif tag in ("td", "th") and self._stack:
            self._cell = []
            span = dict(attrs).get("colspan") or "1"
            self._span = int(span) if span.isdigit() else 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._stack and self._stack[-1]:
            text = " ".join("".join(self._cell).split())
            self._stack[-1][-1].extend([text] + [""] * (self._span - 1))
            self._cell = None
        elif tag == "table" and self._stack:
            self.tables.append(self._stack.pop())

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def truth(html: str) -> list[Shape]:
    p = _Tables()
    p.feed(html)
    return [s for t in p.tables if (s := shape(t)) is not None and s[0] >= 2 and s[1] >= 1]


def ours(image: Path) -> list[Shape]:
    from verifiers.extract.facts import pages_of
    from verifiers.ocr.read import read_image

    reading = read_image(image.read_bytes())
    out = []
    for page in pages_of(reading.lines, reading.rules):
        for t in page.tables:
            width = len(t.columns)
            grid = [[""] * width for _ in t.rows]
            for c in t.cells:
                if c.row < len(grid) and c.col < width:
                    grid[c.row][c.col] = c.line.text
            if (s := shape(grid)) is not None:
                out.append(s)
    return out


def img2table_shapes(image: Path, ocr: object) -> list[Shape]:
    from img2table.document import Image

    doc = Image(src=str(image))
    out = []
    for t in doc.extract_tables(ocr=ocr, implicit_rows=True, borderless_tables=True):
        grid = [[(c.value or "") for c in row] for row in t.content.values()]
        if (s := shape(grid)) is not None:
            out.append(s)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("dev", "heldout"), default="dev")
    ap.add_argument("--per-family", type=int, default=3)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--heldout-ok", action="store_true")
    args = ap.parse_args()
    if args.split == "heldout" and not args.heldout_ok:
        print("--split heldout is the lead's final measurement: add --heldout-ok", file=sys.stderr)
        return 2
    from bench.screens import generate

    try:
        from img2table.ocr import TesseractOCR
        ocr: object | None = TesseractOCR(n_threads=1, lang="vie")
    except ImportError:
        ocr = None
        print("img2table is not installed: kiemchung alone (run with `uv run --with img2table`)")
    with tempfile.TemporaryDirectory() as tmp:
        samples = generate(Path(tmp), args.split, args.per_family, args.seed)
        found: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        secs: dict[str, float] = defaultdict(float)
        for s in samples:
            img = Path(tmp) / s.file
            want = truth(img.with_suffix(".html").read_text(encoding="utf-8"))
            if not want:
                continue
            fam = found[f"{s.split}/{s.family}"]
            fam["tables"] += len(want)
            t = time.perf_counter()
            got = ours(img)
            secs["kiemchung"] += time.perf_counter() - t
            fam["kiemchung"] += sum(1 for w in want if w in got)
            if ocr is not None:
                t = time.perf_counter()
                try:
                    got2 = img2table_shapes(img, ocr)
                except Exception as exc:  # the library's failure is its result here
                    print(f"{s.file}: img2table failed: {exc}", file=sys.stderr)
                    got2 = []
                secs["img2table"] += time.perf_counter() - t
                fam["img2table"] += sum(1 for w in want if w in got2)
    engines = ["kiemchung"] + (["img2table"] if ocr is not None else [])
    print(f"split {args.split}, seed {args.seed}, {args.per_family} per family: tables whose data "
          "rows and figure columns were both found")
    print(f"  {'family':32} {'tables':>6} " + " ".join(f"{e:>10}" for e in engines))
    total: dict[str, int] = defaultdict(int)
    for name, n in sorted(found.items()):
        print(f"  {name:32} {n['tables']:6d} " + " ".join(f"{n[e]:10d}" for e in engines))
        for k, v in n.items():
            total[k] += v
    print(f"  {'TOTAL':32} {total['tables']:6d} " + " ".join(
        f"{total[e]:4d} ={100 * total[e] / max(1, total['tables']):4.0f}%" for e in engines))
    print("  seconds (reading included): " + ", ".join(f"{e} {secs[e]:.1f}" for e in engines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
