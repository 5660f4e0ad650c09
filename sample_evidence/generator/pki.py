"""A test PKI that mirrors Vietnam's two trust anchors. TEST ONLY: every key here
is published in this repository and must never be trusted outside tests.

    Root CA chuyên dùng Chính phủ (TEST)              ← government specialized root
      └─ CA phục vụ các cơ quan Nhà nước (TEST)       ← issues org + personal certs
    Vietnam National Root CA (TEST)                   ← national root (public CAs)
      └─ VNPT-CA (TEST)                               ← a public CA
    Rogue Root CA (TEST, KHÔNG TIN CẬY)               ← not in any trust store
      └─ Rogue CA (TEST, KHÔNG TIN CẬY)

Keys are RSA-2048, created once and kept in ``pki/keys`` so that certificates,
CRLs and signatures come out byte-identical on every rebuild.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

UID_OID = x509.ObjectIdentifier("0.9.2342.19200300.100.1.1")


def utc(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


@dataclass
class Issued:
    name: str
    """File stem under pki/."""
    key: rsa.RSAPrivateKey
    cert: x509.Certificate
    issuer: Issued | None = None

    def chain(self) -> list[x509.Certificate]:
        """Intermediates above this certificate (not the root)."""
        out: list[x509.Certificate] = []
        node = self.issuer
        while node is not None and node.issuer is not None:
            out.append(node.cert)
            node = node.issuer
        return out


@dataclass
class Pki:
    folder: Path
    serial: int = 0x1000
    issued: dict[str, Issued] = field(default_factory=dict)
    revoked: list[tuple[Issued, datetime]] = field(default_factory=list)

    def _key(self, name: str) -> rsa.RSAPrivateKey:
        path = self.folder / "keys" / f"{name}.TEST-ONLY.key.pem"
        if path.exists():
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
            assert isinstance(key, rsa.RSAPrivateKey)
            return key
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
        return key

    def _next_serial(self) -> int:
        self.serial += 1
        return self.serial

    def root(self, name: str, cn: str, org: str, start: datetime, end: datetime) -> Issued:
        key = self._key(name)
        subject = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                             x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                             x509.NameAttribute(NameOID.COMMON_NAME, cn)])
        cert = self._build(subject, subject, key.public_key(), key, start, end, ca=True, path_len=1,
                           aki_key=key.public_key())
        issued = Issued(name, key, cert)
        self.issued[name] = issued
        return issued

    def ca(self, name: str, cn: str, org: str, parent: Issued, start: datetime,
           end: datetime) -> Issued:
        key = self._key(name)
        subject = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                             x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                             x509.NameAttribute(NameOID.COMMON_NAME, cn)])
        cert = self._build(subject, parent.cert.subject, key.public_key(), parent.key, start, end,
                           ca=True, path_len=0, aki_key=parent.key.public_key())
        issued = Issued(name, key, cert, parent)
        self.issued[name] = issued
        return issued

    def leaf(self, name: str, parent: Issued, cn: str, uid: str, start: datetime, end: datetime,
             *, org: str = "", title: str = "", locality: str = "Hải Hà",
             province: str = "Quảng Ninh") -> Issued:
        key = self._key(name)
        attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                 x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, province),
                 x509.NameAttribute(NameOID.LOCALITY_NAME, locality)]
        if org:
            attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
        if title:
            attrs.append(x509.NameAttribute(NameOID.TITLE, title))
        attrs += [x509.NameAttribute(NameOID.COMMON_NAME, cn), x509.NameAttribute(UID_OID, uid)]
        cert = self._build(x509.Name(attrs), parent.cert.subject, key.public_key(), parent.key,
                           start, end, ca=False, aki_key=parent.key.public_key(),
                           crl_url=f"http://crl.example.test/{parent.name}.crl")
        issued = Issued(name, key, cert, parent)
        self.issued[name] = issued
        return issued

    def revoke(self, who: Issued, when: datetime) -> None:
        self.revoked.append((who, when))

    def _build(self, subject: x509.Name, issuer: x509.Name, public_key: rsa.RSAPublicKey,
               signing_key: rsa.RSAPrivateKey, start: datetime, end: datetime, *, ca: bool,
               aki_key: rsa.RSAPublicKey, path_len: int | None = None,
               crl_url: str | None = None) -> x509.Certificate:
        b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
             .public_key(public_key).serial_number(self._next_serial())
             .not_valid_before(start).not_valid_after(end)
             .add_extension(x509.BasicConstraints(ca=ca, path_length=path_len if ca else None),
                            critical=True)
             .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
             .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(aki_key),
                            critical=False))
        if crl_url:
            b = b.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                [x509.UniformResourceIdentifier(crl_url)], None, None, None)]), critical=False)
        if ca:
            b = b.add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False), critical=True)
        else:
            b = b.add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                encipher_only=False, decipher_only=False), critical=True)
            b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION,
                                                       ExtendedKeyUsageOID.CLIENT_AUTH]),
                                critical=False)
        return b.sign(signing_key, hashes.SHA256())

    def crl(self, ca: Issued, this_update: datetime,
            next_update: datetime) -> x509.CertificateRevocationList:
        b = (x509.CertificateRevocationListBuilder().issuer_name(ca.cert.subject)
             .last_update(this_update).next_update(next_update)
             .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                 ca.key.public_key()), critical=False)
             .add_extension(x509.CRLNumber(1), critical=False))
        for who, when in self.revoked:
            if who.issuer is ca:
                b = b.add_revoked_certificate(
                    x509.RevokedCertificateBuilder().serial_number(who.cert.serial_number)
                    .revocation_date(when)
                    .add_extension(x509.CRLReason(x509.ReasonFlags.key_compromise),
                                   critical=False).build())
        return b.sign(ca.key, hashes.SHA256())

    def write_cert(self, who: Issued, sub: str) -> Path:
        path = self.folder / sub / f"{who.name}.pem"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(who.cert.public_bytes(serialization.Encoding.PEM))
        return path

    def key_path(self, who: Issued) -> Path:
        return self.folder / "keys" / f"{who.name}.TEST-ONLY.key.pem"
