"""Cryptographic constraints with dates, as ETSI EN 319 102-1 and the EU DSS library
apply them: an algorithm or key size is accepted until a date
(``verifiers/data/algorithms.toml``, overridable per campaign). A signature that uses
one past its date, at the best signature time, cannot be shown to predate the weakness:
it is INDETERMINATE / CRYPTO_CONSTRAINTS_FAILURE_NO_POE, never proof of forgery. A
trusted timestamp before the date is that proof (the best signature time is then the
timestamp's).

pyHanko is told to accept every algorithm (``TrustStore.validation_context`` and the
CMS policy in ``validate.py``) so that this decision is ours and dated.
"""

from __future__ import annotations

import contextlib
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from asn1crypto import x509 as asn1_x509

from kiemchung.core.errors import ConfigError

POLICY_FILE = Path(__file__).resolve().parent.parent / "data" / "algorithms.toml"
VN = timezone(timedelta(hours=7))


@dataclass(frozen=True)
class Violation:
    """One algorithm past its acceptance date at the signature's time."""

    what: str
    """``digest sha1``, ``rsa-1024 key``, ``certificate sha1`` …"""
    until: date
    weak_key: bool
    """A key size (WEAK_KEY) rather than an algorithm (WEAK_ALGORITHM)."""

    @property
    def detail(self) -> str:
        return f"{self.what} accepted until {self.until.isoformat()}"


@dataclass(frozen=True)
class AlgorithmPolicy:
    digests: Mapping[str, date]
    rsa: tuple[tuple[int, date], ...]
    """(minimum bits, accepted until), ascending by bits."""
    others: Mapping[str, date]
    """Key algorithms other than RSA (ec, ed25519, …)."""

    def rsa_until(self, bits: int) -> tuple[int, date] | None:
        found = None
        for minimum, until in self.rsa:
            if bits >= minimum:
                found = (minimum, until)
        return found

    def check(self, signer_info: Any, cert: asn1_x509.Certificate,
              moment: datetime | None) -> list[Violation]:
        """What of the signature (its digest, its signature mechanism's hash, the
        signer's key and the signer certificate's own hash) is past its date at
        ``moment`` (None: now)."""
        at = moment or datetime.now(VN)
        out: list[Violation] = []
        for label, name in _hashes(signer_info, cert):
            until = self.digests.get(name)
            if until is not None and not _accepted(at, until):
                out.append(Violation(f"{label} {name}", until, False))
        try:
            key = cert.public_key
            algo = str(key.algorithm)
            if algo == "rsa":
                bits = int(key.bit_size)
                rule = self.rsa_until(bits)
                if rule is not None and not _accepted(at, rule[1]):
                    out.append(Violation(f"rsa-{bits} key (class rsa-{rule[0]})", rule[1], True))
            elif algo in self.others and not _accepted(at, self.others[algo]):
                out.append(Violation(f"{algo} key", self.others[algo], True))
        except (ValueError, KeyError, TypeError):  # unusual key encodings: not judged
            pass
        return out


def _accepted(at: datetime, until: date) -> bool:
    """Accepted through the whole day ``until`` (Vietnam time)."""
    return at < datetime.combine(until + timedelta(days=1), time(0), tzinfo=VN)


def _hashes(signer_info: Any, cert: asn1_x509.Certificate) -> Iterable[tuple[str, str]]:
    seen: set[tuple[str, str]] = set()
    with contextlib.suppress(KeyError, ValueError, TypeError):
        seen.add(("digest", str(signer_info["digest_algorithm"]["algorithm"].native)))
    for label, algo in (("signature", lambda: signer_info["signature_algorithm"]),
                        ("certificate", lambda: cert["signature_algorithm"])):
        # e.g. EdDSA, RSASSA-PSS with parameters: no separate hash to judge
        with contextlib.suppress(KeyError, ValueError, TypeError):
            seen.add((label, str(algo().hash_algo)))
    return sorted(seen)


def _date(value: object, key: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"Algorithm policy: {key} = {value!r} is not an ISO date.") from None


@lru_cache(maxsize=8)
def algorithm_policy(overrides: tuple[tuple[str, str], ...] = ()) -> AlgorithmPolicy:
    """The shipped policy with a campaign's overrides: (``sha1`` or ``rsa-1024`` …,
    ISO date). An unknown name is a ConfigError."""
    data = tomllib.loads(POLICY_FILE.read_text(encoding="utf-8"))
    digests = {k: _date(v, k) for k, v in data["digest"].items()}
    rsa = {int(k.split("-", 1)[1]): _date(v, k) for k, v in data["rsa"].items()}
    others = {k: _date(v, k) for k, v in data["signature"].items()}
    for raw_key, value in overrides:
        key = raw_key.strip().lower().replace("-", "_") if not raw_key.lower().startswith(
            "rsa") else raw_key.strip().lower()
        key = {"sha_1": "sha1", "sha_256": "sha256", "sha_384": "sha384",
               "sha_512": "sha512"}.get(key, key)
        if key.startswith("rsa-") and key[4:].isdigit():
            rsa[int(key[4:])] = _date(value, raw_key)
        elif key in digests:
            digests[key] = _date(value, raw_key)
        elif key in others:
            others[key] = _date(value, raw_key)
        else:
            raise ConfigError(f"Algorithm policy: unknown algorithm {raw_key!r} "
                              "(a digest such as sha1, rsa-<bits>, ec, ed25519).")
    return AlgorithmPolicy(MappingProxyType(digests), tuple(sorted(rsa.items())),
                           MappingProxyType(others))
