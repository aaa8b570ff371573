"""One SoftHSM2 token per test process (SoftHSM reads its configuration once per process)."""

import datetime as dt

import pytest

from contest.signing import trial_token

PIN = "246810"
SO_PIN = "13579135"
SIGNER = "Ban Tổ chức (token thử nghiệm)"


@pytest.fixture(scope="session")
def softhsm_token(tmp_path_factory):
    if trial_token.softhsm_module() is None:
        pytest.skip("softhsm2 is not installed (scripts/bootstrap.sh test installs it)")
    return trial_token.make_trial_token(
        tmp_path_factory.mktemp("softhsm"),
        pin=PIN,
        so_pin=SO_PIN,
        signer_name=SIGNER,
        organisation="Dân vận khéo",
        now=dt.datetime.now(dt.UTC),
    )


def use_token(settings, token, *, pin: str = "") -> None:
    """Configure the PKCS#11 backend on ``token``; ``pin`` in the environment (else per batch)."""
    settings.SIGNING_KEY_BACKEND = "pkcs11"
    settings.SIGNING_PKCS11_MODULE = token.module
    settings.SIGNING_PKCS11_TOKEN_LABEL = token.token_label
    settings.SIGNING_PKCS11_SLOT = ""
    settings.SIGNING_PKCS11_KEY_LABEL = token.key_label
    settings.SIGNING_PKCS11_CERT_LABEL = ""
    settings.SIGNING_PKCS11_PIN = pin
