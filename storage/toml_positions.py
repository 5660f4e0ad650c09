"""Line and column of every key and value in a TOML text.

``tomllib`` parses but gives no positions, and a campaign error the user cannot find
in the file is half an error. This scanner walks the same text (already known to be
valid TOML: tomllib parsed it first) and records, for every path of keys and array
indexes (``("units", 3, "level")``), where its key and its value start. It only
locates; the values come from tomllib.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Pos:
    line: int
    """1-based."""
    column: int
    """1-based."""


class Positions:
    """Where each path's key (and value) starts; ``find`` falls back to the nearest
    enclosing path, so every location gets a line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.keys: dict[Path, int] = {}
        self.values: dict[Path, int] = {}
        self._aot: dict[Path, int] = {}
        with contextlib.suppress(IndexError, ValueError):  # locating never hides an error
            _Scanner(text, self).document()

    def pos(self, offset: int) -> Pos:
        line = self.text.count("\n", 0, offset) + 1
        start = self.text.rfind("\n", 0, offset) + 1
        return Pos(line, offset - start + 1)

    def find(self, path: Path, value: bool = False) -> Pos:
        p = tuple(path)
        while p:
            if value and p in self.values:
                return self.pos(self.values[p])
            if p in self.keys:
                return self.pos(self.keys[p])
            if p in self.values:
                return self.pos(self.values[p])
            p = p[:-1]
        return Pos(1, 1)


_BARE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class _Scanner:
    def __init__(self, text: str, out: Positions) -> None:
        self.s, self.i, self.out = text, 0, out

    # -- lexing helpers --
    def skip_ws(self, newlines: bool) -> None:
        s = self.s
        while self.i < len(s):
            c = s[self.i]
            if c in " \t\r" or (newlines and c == "\n"):
                self.i += 1
            elif c == "#":
                while self.i < len(s) and s[self.i] != "\n":
                    self.i += 1
            else:
                return

    def key(self) -> list[tuple[str, int]]:
        """A dotted key: its parts with their offsets."""
        parts: list[tuple[str, int]] = []
        while True:
            self.skip_ws(False)
            start = self.i
            c = self.s[self.i]
            if c in "\"'":
                end = self.string_end()
                raw = self.s[start + 1:end - 1]
                name = raw if c == "'" else raw.encode("utf-8").decode("unicode_escape") \
                    if "\\" in raw else raw
            else:
                while self.i < len(self.s) and self.s[self.i] in _BARE:
                    self.i += 1
                name = self.s[start:self.i]
                if not name:
                    raise ValueError("empty key")
            parts.append((name, start))
            self.skip_ws(False)
            if self.i < len(self.s) and self.s[self.i] == ".":
                self.i += 1
                continue
            return parts

    def string_end(self) -> int:
        s, q = self.s, self.s[self.i]
        if s.startswith(q * 3, self.i):
            end = s.index(q * 3, self.i + 3) + 3
            while end < len(s) and s[end] == q:  # up to two quotes may close the string
                end += 1
            self.i = end
            return end
        j = self.i + 1
        while s[j] != q:
            j += 2 if (q == '"' and s[j] == "\\") else 1
        self.i = j + 1
        return self.i

    # -- grammar --
    def document(self) -> None:
        table: Path = ()
        while True:
            self.skip_ws(True)
            if self.i >= len(self.s):
                return
            if self.s[self.i] == "[":
                table = self.header()
            else:
                self.keyval(table)

    def header(self) -> Path:
        aot = self.s.startswith("[[", self.i)
        self.i += 2 if aot else 1
        parts = self.key()
        self.i += 2 if aot else 1
        path: list[str | int] = []
        for n, (name, off) in enumerate(parts):
            path.append(name)
            t = tuple(path)
            last = n == len(parts) - 1
            if last and aot:
                self.out._aot[t] = self.out._aot.get(t, -1) + 1
                path.append(self.out._aot[t])
                self.out.keys.setdefault(tuple(path), off)
            else:
                self.out.keys.setdefault(t, off)
                if t in self.out._aot:
                    path.append(self.out._aot[t])
        return tuple(path)

    def keyval(self, table: Path) -> None:
        parts = self.key()
        path = table
        for name, off in parts:
            path = (*path, name)
            self.out.keys.setdefault(path, off)
        self.i += 1  # '='
        self.value(path)

    def value(self, path: Path) -> None:
        self.skip_ws(False)
        self.out.values.setdefault(path, self.i)
        c = self.s[self.i]
        if c in "\"'":
            self.string_end()
        elif c == "[":
            self.i += 1
            n = 0
            while True:
                self.skip_ws(True)
                if self.s[self.i] == "]":
                    self.i += 1
                    return
                self.value((*path, n))
                n += 1
                self.skip_ws(True)
                if self.s[self.i] == ",":
                    self.i += 1
        elif c == "{":
            self.i += 1
            while True:
                self.skip_ws(False)
                if self.s[self.i] == "}":
                    self.i += 1
                    return
                self.keyval(path)
                self.skip_ws(False)
                if self.s[self.i] == ",":
                    self.i += 1
        else:
            while self.i < len(self.s) and self.s[self.i] not in ",]}\n#":
                self.i += 1
