"""From a label (and the header path above it) to a canonical fact, through concepts.

A label is read as the set of concepts its words say, in any order: «Tổng số VB đi»,
«Văn bản đi - Tổng số» and a column «Tổng số» under «Văn bản đi» all say
{document, outgoing, total}, which is ``outgoing_total``. A fact matches when the label
says all its required concepts and nothing outside its optional ones; the most specific
match wins, and two equally specific matches are ambiguous (unmapped, for a reviewer).
Words that are neither concepts nor neutral lower the mapping certainty: an unknown
qualifier may change the meaning («Văn bản đi liên thông»), so such a fact is flagged
rather than confirmed. A phrase may say several concepts at once (a compound: «hộp
thư» is a mail account, «giải quyết TTHC» resolves dossiers), and a head noun after
«cho» is whom the thing is for, not what the label counts («Máy tính trang bị cho
CBCCVC»). A head noun a compound only implies («giải quyết TTHC» implies dossiers) is
the label's, not the page's subject (``Meaning.implied``), and it yields when the label
names the compound's other countable thing itself («Kết quả giải quyết TTHC | Số
TTHC» counts procedures). Words whose marks tell them apart from a neutral or other word
they fold into («chờ», waiting, is not «cho», for) are matched with their marks
(``MARKED``). The vocabulary is ``verifiers/data/facts.toml``.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from kiemchung.core.text import fold

VOCABULARY = Path(__file__).resolve().parent.parent / "data" / "facts.toml"
UNKNOWN_WORD_CERTAINTY = 0.75
"""Mapping certainty when the label holds a word we do not know (below review)."""
FUZZY = 0.8
"""A word of six letters or more within this similarity of a vocabulary word is it
(OCR drops or swaps one letter: «tiẽp» «nhân»)."""
SENTENCE_UNKNOWN = 3
"""This many words we cannot place make a sentence or a name, not a label: a number
after «V/v cử cán bộ tham gia tập huấn» is no count of staff."""
DOMAINS = ("document", "dossier", "staff", "staff_part", "mail", "computer", "article", "meeting",
           "certificate")
"""Head nouns: what a page's or a table's figures count."""
BENEFICIARY = frozenset({"cho"})
"""Words before the one a thing is for («cấp cho», «trang bị cho»): a head noun after
them is no head noun of the label."""
_TOKEN = re.compile(r"[a-z0-9]+|%")
MESSAGE = "message"
"""Letters in a mailbox: a concept no fact allows."""
MARKED = {"chờ": "chowait", "đăng": "dangpost"}
"""Words kept apart from the word they fold into, spelled with their marks: «chờ»
(waiting: «Văn bản chờ ký số» are not signed yet) is not «cho» (for); «đăng» (posted:
«Tin bài đăng trên Cổng») is not «đang» (being), except in «đăng ký» (registered). A
text OCR read without the marks keeps the folded word."""
_MARKED = re.compile(r"(?<!\w)(" + "|".join(MARKED) + r")(?!\w)(?<!đăng(?=\s+k[ýyí]))",
                     re.IGNORECASE)


@dataclass(frozen=True)
class FactSpec:
    name: str
    """The key in facts.toml; ``fact`` is the canonical name it stands for."""
    fact: str
    kind: str
    label: str
    all: frozenset[str]
    optional: frozenset[str]
    certainty: float


@dataclass(frozen=True)
class Meaning:
    """What a label says: its concepts, and the words we could not place."""

    concepts: frozenset[str]
    """What its words say themselves (a compound's concepts that are no head noun
    included): a page's subject is read from these."""
    unknown: tuple[str, ...]
    implied: tuple[tuple[str, frozenset[str]], ...] = ()
    """(head noun, the compound's other concepts) for each head noun a compound infers
    rather than says: «giải quyết TTHC» implies dossiers for its label only (not in
    ``concepts``), «tình hình giải quyết TTHC» (a report on resolving them) for the page
    too (in ``concepts``)."""
    plain: frozenset[str] = frozenset()
    """The concepts words say outside any compound («Số TTHC»: procedure)."""
    heads: tuple[str, ...] = ()
    """The head nouns (``DOMAINS``) in the order the words say them: the first is what
    the label counts («Số CBCC sử dụng hộp thư» counts staff)."""

    def __or__(self, other: Meaning) -> Meaning:
        return Meaning(self.concepts | other.concepts, self.unknown + other.unknown,
                       self.implied + other.implied, self.plain | other.plain,
                       self.heads + other.heads)

    @property
    def said(self) -> frozenset[str]:
        """The concepts the label maps by: its own, and the head nouns its compounds
        imply unless the label names the compound's other countable thing itself
        («Số TTHC» under «Kết quả giải quyết TTHC» counts procedures, not dossiers)."""
        yielded = {head for head, others in self.implied if head not in self.plain
                   and any(c in self.plain and _counted_alone(c) for c in others)}
        return (self.concepts | {h for h, _o in self.implied}) - yielded


@dataclass(frozen=True)
class Mapping:
    fact: str | None
    """Canonical fact name; None when the label maps to no fact (or to two)."""
    kind: str
    certainty: float
    """How sure the mapping is, 0–1."""
    ambiguous: tuple[str, ...] = ()
    """Facts the label could equally be, when it could be several."""


@dataclass(frozen=True)
class _Vocab:
    phrases: tuple[tuple[tuple[str, ...], str], ...]
    """(folded words, concept or "" for neutral), longest first; a compound's concepts
    are joined by «+», a head noun it infers marked «~» (for its label only) or «^»
    (for the page's subject too)."""
    words: frozenset[str]
    specs: tuple[FactSpec, ...]


def _unglue_caps(text: str) -> str:
    """A capital right after two small letters of a word parts two words the read glued
    («QuaDVCTT»; «tiếpIBCCI» for «tiếp/BCCI», its slash read as a capital I before the
    abbreviation's capitals): no Vietnamese word puts a capital after its small letters
    («eMail» keeps its one)."""
    out = []
    for k, ch in enumerate(text):
        if k >= 2 and ch.isupper() and text[k - 1].islower() and text[k - 2].islower():
            out.append(" ")
            if ch == "I" and text[k + 1:k + 3].isupper() and len(text[k + 1:k + 3]) == 2:
                continue  # the slash before an abbreviation read as an I («tiếpIBCCI»)
        out.append(ch)
    return "".join(out)


def _words(text: str) -> tuple[str, ...]:
    text = _MARKED.sub(lambda m: MARKED[m.group(1).lower()],
                       unicodedata.normalize("NFC", text))
    text = _unglue_caps(text)
    return tuple(_TOKEN.findall(fold(text).replace("đ", "d")))


def _unmarked(text: str) -> bool:
    """A text with no diacritic at all (OCR lost them, or it is an abbreviation)."""
    t = unicodedata.normalize("NFKD", text)
    return not any(unicodedata.combining(c) for c in t) and "đ" not in t.lower()


def _counted_alone(concept: str) -> bool:
    """A concept that is a fact on its own («TTHC»: the procedures)."""
    return any(s.all == {concept} for s in vocabulary().specs)


@lru_cache(maxsize=1)
def vocabulary() -> _Vocab:
    raw = tomllib.loads(VOCABULARY.read_text(encoding="utf-8"))
    phrases: list[tuple[tuple[str, ...], str]] = []
    for concept, said in raw["concepts"].items():
        phrases += [(_words(p), concept) for p in said]
    for joined, said in raw.get("compounds", {}).items():  # one phrase, several concepts
        phrases += [(_words(p), joined) for p in said]
    phrases += [(_words(p), "") for p in raw["neutral"]["words"]]
    phrases = [p for p in phrases if p[0]]
    phrases.sort(key=lambda p: (-len(p[0]), -len(" ".join(p[0]))))
    specs = tuple(FactSpec(name, spec.get("same_as", name), spec["type"], spec["label"],
                           frozenset(spec["all"]), frozenset(spec.get("optional", ())),
                           float(spec.get("certainty", 1.0)))
                  for name, spec in raw["facts"].items())
    words = frozenset(w for p, _c in phrases for w in p)
    return _Vocab(tuple(phrases), words, specs)


def fact_names() -> list[str]:
    return sorted({s.fact for s in vocabulary().specs})


def fact_kind(fact: str) -> str:
    for s in vocabulary().specs:
        if s.fact == fact:
            return s.kind
    return "count"


def head_nouns(fact: str) -> frozenset[str]:
    """The head nouns (``DOMAINS``) a fact's complete label says: {mail} for
    ``email_accounts``, {dossier} for ``dossiers_on_time``; empty when it has none."""
    for s in vocabulary().specs:
        if s.name == fact:
            return frozenset(c for c in s.all if c in DOMAINS)
    return frozenset()


def fact_label(name: str) -> str:
    """The Vietnamese label people know a fact by."""
    for s in vocabulary().specs:
        if s.name == name:
            return s.label
    return name


LOOK_ALIKE = str.maketrans({"0": "o", "1": "l", "5": "s", "8": "b", "6": "g"})
"""Digits OCR reads for letters in a word («(H5)» for «(HS)», «t0ng»)."""


def _canon(word: str, known: frozenset[str]) -> str:
    if word in known or word.isdigit():
        return word
    if word.isalnum() and any(ch.isdigit() for ch in word) and any(ch.isalpha() for ch in word):
        letters = word.translate(LOOK_ALIKE)
        if letters in known:  # a word of letters with a digit read for one of them
            return letters
    if len(word) < 6:
        return word
    best, best_r = word, FUZZY
    for k in known:
        if abs(len(k) - len(word)) <= 1:
            r = SequenceMatcher(None, word, k).ratio()
            if r > best_r:
                best, best_r = k, r
    return best


def _split_glued(word: str, known: frozenset[str]) -> list[str]:
    """Words OCR glued together («Tổngsố», «QuaDVCTT»): the fewest known words that
    spell it, else the word as it is."""
    if len(word) < 4 or word.isdigit():
        return [word]
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for i in range(len(word)):
        if best[i] is None:
            continue
        for j in range(i + 1, len(word) + 1):
            piece = word[i:j]
            if piece in known and (len(piece) >= 2 or piece in ("%",)):
                cand = [*best[i], piece]  # type: ignore[misc]
                if best[j] is None or len(cand) < len(best[j]):  # type: ignore[arg-type]
                    best[j] = cand
    return best[-1] if best[-1] else [word]


@lru_cache(maxsize=4096)
def meaning(text: str) -> Meaning:
    """The concepts a label says (longest phrases first) and its unknown words."""
    v = vocabulary()
    unmarked = _unmarked(text)
    toks = ["v/v"] if re.search(r"\bv\s*/\s*v\b", fold(text)) else []  # «về việc»: a subject line
    for w in _words(text):
        c = _canon(w, v.words)
        toks += [c] if c in v.words else _split_glued(c, v.words)
    # digits stay for the phrases that hold them («mức độ 3»); a lone number says nothing
    concepts: set[str] = set()
    implied: list[tuple[str, frozenset[str]]] = []
    heads: list[str] = []
    plain: set[str] = set()
    compounds: list[tuple[tuple[str, ...], str]] = []
    unknown: list[str] = []
    i = 0
    while i < len(toks):
        for phrase, concept in v.phrases:
            n = len(phrase)
            if tuple(toks[i:i + n]) == phrase:
                # «Máy tính trang bị cho CBCCVC»: whom a thing is for qualifies it, it
                # is not what the label counts
                said = concept.split("+") if concept else []
                if len(said) > 1:
                    compounds.append((phrase, concept))
                own = frozenset(c.lstrip("~^") for c in said)
                for c in said:
                    name = c.lstrip("~^")
                    if name in DOMAINS and i and toks[i - 1] in BENEFICIARY:
                        continue
                    if c[0] in "~^":  # an inferred head noun: «~» the label's only
                        implied.append((name, own - {name}))
                        if c[0] == "~":
                            continue
                    concepts.add(name)
                    if len(said) == 1:
                        plain.add(name)
                    if name in DOMAINS:
                        heads.append(name)
                i += n
                break
        else:
            if len(toks[i]) > 1 and not toks[i].isdigit():  # single letters: OCR debris
                unknown.append(toks[i])
            i += 1
    if unmarked and any(fold(w) in toks for w in MARKED):
        # «Van ban cho ky so»: a text read without its marks may have lost «chờ»'s
        unknown.append("cho")
    if "mail" in plain and any("mail" in c.split("+") for _p, c in compounds):
        # «Số thư trong hộp thư»: the mail said on its own beside a mailbox is the
        # letters in it (MESSAGE), no account
        concepts.add(MESSAGE)
    return Meaning(frozenset(concepts), tuple(unknown), tuple(implied), frozenset(plain),
                   tuple(heads))


def map_meaning(m: Meaning) -> Mapping:
    """The most specific fact the concepts say, and how sure that is."""
    said = m.said
    hits = [s for s in vocabulary().specs
            if s.all <= said and said - {"index"} <= s.all | s.optional]
    if not hits or len(m.unknown) >= SENTENCE_UNKNOWN or "v/v" in m.unknown:
        return Mapping(None, "count", 0.0)
    top = max(len(s.all) for s in hits)
    best = [s for s in hits if len(s.all) == top]
    facts = sorted({s.fact for s in best})
    if len(facts) > 1:
        return Mapping(None, best[0].kind, 0.0, tuple(facts))
    spec = max(best, key=lambda s: s.certainty)
    cert = spec.certainty * (UNKNOWN_WORD_CERTAINTY if m.unknown else 1.0)
    own = {d for d in spec.all if d in DOMAINS} | set(meaning(spec.label).heads)
    if own and m.heads and m.heads[0] not in own:
        # «Số CBCC sử dụng hộp thư»: the label counts another head noun (staff) than
        # the fact's (what it requires, or its own label names: mail), a qualifier here
        cert *= UNKNOWN_WORD_CERTAINTY
    return Mapping(spec.fact, spec.kind, cert)


def map_label(*texts: str) -> Mapping:
    """Map a label given as its parts (header path, row label, caption)."""
    m = Meaning(frozenset(), ())
    for t in texts:
        m = m | meaning(t)
    return map_meaning(m)


def says(text: str, concept: str) -> bool:
    return concept in meaning(text).said


TOTAL_HEAD = "tong"
TOTAL_TAILS = ("cong",)
"""«Tổng cộng»: the word after «Tổng» that OCR misreads by one letter in a small or
condensed face («Tổng cậng»); «số» is too short to tell a misread from another word."""


def _misread_total(text: str) -> bool:
    """«Tổng» and one word one letter off a total's second word («cậng» for «cộng»)."""
    words = _words(text)
    return len(words) == 2 and words[0] == TOTAL_HEAD and any(
        len(words[1]) == len(t) and sum(a != b for a, b in zip(words[1], t, strict=True)) == 1
        for t in TOTAL_TAILS)


def is_total_label(text: str) -> bool:
    """«Tổng cộng», «Tổng số», «Cộng», «Toàn đơn vị», «Tổng»: a total row's label (also
    «Tổng cộng» misread by one letter)."""
    m = meaning(text)
    return (m.concepts == {"total"} and not m.unknown) or _misread_total(text)
