"""The TOML locator finds keys and values through the constructs campaign files use."""

from __future__ import annotations

import tomllib

from storage.toml_positions import Positions

TEXT = '''# comment
code = "x"  # trailing
name = """multi
line = not a key
"""
'quoted key' = 1
a.b.c = [1, 2,
  3]
[window]
start = 2019-01-01
[[units]]
code = "u1"
leaders = [
  { name = "A", id = "CCCD:1" },
  { name = "B", title = "x", id = 'CCCD:2' },
]
[[units]]
code = "u2"
[[criteria]]
code = "c1"
[criteria.evidence]
kinds = ["image"]
'''


def test_positions() -> None:
    tomllib.loads(TEXT)  # the text is valid TOML
    p = Positions(TEXT)
    assert p.find(("code",)) == p.pos(TEXT.index("code"))
    assert p.find(("name",)).line == 3
    assert ("line",) not in p.keys  # inside the multi-line string
    assert p.find(("quoted key",)).line == 6
    assert p.find(("a", "b", "c", 2), value=True).line == 8
    assert p.find(("window", "start")).line == 10
    assert p.find(("units", 0, "leaders", 1, "title"), value=True) == \
        p.pos(TEXT.index('"x", id'))
    assert p.find(("units", 1, "code")).line == 18
    assert p.find(("criteria", 0, "evidence", "kinds", 0), value=True).line == 22
    assert p.find(("units", 5, "nothing")).line == 1  # unknown: the top of the file
