"""What a criterion's evidence rule asks of a file's signatures: the organization's,
a leader's, or both (Decree 30/2020), applied in that order, inside the reporting
window. Pure: a verification report in, findings out.

Conventions (also in sample_evidence/README.md): a signature that is present but
fails gives SIG_INVALID / SIG_UNTRUSTED from the verifier, not also "missing";
only valid signatures are compared with the window.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from kiemchung.checks import Problem, fmt, window_text
from kiemchung.core.codes import FindingCode


def signature_rule_findings(report: dict[str, Any], required: str, window: tuple[date, date],
                            tz: str = "Asia/Ho_Chi_Minh") -> list[Problem]:
    """``required``: none, organization, personal or both."""
    if required == "none" or report.get("verdict") == "error":
        return []
    file = report.get("file", "")
    if report.get("verdict") == "unsigned":
        return [Problem(FindingCode.SIG_MISSING, {"file": file})]
    sigs = [s for s in report.get("signatures", []) if s.get("type") == "signature"]
    kinds = [s.get("signer", {}).get("kind") for s in sigs]
    out: list[Problem] = []
    if required in ("organization", "both") and "organization" not in kinds:
        out.append(Problem(FindingCode.SIG_ORG_MISSING, {"file": file}))
    if required in ("personal", "both") and "personal" not in kinds:
        out.append(Problem(FindingCode.SIG_PERSONAL_MISSING, {"file": file}))
    if "organization" in kinds and "personal" in kinds and \
            max(i for i, k in enumerate(kinds) if k == "organization") < \
            min(i for i, k in enumerate(kinds) if k == "personal"):
        out.append(Problem(FindingCode.SIG_ORDER_WRONG, {"file": file}))
    zone = ZoneInfo(tz)
    signed_on = {datetime.fromisoformat(s["signer"]["best_time"]).astimezone(zone).date()
                 for s in sigs
                 if s.get("verdict") == "valid" and s.get("signer", {}).get("best_time")}
    outside = sorted(d for d in signed_on if not window[0] <= d <= window[1])
    if outside:
        out.append(Problem(FindingCode.SIG_OUTSIDE_WINDOW, {
            "file": file, "date": ", ".join(fmt(d) for d in outside),
            "window": window_text(window)}))
    return out
