"""``manage.py make_signing_cert [--out FILE] [--name NAME] [--force]``: a development CA and a
signing certificate as one PKCS#12 file, for the tests and the demo.

Real keys, but from a CA nobody trusts: a PDF reader shows the signature intact and its signer
unknown, which is right for a demo. The passphrase comes from ``SIGNING_PKCS12_PASSPHRASE`` (the
same variable the signer reads), never from the command line, where ``ps`` would show it. The
CA's certificate is written beside the file (``ca.pem``) for readers and tests that trust it, and
its revocation list (``ca.crl``, revoking nothing) for signing at level B-LT.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.signing import devca

DEFAULT_NAME = "Ban Tổ chức Hội thi Dân vận khéo (thử nghiệm)"


class Command(BaseCommand):
    help = "Tạo CA thử nghiệm và chứng thư ký số (tệp PKCS#12) để thử ký số văn bản."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, help="Tệp PKCS#12 cần tạo (mặc định: thư mục SIGNING_DEV_DIR)")
        parser.add_argument("--name", default=DEFAULT_NAME, help="Tên người ký ghi trên chứng thư")
        parser.add_argument("--organisation", default="Dân vận khéo", help="Tên tổ chức ghi trên chứng thư")
        parser.add_argument("--force", action="store_true", help="Ghi đè tệp đã có")

    def handle(self, *args, out=None, name, organisation, force, **options):
        out = out or settings.SIGNING_DEV_DIR / "dev-signer.p12"
        ca_path = out.with_name("ca.pem")
        if out.exists() and not force:
            raise CommandError(_("Tệp %(path)s đã có; thêm --force để tạo lại.") % {"path": out})
        for value in (name, organisation):
            if not value.strip() or len(value.encode("utf-8")) > devca.MAX_NAME_BYTES:
                raise CommandError(_("Tên “%(name)s” phải có và không quá 64 byte.") % {"name": value})
        passphrase = settings.SIGNING_PKCS12_PASSPHRASE.encode("utf-8")
        bundle = devca.make_bundle(
            signer_name=name, organisation=organisation, passphrase=passphrase, now=timezone.now()
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        out.touch(mode=0o600)  # the private key is readable by its owner only
        out.chmod(0o600)
        out.write_bytes(bundle.pkcs12)
        ca_path.write_bytes(bundle.ca_pem)
        out.with_name("ca.crl").write_bytes(bundle.crl_pem)
        self.stdout.write(_("Đã tạo %(path)s (CA: %(ca)s).") % {"path": out, "ca": ca_path})
        self.stdout.write(_("Để ký số, đặt biến môi trường: SIGNING_PKCS12_PATH=%(path)s") % {"path": out.resolve()})
