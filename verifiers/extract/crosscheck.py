"""Checks between facts of one file: what the page's own arithmetic allows.

A part can never exceed its whole (signed ≤ outgoing, online ≤ received, …). When it
does, one of the two figures was misread or mislabelled: both go to a reviewer. Parts
read apart that add up exactly to their whole (online + direct = received, on time +
late = resolved) confirm each other's digits.

The checks run twice: on the page's first reading (``cross_check``, on candidates),
and again after the digits-only second read corrected some figures (``recheck``, on
the reports): a check that failed only because of a digit the second read fixed no
longer holds its facts back, and one the correction broke lowers them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from verifiers.extract.candidates import CHECKED_OCR, Candidate, combine
from verifiers.results import FactReport

PART_OF: tuple[tuple[str, str], ...] = (
    ("outgoing_signed", "outgoing_total"),
    ("outgoing_signed_org", "outgoing_total"),
    ("outgoing_signed_personal", "outgoing_total"),
    ("incoming_digitized", "incoming_total"),
    ("dossiers_online", "dossiers_received"),
    ("dossiers_direct", "dossiers_received"),
    ("dossiers_resolved", "dossiers_received"),
    ("dossiers_on_time", "dossiers_resolved"),
    ("dossiers_late", "dossiers_resolved"),
    ("email_accounts_active", "email_accounts"),
    ("computers_connected", "computers_total"),
    ("services_level3", "services_total"),
    ("services_level4", "services_total"),
)
SUMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("dossiers_received", ("dossiers_online", "dossiers_direct")),
    ("dossiers_resolved", ("dossiers_on_time", "dossiers_late")),
)
PENALTY = 0.5


@dataclass(frozen=True)
class Check:
    key: str
    """Which check («dossiers_online <= dossiers_received»), stable across readings."""
    facts: tuple[str, ...]
    sum: bool
    """An exact sum (parts add up to the whole) rather than part ≤ whole."""
    ok: bool
    why: str
    """English, for the facts' doubts."""
    detail: str
    """English, for the FACT_CROSSCHECK_FAILED finding."""


def checks(values: dict[str, Any]) -> list[Check]:
    """Every check the facts' whole-number values allow."""
    out: list[Check] = []
    for part, whole in PART_OF:
        p, w = values.get(part), values.get(whole)
        if not isinstance(p, int) or not isinstance(w, int):
            continue
        out.append(Check(f"{part} <= {whole}", (part, whole), False, p <= w,
                         f"{part} {p} > {whole} {w}", f"{part} = {p} exceeds {whole} = {w}"))
    for whole, parts in SUMS:
        w = values.get(whole)
        ps = [values.get(x) for x in parts]
        if not isinstance(w, int) or not all(isinstance(x, int) for x in ps):
            continue
        total = sum(x for x in ps if isinstance(x, int))
        said = " + ".join(parts)
        out.append(Check(f"{said} = {whole}", (whole, *parts), True, total == w,
                         f"{said} = {total} != {whole} {w}", f"{said} = {total}, {whole} = {w}"))
    return out


def _not_a_sum(ck: Check, sources: dict[str, dict[str, Any]]) -> bool:
    """A sum whose whole was read in a table that holds another figure beside its
    parts («Kỳ trước chuyển sang» beside «Trực tuyến | Trực tiếp»): on this page the
    whole is more than the parts, whether they add up or not."""
    return ck.sum and bool(sources.get(ck.facts[0], {}).get("sum_beside"))


def cross_check(chosen: dict[str, Candidate]) -> list[tuple[str, str]]:
    """Lower the certainty of facts that contradict each other; (code, detail) notes.
    Each failed check is recorded in the facts' source (``crosschecks``) so that
    ``recheck`` can tell, after the second read, whether it still fails."""
    notes: list[tuple[str, str]] = []
    sources = {k: c.source for k, c in chosen.items()}
    for ck in checks({k: c.value for k, c in chosen.items()}):
        if _not_a_sum(ck, sources):
            continue
        cs = [chosen[x] for x in ck.facts]
        if ck.ok:
            if ck.sum:
                # figures read apart add up: their digits are right
                for c in cs:
                    c.checked = True
                    c.corroborated = c.corroborated or ck.key
            continue
        if ck.sum and all(c.checked or c.corroborated for c in cs):
            continue  # other checks vouch for every figure: the sum is not this page's
        for c in cs:
            c.lower(PENALTY, ck.why)
            c.source.setdefault("crosschecks", []).append(
                {"check": ck.key, "factor": PENALTY, "why": ck.why, "detail": ck.detail})
        notes.append(("FACT_CROSSCHECK_FAILED", ck.detail))
    return notes


def recheck(facts: list[FactReport], notes: list[tuple[str, str]]
            ) -> tuple[list[FactReport], list[tuple[str, str]]]:
    """The checks again on the facts as finally read (after the digits-only second
    read): the penalty of a check that now holds is lifted and its finding dropped;
    parts that now add up to their whole confirm their digits; a check the new digits
    break lowers its facts. Returns the facts and the notes (code, detail) to keep."""
    values: dict[str, Any] = {}
    sources: dict[str, dict[str, Any]] = {}
    for f in facts:
        values.setdefault(f.name, f.value)
        sources.setdefault(f.name, dict(f.source or {}))
    now = {ck.key: ck for ck in checks(values) if not _not_a_sum(ck, sources)}
    stale: set[str] = set()
    out: list[FactReport] = []
    added: list[tuple[str, str]] = []
    for f in facts:
        src = dict(f.source or {})
        recorded = list(src.get("crosschecks", []))
        cert = f.certainty
        changed = False
        doubts = list(src.get("doubts", []))
        settled = bool(src.get("settled_sum"))  # read.settle_sums chose its reading
        for rec in list(recorded):
            ck = now.get(rec["check"])
            if ck is not None and ck.ok and not (settled and ck.sum):
                stale.add(rec["detail"])
                recorded.remove(rec)
                if rec["why"] in doubts:
                    doubts.remove(rec["why"])
                if cert is not None:
                    cert = min(1.0, cert / rec["factor"])
                changed = True
        failed_before = {rec["check"] for rec in src.get("crosschecks", [])}
        for ck in now.values():
            if f.name not in ck.facts or values.get(f.name) != f.value:
                continue
            if ck.ok and ck.sum and "factors" in src and not recorded and not settled:
                # digits confirmed by the arithmetic: the OCR doubt (and a second
                # read's disagreement) no longer counts
                fx = src["factors"]
                penalty = fx["penalty"]
                for rec in (f.source or {}).get("crosschecks", []):
                    penalty /= rec["factor"]  # lifted above
                sure = combine(max(f.confidence or 0.0, CHECKED_OCR), fx["layout"],
                               fx["mapping"]) * min(1.0, penalty)
                if cert is None or sure > cert:
                    cert = sure
                    src.setdefault("check", ck.key)
                    changed = True
            elif not ck.ok and ck.key not in failed_before and \
                    not (ck.sum and src.get("check") not in (None, ck.key)):
                doubts.append(ck.why)
                recorded.append({"check": ck.key, "factor": PENALTY, "why": ck.why,
                                 "detail": ck.detail})
                if cert is not None:
                    cert *= PENALTY
                added.append(("FACT_CROSSCHECK_FAILED", ck.detail))
                changed = True
        if not changed:
            out.append(f)
            continue
        src["crosschecks"] = recorded
        if not recorded:
            src.pop("crosschecks")
        src["doubts"] = doubts
        if not doubts:
            src.pop("doubts")
        out.append(replace(f, source=src, certainty=None if cert is None else round(cert, 3)))
    kept = [n for n in notes if not (n[0] == "FACT_CROSSCHECK_FAILED" and n[1] in stale)]
    return out, list(dict.fromkeys(kept + added))
