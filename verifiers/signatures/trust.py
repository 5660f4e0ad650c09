"""The campaign's trust anchors and revocation data.

Vietnam has two separate hierarchies (the government specialized roots G1/G2 of Ban
Cơ yếu Chính phủ and the national root of the licensed public CAs). kiemchung ships
them, with the intermediates real documents do not embed, in ``verifiers/data/trust``
(trust preset ``vietnam``); a campaign adds roots of its own or says ``none``.
Shipped roots are anchors; shipped intermediates only help path building. Nothing
falls back to the operating system's TLS trust list: no roots and preset ``none``
means nothing is trusted.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from asn1crypto import crl as asn1_crl
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko_certvalidator import ValidationContext

from kiemchung.core.errors import ConfigError

CERT_SUFFIXES = {".pem", ".crt", ".cer", ".der"}
CRL_SUFFIXES = {".crl", ".pem", ".der"}
TRUST_DIR = Path(__file__).resolve().parent.parent / "data" / "trust"
PRESETS = ("vietnam", "none")


@dataclass(frozen=True)
class ListedCertificate:
    """One certificate of the shipped trust list, as its manifest describes it."""

    file: str
    role: str
    """``root`` (trust anchor) or ``intermediate`` (path building only)."""
    subject: str
    authority: str
    sha256: str
    cert: asn1_x509.Certificate


@lru_cache(maxsize=1)
def shipped_trust_list() -> tuple[ListedCertificate, ...]:
    """The Vietnamese roots and intermediates in ``verifiers/data/trust``, each checked
    against the fingerprint its manifest pins (a changed file is a ConfigError)."""
    manifest = tomllib.loads((TRUST_DIR / "manifest.toml").read_text(encoding="utf-8"))
    out: list[ListedCertificate] = []
    for entry in manifest["certificate"]:
        blocks = _der_blocks((TRUST_DIR / entry["file"]).read_bytes())
        if len(blocks) != 1 or hashlib.sha256(blocks[0]).hexdigest() != entry["sha256"]:
            raise ConfigError(f"Shipped trust list: {entry['file']} does not match the "
                              "fingerprint pinned in its manifest.")
        if entry["role"] not in ("root", "intermediate"):
            raise ConfigError(f"Shipped trust list: unknown role {entry['role']!r}.")
        out.append(ListedCertificate(entry["file"], entry["role"], entry["subject"],
                                     entry["authority"], entry["sha256"],
                                     asn1_x509.Certificate.load(blocks[0])))
    return tuple(out)


@dataclass(frozen=True)
class TrustStore:
    roots: tuple[asn1_x509.Certificate, ...]
    crls: tuple[asn1_crl.CertificateList, ...]
    fingerprint: str
    """Changes when any root or CRL changes: part of the verification cache key."""
    revocation_mode: str = "soft-fail"
    allow_fetching: bool = False
    intermediates: tuple[asn1_x509.Certificate, ...] = ()
    """Known CA certificates that are not anchors: offered for path building only."""
    preset: str = "none"
    """``vietnam`` when the shipped Vietnamese list is part of this store."""

    def validation_context(self, moment: datetime | None, *,
                           other_certs: Iterable[asn1_x509.Certificate] = (),
                           crls: Iterable[asn1_crl.CertificateList] = (),
                           ocsps: Iterable[object] = ()) -> ValidationContext:
        """A fresh context (they keep state) validating at ``moment`` (None: now).

        Every algorithm is accepted here: whether an algorithm was still acceptable at
        the signature's time is decided by ``verifiers.signatures.algorithms`` (with
        dates, as ETSI/DSS do), not refused outright by pyHanko's default policy."""
        from pyhanko_certvalidator.policy_decl import AcceptAllAlgorithms

        return ValidationContext(
            trust_roots=list(self.roots),
            other_certs=[*self.intermediates, *other_certs], moment=moment,
            crls=[*self.crls, *crls], ocsps=list(ocsps), allow_fetching=self.allow_fetching,
            revocation_mode=self.revocation_mode, retroactive_revinfo=True,
            algorithm_usage_policy=AcceptAllAlgorithms())

    def known_certs(self) -> tuple[asn1_x509.Certificate, ...]:
        """Anchors and known intermediates: where an issuer's name can be looked up."""
        return (*self.roots, *self.intermediates)


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
                     revocation_mode: str = "soft-fail", allow_fetching: bool = False,
                     preset: str = "none", intermediates: Sequence[Path] = ()) -> TrustStore:
    """``roots``: the campaign's anchors; ``preset="vietnam"`` adds the shipped
    Vietnamese roots (anchors) and intermediates (path building); ``intermediates``:
    more CA certificates for path building only."""
    if revocation_mode not in ("soft-fail", "hard-fail", "require"):
        raise ConfigError(f"Unknown revocation mode {revocation_mode!r}.")
    if preset not in PRESETS:
        raise ConfigError(f"Unknown trust preset {preset!r} (vietnam or none).")
    root_files = _files(roots, CERT_SUFFIXES)
    crl_files = _files(crls, CRL_SUFFIXES)
    mid_files = _files(intermediates, CERT_SUFFIXES)
    stamp = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size)
                  for f in root_files + crl_files + mid_files)
    return _cached(stamp, tuple(root_files), tuple(crl_files), tuple(mid_files),
                   revocation_mode, allow_fetching, preset)


@lru_cache(maxsize=16)
def _cached(stamp: tuple[tuple[str, int, int], ...], root_files: tuple[Path, ...],
            crl_files: tuple[Path, ...], mid_files: tuple[Path, ...], revocation_mode: str,
            allow_fetching: bool, preset: str) -> TrustStore:
    certs = _load_certs(list(root_files))
    mids = _load_certs(list(mid_files))
    if preset == "vietnam":
        listed = shipped_trust_list()
        certs += [c.cert for c in listed if c.role == "root"]
        mids += [c.cert for c in listed if c.role == "intermediate"]
    crl_list = _load_crls(list(crl_files))
    h = hashlib.sha256(f"{revocation_mode}|{allow_fetching}|preset={preset}".encode())
    for c in sorted({x.dump() for x in certs}):
        h.update(b"cert" + c)
    for c in sorted({x.dump() for x in mids}):
        h.update(b"mid" + c)
    for c in sorted(x.dump() for x in crl_list):
        h.update(b"crl" + c)
    return TrustStore(tuple(_unique(certs)), tuple(crl_list), h.hexdigest()[:16],
                      revocation_mode, allow_fetching, tuple(_unique(mids)), preset)


def _unique(certs: list[asn1_x509.Certificate]) -> list[asn1_x509.Certificate]:
    seen: set[bytes] = set()
    out = []
    for c in certs:
        if c.dump() not in seen:
            seen.add(c.dump())
            out.append(c)
    return out
