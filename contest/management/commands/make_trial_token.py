"""``manage.py make_trial_token [--dir DIR]``: a SoftHSM2 token holding a signing key generated on
it and a development CA's certificate for it, to try the PKCS#11 path (a province's USB token)
without one. Needs Debian's ``softhsm2``. The user PIN comes from ``SIGNING_PKCS11_PIN`` or is
asked for (never on the command line, where ``ps`` would show it). Prints the environment to set.
"""

import getpass
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.management.commands.make_signing_cert import DEFAULT_NAME
from contest.signing import trial_token


class Command(BaseCommand):
    help = "Tạo token ký số thử nghiệm (SoftHSM2) có khóa sinh trên token và chứng thư của CA thử nghiệm."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help="Thư mục của token (mặc định: SIGNING_DEV_DIR/softhsm)")
        parser.add_argument("--name", default=DEFAULT_NAME, help="Tên người ký ghi trên chứng thư")

    def handle(self, *args, dir=None, name, **options):
        if trial_token.softhsm_module() is None:
            raise CommandError(_("Chưa cài SoftHSM2: sudo apt-get install softhsm2"))
        directory = (dir or settings.SIGNING_DEV_DIR / "softhsm").resolve()
        if (directory / "softhsm2.conf").exists():
            raise CommandError(_("Thư mục %(path)s đã có token; chọn thư mục khác.") % {"path": directory})
        pin = os.environ.get("SIGNING_PKCS11_PIN") or getpass.getpass(_("Mã PIN cho token mới: "))
        if len(pin) < 4:
            raise CommandError(_("Mã PIN cần ít nhất 4 ký tự."))
        directory.mkdir(parents=True, exist_ok=True)
        token = trial_token.make_trial_token(
            directory,
            pin=pin,
            so_pin=secrets.token_hex(8),  # the officer's PIN of a trial token is never needed again
            signer_name=name,
            organisation="Dân vận khéo",
            now=timezone.now(),
        )
        (directory / "ca.pem").write_bytes(token.ca_pem)
        (directory / "ca.crl").write_bytes(token.crl_pem)
        self.stdout.write(
            _("Đã tạo token “%(label)s” trong %(path)s. Đặt biến môi trường:")
            % {"label": token.token_label, "path": directory}
        )
        for line in (
            f"SOFTHSM2_CONF={token.conf}",
            "SIGNING_KEY_BACKEND=pkcs11",
            f"SIGNING_PKCS11_MODULE={token.module}",
            f"SIGNING_PKCS11_TOKEN_LABEL={token.token_label}",
            f"SIGNING_PKCS11_KEY_LABEL={token.key_label}",
            f"SIGNING_TRUST_ROOTS={directory / 'ca.pem'}",
            f"SIGNING_CRLS={directory / 'ca.crl'}",
        ):
            self.stdout.write(line)
