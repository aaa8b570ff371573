"""A development certificate authority and a signing certificate issued by it, as one PKCS#12
file: real keys for the tests and the demo, never a licensed CA's. Pure: no Django.

The chain is CA → signer, as with the licensed CAs whose tokens provinces use, so that validating
a signature exercises a real path (the CA is the trust root, the signer is not self-signed).
"""

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_NAME = "CA thử nghiệm Dân vận khéo"
# Said on every certificate of the chain, so that nobody mistakes a demo signature for a real one.
NOT_LEGAL = "Không có giá trị pháp lý"
# X.520 caps a name attribute at 64 characters; cryptography counts UTF-8 bytes.
MAX_NAME_BYTES = 64
# Document signing (id-kp-documentSigning, RFC 9336): what Adobe and poppler look for on a signer.
DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")
# Where the CA says its revocation list is, as a licensed CA's certificates do: a validator then
# requires that list (B-LT signing embeds it from the file make_signing_cert writes). The .invalid
# domain never resolves: nothing is ever fetched from it.
CRL_URL = "http://ca-thu-nghiem.invalid/ca.crl"


@dataclass(frozen=True)
class DevelopmentBundle:
    pkcs12: bytes
    ca_pem: bytes
    signer_pem: bytes
    crl_pem: bytes


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, NOT_LEGAL),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key_ids(builder: x509.CertificateBuilder, public_key, issuer_public_key) -> x509.CertificateBuilder:
    return builder.add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False).add_extension(
        x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_public_key), critical=False
    )


def _ca_certificate(ca_key, ca_subject: x509.Name, now: dt.datetime, not_after: dt.datetime) -> x509.Certificate:
    ca_builder = (
        x509.CertificateBuilder()
        .subject_name(ca_subject)
        .issuer_name(ca_subject)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    return _key_ids(ca_builder, ca_key.public_key(), ca_key.public_key()).sign(ca_key, hashes.SHA256())


def _leaf_certificate(
    public_key,
    subject: x509.Name,
    ca_key,
    ca_subject: x509.Name,
    now: dt.datetime,
    not_after: dt.datetime,
    usages: list[x509.ObjectIdentifier],
    *,
    usages_critical: bool = False,
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage(usages), critical=usages_critical)
        .add_extension(
            x509.CRLDistributionPoints(
                [x509.DistributionPoint([x509.UniformResourceIdentifier(CRL_URL)], None, None, None)]
            ),
            critical=False,
        )
    )
    return _key_ids(builder, public_key, ca_key.public_key()).sign(ca_key, hashes.SHA256())


def _empty_crl(ca_key, ca_cert: x509.Certificate, now: dt.datetime, not_after: dt.datetime) -> bytes:
    """The CA's revocation list, revoking nothing, valid until the certificates expire: what B-LT
    signing embeds to show the signer's certificate was not revoked (a real CA publishes one every
    few days; a development CA that issues nothing more can publish one for good)."""
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca_cert.subject)
        .last_update(now - dt.timedelta(minutes=5))
        .next_update(not_after)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .add_extension(x509.CRLNumber(1), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return crl.public_bytes(serialization.Encoding.PEM)


@dataclass(frozen=True)
class DevelopmentChain:
    ca_pem: bytes
    signer_pem: bytes
    crl_pem: bytes


def issue_chain(
    public_key,
    *,
    signer_name: str,
    organisation: str,
    now: dt.datetime,
    days: int = 3650,
    usages: tuple[x509.ObjectIdentifier, ...] = (DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION),
    usages_critical: bool = False,
) -> DevelopmentChain:
    """A new CA, a certificate it issues for ``public_key`` (a key made elsewhere, e.g. on a token,
    that never comes here) and its revocation list. The CA's key is thrown away."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_subject = _name(CA_NAME, organisation)
    not_after = now + dt.timedelta(days=days)
    ca_cert = _ca_certificate(ca_key, ca_subject, now, not_after)
    subject = _name(signer_name, organisation)
    signer_cert = _leaf_certificate(
        public_key, subject, ca_key, ca_subject, now, not_after, list(usages), usages_critical=usages_critical
    )
    return DevelopmentChain(
        ca_pem=ca_cert.public_bytes(serialization.Encoding.PEM),
        signer_pem=signer_cert.public_bytes(serialization.Encoding.PEM),
        crl_pem=_empty_crl(ca_key, ca_cert, now, not_after),
    )


def make_bundle(
    *, signer_name: str, organisation: str, passphrase: bytes, now: dt.datetime, days: int = 3650
) -> DevelopmentBundle:
    """A new CA and a signer certificate (P-256 keys, SHA-256), valid from ``now`` for ``days``."""
    signer_key = ec.generate_private_key(ec.SECP256R1())
    chain = issue_chain(signer_key.public_key(), signer_name=signer_name, organisation=organisation, now=now, days=days)
    encryption = serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    bundle = pkcs12.serialize_key_and_certificates(
        name=signer_name.encode("utf-8"),
        key=signer_key,
        cert=x509.load_pem_x509_certificate(chain.signer_pem),
        cas=[x509.load_pem_x509_certificate(chain.ca_pem)],
        encryption_algorithm=encryption,
    )
    return DevelopmentBundle(pkcs12=bundle, ca_pem=chain.ca_pem, signer_pem=chain.signer_pem, crl_pem=chain.crl_pem)
