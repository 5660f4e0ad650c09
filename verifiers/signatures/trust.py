"""The campaign's trust anchors and revocation data.

Vietnam has two separate anchors (the government specialized root and the
national root); a campaign lists the root certificates it accepts. Nothing falls
back to the operating system's TLS trust list: no roots given means nothing is
trusted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from asn1crypto import crl as asn1_crl
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko_certvalidator import ValidationContext

from verifiers.errors import ConfigError

CERT_SUFFIXES = {".pem", ".crt", ".cer", ".der"}
CRL_SUFFIXES = {".crl", ".pem", ".der"}


@dataclass(frozen=True)
class TrustStore:
    roots: tuple[asn1_x509.Certificate, ...]
    crls: tuple[asn1_crl.CertificateList, ...]
    fingerprint: str
    """Changes when any root or CRL changes: part of the verification cache key."""
    revocation_mode: str = "soft-fail"
    allow_fetching: bool = False

    def validation_context(self, moment: datetime | None, *,
                           other_certs: Iterable[asn1_x509.Certificate] = (),
                           crls: Iterable[asn1_crl.CertificateList] = (),
                           ocsps: Iterable[object] = ()) -> ValidationContext:
        """A fresh context (they keep state) validating at ``moment`` (None: now)."""
        return ValidationContext(
            trust_roots=list(self.roots), other_certs=list(other_certs), moment=moment,
            crls=[*self.crls, *crls], ocsps=list(ocsps), allow_fetching=self.allow_fetching,
            revocation_mode=self.revocation_mode, retroactive_revinfo=True)


def _files(paths: Sequence[Path], suffixes: set[str]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if f.suffix.lower() in suffixes))
        elif p.is_file():
            out.append(p)
        else:
            raise ConfigError(f"Trust store path {p} does not exist.")
    return out


def _der_blocks(data: bytes) -> list[bytes]:
    if pem.detect(data):
        return [der for _t, _h, der in pem.unarmor(data, multiple=True)]
    return [data]


def _load_certs(files: list[Path]) -> list[asn1_x509.Certificate]:
    out: list[asn1_x509.Certificate] = []
    for f in files:
        try:
            out.extend(asn1_x509.Certificate.load(der) for der in _der_blocks(f.read_bytes()))
            for c in out:
                _ = c.subject  # parse now, so a bad file fails here with its name
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"Not a certificate file: {f} ({exc}).") from None
    return out


def _load_crls(files: list[Path]) -> list[asn1_crl.CertificateList]:
    out: list[asn1_crl.CertificateList] = []
    for f in files:
        try:
            for der in _der_blocks(f.read_bytes()):
                c = asn1_crl.CertificateList.load(der)
                _ = c["tbs_cert_list"]["issuer"]
                out.append(c)
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"Not a CRL file: {f} ({exc}).") from None
    return out


def load_trust_store(roots: Sequence[Path] = (), crls: Sequence[Path] = (), *,
                     revocation_mode: str = "soft-fail",
                     allow_fetching: bool = False) -> TrustStore:
    if revocation_mode not in ("soft-fail", "hard-fail", "require"):
        raise ConfigError(f"Unknown revocation mode {revocation_mode!r}.")
    root_files = _files(roots, CERT_SUFFIXES)
    crl_files = _files(crls, CRL_SUFFIXES)
    stamp = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in root_files + crl_files)
    return _cached(stamp, tuple(root_files), tuple(crl_files), revocation_mode, allow_fetching)


@lru_cache(maxsize=16)
def _cached(stamp: tuple[tuple[str, int, int], ...], root_files: tuple[Path, ...],
            crl_files: tuple[Path, ...], revocation_mode: str,
            allow_fetching: bool) -> TrustStore:
    certs = _load_certs(list(root_files))
    crl_list = _load_crls(list(crl_files))
    h = hashlib.sha256(f"{revocation_mode}|{allow_fetching}".encode())
    for c in sorted(x.dump() for x in certs):
        h.update(b"cert" + c)
    for c in sorted(x.dump() for x in crl_list):
        h.update(b"crl" + c)
    return TrustStore(tuple(certs), tuple(crl_list), h.hexdigest()[:16], revocation_mode,
                      allow_fetching)
