"""Who signed: identity fields from the certificate and its kind (organization,
personal or unknown) by the rules in ``verifiers/data/signer_kinds.toml``."""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from asn1crypto import x509 as asn1_x509

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "signer_kinds.toml"


class SignerKind(StrEnum):
    ORGANIZATION = "organization"
    PERSONAL = "personal"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SignerIdentity:
    common_name: str
    organization: str
    title: str
    uid: str
    """e.g. ``CCCD:022070000101`` or ``MST:5700100256``."""
    issuer: str
    serial: str
    fingerprint: str
    """SHA-256 of the certificate, hex."""
    kind: SignerKind
    key_bits: int | None

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["kind"] = self.kind.value
        return d


@lru_cache(maxsize=1)
def _prefixes() -> dict[str, SignerKind]:
    rules = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))["uid_prefixes"]
    out: dict[str, SignerKind] = {}
    for kind in (SignerKind.PERSONAL, SignerKind.ORGANIZATION):
        for prefix in rules.get(kind.value, []):
            out[prefix.upper()] = kind
    return out


def kind_of(uid: str, fingerprint: str = "", overrides: Mapping[str, str] | None = None
            ) -> SignerKind:
    """Overrides (by UID or certificate fingerprint) win over the UID prefix rules."""
    for key in (fingerprint, uid):
        if overrides and key in overrides:
            return SignerKind(overrides[key])
    prefix = uid.split(":", 1)[0].strip().upper() if ":" in uid else ""
    return _prefixes().get(prefix, SignerKind.UNKNOWN)


def _attr(name: asn1_x509.Name, key: str) -> str:
    value = name.native.get(key, "")
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return str(value)


def identify(cert: asn1_x509.Certificate, overrides: Mapping[str, str] | None = None
             ) -> SignerIdentity:
    fp = hashlib.sha256(cert.dump()).hexdigest()
    uid = _attr(cert.subject, "user_id")
    try:
        pk = cert.public_key
        bits: int | None = pk.bit_size if pk.algorithm == "rsa" else None
    except Exception:  # unusual key types: the size is informational only
        bits = None
    return SignerIdentity(
        common_name=_attr(cert.subject, "common_name"),
        organization=_attr(cert.subject, "organization_name"),
        title=_attr(cert.subject, "title"), uid=uid,
        issuer=_attr(cert.issuer, "common_name") or cert.issuer.human_friendly,
        serial=format(cert.serial_number, "x"), fingerprint=fp,
        kind=kind_of(uid, fp, overrides), key_bits=bits)
