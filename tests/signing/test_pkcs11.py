"""The PKCS#11 backend on a real SoftHSM2 token: the key made on the token signs there, the PIN is
checked, and what goes wrong says so in Vietnamese."""

import pytest

from contest.signing import signers, validation
from contest.signing.errors import PinIncorrect, PinRequired, SigningUnavailable
from tests.signing.keys import one_byte_changed, pdfsig, small_pdf
from tests.signing.token import PIN, SIGNER, use_token


@pytest.fixture
def token(softhsm_token, settings):
    use_token(settings, softhsm_token)
    yield softhsm_token
    signers.release_token()


def test_a_pdf_signed_on_the_token_is_intact_trusted_and_names_its_signer(token):
    signer = signers.configured_signer(pin=PIN)
    first, second = signer.sign(small_pdf()), signer.sign(small_pdf())
    for signed in (first, second):
        (report,) = validation.signatures(signed, trust_roots_pem=(token.ca_pem,))
        assert report.intact and report.valid and report.trusted and report.covers_whole_file
        assert SIGNER in report.signer_subject
    (altered,) = validation.signatures(one_byte_changed(second, b"/Title ("), trust_roots_pem=(token.ca_pem,))
    assert not altered.intact


def test_poppler_reads_the_token_signature_valid(token, tmp_path):
    report = pdfsig(signers.configured_signer(pin=PIN).sign(small_pdf()), tmp_path)
    if report is None:
        pytest.skip("poppler-utils (pdfsig) is not installed")
    assert "Signature is Valid" in report


def test_the_private_key_cannot_leave_the_token(token):
    import pkcs11
    from pkcs11 import Attribute, ObjectClass

    session = pkcs11.lib(token.module).get_token(token_label=token.token_label).open(user_pin=PIN)
    try:
        key = session.get_key(object_class=ObjectClass.PRIVATE_KEY, label=token.key_label)
        assert key[Attribute.SENSITIVE] is True and key[Attribute.EXTRACTABLE] is False
        with pytest.raises(pkcs11.exceptions.PKCS11Error):
            key[Attribute.VALUE]  # noqa: B018
    finally:
        session.close()


def test_a_wrong_pin_is_refused_even_after_a_right_one(token):
    signers.configured_signer(pin=PIN).sign(small_pdf())
    # The process is logged in already: the kept session must not let a wrong PIN through.
    with pytest.raises(PinIncorrect, match="Mã PIN của thiết bị ký số không đúng"):
        signers.configured_signer(pin="000000")


def test_without_a_pin_the_organiser_is_asked_for_one(token, settings):
    assert signers.needs_pin()
    with pytest.raises(PinRequired, match="Cần nhập mã PIN"):
        signers.configured_signer()
    settings.SIGNING_PKCS11_PIN = PIN
    assert not signers.needs_pin()
    (report,) = validation.signatures(signers.sign_if_configured(small_pdf()), trust_roots_pem=(token.ca_pem,))
    assert report.trusted


def test_an_absent_token_is_named(token, settings):
    settings.SIGNING_PKCS11_TOKEN_LABEL = "TOKEN-KHONG-CO"
    with pytest.raises(SigningUnavailable, match="Không tìm thấy thiết bị ký số “TOKEN-KHONG-CO”"):
        signers.configured_signer(pin=PIN)


def test_a_missing_key_is_named(token, settings):
    settings.SIGNING_PKCS11_KEY_LABEL = "khoa-khac"
    with pytest.raises(SigningUnavailable, match="Không tìm thấy khóa “khoa-khac”"):
        signers.configured_signer(pin=PIN)


def test_a_missing_module_is_named(token, settings, tmp_path):
    settings.SIGNING_PKCS11_MODULE = str(tmp_path / "libkhongco.so")
    with pytest.raises(SigningUnavailable, match="Không nạp được thư viện PKCS#11"):
        signers.configured_signer(pin=PIN)


def test_make_trial_token_prints_a_configuration_that_signs(tmp_path):
    """The trial command, in its own process (SoftHSM reads its configuration once per process)."""
    import os
    import subprocess
    import sys

    from tests.processes import ROOT

    if __import__("contest.signing.trial_token", fromlist=["x"]).softhsm_module() is None:
        pytest.skip("softhsm2 is not installed")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "SIGNING_PKCS11_PIN": PIN}
    env.pop("SOFTHSM2_CONF", None)
    made = subprocess.run(
        [sys.executable, "manage.py", "make_trial_token", "--dir", str(tmp_path / "token")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    settings_lines = dict(line.split("=", 1) for line in made.stdout.splitlines() if "=" in line)
    assert settings_lines["SIGNING_KEY_BACKEND"] == "pkcs11"
    script = (
        "import django; django.setup()\n"
        "from contest.signing import signers, validation\n"
        "from tests.signing.keys import small_pdf\n"
        "signed = signers.configured_signer().sign(small_pdf())\n"
        "roots = (open(__import__('os').environ['SIGNING_TRUST_ROOTS'], 'rb').read(),)\n"
        "(report,) = validation.signatures(signed, trust_roots_pem=roots)\n"
        "print('OK' if report.trusted and report.intact else 'BAD')\n"
    )
    used = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env={**env, **settings_lines}, capture_output=True, text=True
    )
    assert used.stdout.strip().endswith("OK"), used.stderr[-2000:]
