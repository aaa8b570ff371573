"""A SoftHSM2 token for trials and tests: the PKCS#11 path exercised for real, as with a province's
USB token, without buying one.

The key pair is generated on the token (sensitive, not extractable: it never leaves it, as on a
licensed CA's token), then a development CA (devca.py) issues its certificate, which is stored on the
token beside the CA's, as a CA does when it hands over a token. SoftHSM2 keeps its tokens in the
folder named by the configuration file that ``SOFTHSM2_CONF`` points to; this module writes both
under ``directory`` and sets ``SOFTHSM2_CONF`` for this process (SoftHSM reads it once, when the
module is first loaded).
"""

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from contest.signing import devca

# Where Debian's softhsm2 package puts the module (the first is the multiarch path).
SOFTHSM_MODULES = ("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", "/usr/lib/softhsm/libsofthsm2.so")


@dataclass(frozen=True)
class TrialToken:
    conf: Path
    module: str
    token_label: str
    key_label: str
    ca_pem: bytes
    signer_pem: bytes
    crl_pem: bytes


def softhsm_module() -> str | None:
    """The SoftHSM2 module's path, or None when softhsm2 is not installed."""
    if shutil.which("softhsm2-util") is None:
        return None
    return next((path for path in SOFTHSM_MODULES if Path(path).exists()), None)


def make_trial_token(
    directory: Path,
    *,
    pin: str,
    so_pin: str,
    signer_name: str,
    organisation: str,
    now: dt.datetime,
    token_label: str = "DVK-THU-NGHIEM",  # noqa: S107  (a label, not a secret)
    key_label: str = "ky-so",
    days: int = 3650,
) -> TrialToken:
    # Loaded only when signing: pyHanko, cryptography and PKCS#11 cost every process otherwise.
    import pkcs11
    from cryptography.hazmat.primitives import serialization
    from cryptography.x509 import load_pem_x509_certificate
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass
    from pkcs11.util.ec import encode_ec_public_key, encode_named_curve_parameters

    module = softhsm_module()
    if module is None:
        raise RuntimeError("softhsm2 is not installed (apt-get install softhsm2)")
    tokens = directory / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = directory / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    # Initialising a token is the one thing python-pkcs11 cannot do; the PINs are a trial token's.
    executable = shutil.which("softhsm2-util") or "softhsm2-util"
    subprocess.run(  # noqa: S603  (our own arguments, no shell)
        [executable, "--init-token", "--free", "--label", token_label, "--pin", pin, "--so-pin", so_pin],
        check=True,
        capture_output=True,
        env={**os.environ, "SOFTHSM2_CONF": str(conf)},
    )
    lib = pkcs11.lib(module)
    lib.reinitialize()  # a module loaded before this token existed would not list it
    token = lib.get_token(token_label=token_label)
    with token.open(rw=True, user_pin=pin) as session:
        parameters = session.create_domain_parameters(
            KeyType.EC, {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")}, local=True
        )
        public, _private = parameters.generate_keypair(
            store=True,
            label=key_label,
            id=b"\x01",
            private_template={Attribute.SENSITIVE: True, Attribute.EXTRACTABLE: False},
        )
        public_key = serialization.load_der_public_key(encode_ec_public_key(public))
        chain = devca.issue_chain(public_key, signer_name=signer_name, organisation=organisation, now=now, days=days)
        for label, pem, object_id in ((key_label, chain.signer_pem, b"\x01"), ("CA", chain.ca_pem, b"\x02")):
            certificate = load_pem_x509_certificate(pem)
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.LABEL: label,
                    Attribute.ID: object_id,
                    Attribute.SUBJECT: certificate.subject.public_bytes(),
                    Attribute.VALUE: certificate.public_bytes(serialization.Encoding.DER),
                }
            )
    return TrialToken(
        conf=conf,
        module=module,
        token_label=token_label,
        key_label=key_label,
        ca_pem=chain.ca_pem,
        signer_pem=chain.signer_pem,
        crl_pem=chain.crl_pem,
    )
