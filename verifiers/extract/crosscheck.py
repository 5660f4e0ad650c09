"""Checks between facts of one file: what the page's own arithmetic allows.

A part can never exceed its whole (signed ≤ outgoing, online ≤ received, …). When it
does, one of the two figures was misread or mislabelled: both go to a reviewer.
"""

from __future__ import annotations

from verifiers.extract.candidates import Candidate

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
PENALTY = 0.5


def cross_check(chosen: dict[str, Candidate]) -> list[tuple[str, str]]:
    """Lower the certainty of facts that contradict each other; (code, detail) notes."""
    notes: list[tuple[str, str]] = []
    for part, whole in PART_OF:
        p, w = chosen.get(part), chosen.get(whole)
        if p is None or w is None or not isinstance(p.value, int) or \
                not isinstance(w.value, int):
            continue
        if p.value > w.value:
            for c in (p, w):
                c.lower(PENALTY, f"{part} {p.value} > {whole} {w.value}")
            notes.append(("FACT_CROSSCHECK_FAILED", f"{part} = {p.value} exceeds "
                                                    f"{whole} = {w.value}"))
    # the parts of a whole that add up to it exactly confirm all of them
    for whole, parts in (("dossiers_received", ("dossiers_online", "dossiers_direct")),
                         ("dossiers_resolved", ("dossiers_on_time", "dossiers_late"))):
        whole_c = chosen.get(whole)
        ps = [chosen[x] for x in parts if x in chosen]
        if whole_c is None or len(ps) < len(parts):
            continue
        total = sum(x.value for x in ps if isinstance(x.value, int))
        if total == whole_c.value:
            for c in (whole_c, *ps):
                c.checked = True
        elif not any(c.checked for c in (whole_c, *ps)):
            # nothing else vouches for these digits: one of them may be misread
            for c in (whole_c, *ps):
                c.lower(PENALTY, f"{' + '.join(parts)} = {total} != {whole} {whole_c.value}")
            notes.append(("FACT_CROSSCHECK_FAILED", f"{' + '.join(parts)} = {total}, "
                                                    f"{whole} = {whole_c.value}"))
    return notes
