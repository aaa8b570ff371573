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


@dataclass(frozen=True)
class DevelopmentBundle:
    pkcs12: bytes
    ca_pem: bytes
    signer_pem: bytes


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, NOT_LEGAL),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key_ids(builder: x509.CertificateBuilder, key, issuer_key) -> x509.CertificateBuilder:
    return builder.add_extension(
        x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
    ).add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)


def make_bundle(
    *, signer_name: str, organisation: str, passphrase: bytes, now: dt.datetime, days: int = 3650
) -> DevelopmentBundle:
    """A new CA and a signer certificate (P-256 keys, SHA-256), valid from ``now`` for ``days``."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    signer_key = ec.generate_private_key(ec.SECP256R1())
    ca_subject = _name(CA_NAME, organisation)
    not_after = now + dt.timedelta(days=days)
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
    ca_cert = _key_ids(ca_builder, ca_key, ca_key).sign(ca_key, hashes.SHA256())
    signer_builder = (
        x509.CertificateBuilder()
        .subject_name(_name(signer_name, organisation))
        .issuer_name(ca_subject)
        .public_key(signer_key.public_key())
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
        .add_extension(x509.ExtendedKeyUsage([DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
    )
    signer_cert = _key_ids(signer_builder, signer_key, ca_key).sign(ca_key, hashes.SHA256())
    encryption = serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    bundle = pkcs12.serialize_key_and_certificates(
        name=signer_name.encode("utf-8"),
        key=signer_key,
        cert=signer_cert,
        cas=[ca_cert],
        encryption_algorithm=encryption,
    )
    return DevelopmentBundle(
        pkcs12=bundle,
        ca_pem=ca_cert.public_bytes(serialization.Encoding.PEM),
        signer_pem=signer_cert.public_bytes(serialization.Encoding.PEM),
    )
