"""Personas and shared fixtures: an organiser, the secretariat, a unit, another unit, the public."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import files
from tests.factories import PASSWORD, ContestFactory, EntryFactory, UnitFactory, UserFactory
from tests.s3 import s3, s3_buckets, s3_server  # noqa: F401 - a real S3-compatible server and fresh buckets
from tests.testdb import django_db_setup  # noqa: F401 - the test database, copied from a migrated template


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in Vietnamese. LocaleMiddleware activates a request's language in the
    test's own thread and never resets it, so one test that asks for English would otherwise turn
    every later service message English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


_PDF_LAYOUT = {"allowed": True}


def pytest_collection_finish(session):
    """When the run holds `pdf` tests, a test without the marker that lays out a PDF fails (mark
    it): `make test-fast` (``-m "not browser and not pdf"``) must really leave out WeasyPrint.
    pytest.fail raises an outcome that no ``except Exception`` in the code under test swallows."""
    if not any(item.get_closest_marker("pdf") for item in session.items):
        return
    import weasyprint

    render = weasyprint.HTML.render

    def guarded(self, *args, **kwargs):
        if not _PDF_LAYOUT["allowed"]:
            pytest.fail("This test lays out a PDF with WeasyPrint: mark it @pytest.mark.pdf.")
        return render(self, *args, **kwargs)

    weasyprint.HTML.render = guarded


@pytest.fixture(autouse=True)
def pdf_marker(request):
    # A browser journey may print too: `make test-fast` leaves those out already.
    node = request.node
    _PDF_LAYOUT["allowed"] = any(node.get_closest_marker(name) for name in ("pdf", "browser"))
    yield
    _PDF_LAYOUT["allowed"] = True


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def contest(db):
    return ContestFactory()


@pytest.fixture
def unit(db):
    return UnitFactory(name="Đảng ủy phường Thanh Khê")


@pytest.fixture
def other_unit(db):
    return UnitFactory(name="Ủy ban nhân dân xã Hòa Vang")


@pytest.fixture
def unit_user(unit):
    return UserFactory(username="thanhkhe", full_name="Nguyễn Văn An", unit=unit)


@pytest.fixture
def other_unit_user(other_unit):
    return UserFactory(username="hoavang", full_name="Trần Thị Bình", unit=other_unit)


@pytest.fixture
def organiser(db):
    return UserFactory(username="btc", full_name="Lê Minh Châu", roles=["organiser"])


@pytest.fixture
def secretariat(db):
    return UserFactory(username="thuky", full_name="Phạm Thu Dung", roles=["secretariat"])


@pytest.fixture
def entry(contest, unit, unit_user):
    return EntryFactory(contest=contest, unit=unit, created_by=unit_user)


@pytest.fixture
def pdf_upload():
    return SimpleUploadedFile("bao-cao.pdf", files.pdf_bytes(pages=2), content_type="application/pdf")


@pytest.fixture
def jpeg_upload():
    return SimpleUploadedFile("anh.jpg", files.jpeg_bytes(), content_type="image/jpeg")


@pytest.fixture
def complete_entry(entry, pdf_upload, unit_user):
    """A dossier with everything it needs to be submitted."""
    from contest.dossiers.services.attachments import add_attachment

    add_attachment(entry=entry, kind="report", uploaded_file=pdf_upload, caption="", by=unit_user)
    endorsement = files.upload("xac-nhan.pdf", files.pdf_bytes(pages=1), "application/pdf")
    add_attachment(entry=entry, kind="endorsement", uploaded_file=endorsement, caption="", by=unit_user)
    return entry
