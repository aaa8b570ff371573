"""Factories of the dossiers domain: entries and what they hold."""

import datetime as dt
import hashlib

import factory
from django.utils import timezone

from contest.core.models import Field
from contest.dossiers.enums import AttachmentKind, EntryAction, EntryKind
from contest.dossiers.models import Attachment, Entry, EntryEvent, EntryIndicator, Extension, TeamMember
from tests.factories.core import ContestFactory, UnitFactory

PDF_BYTES = b"%PDF-1.4\n% Bao cao mo hinh (kiem thu)\n%%EOF\n"


class EntryFactory(factory.django.DjangoModelFactory):
    """A complete model dossier (attachments are added by tests that need them)."""

    class Meta:
        model = Entry

    contest = factory.SubFactory(ContestFactory)
    unit = factory.SubFactory(UnitFactory)
    kind = EntryKind.MODEL
    field = factory.LazyAttribute(lambda e: Field.objects.filter(contest=e.contest).first())
    title = factory.Iterator(
        [
            "Tổ liên gia an toàn – Zalo kết nối bình yên",
            "Vận động Nhân dân hiến đất mở rộng đường kiệt",
            "Ngân hàng bò giống giúp hội viên thoát nghèo",
            "Bữa cơm nghĩa tình thứ Sáu",
        ]
    )
    situation = "Địa bàn có nhiều hộ nghèo, đường kiệt hẹp, tình hình an ninh phức tạp."
    goals = "100% hộ dân tham gia; giảm 50% vụ việc mất trật tự trong 12 tháng."
    content_methods = "Cấp ủy lãnh đạo, Mặt trận và các đoàn thể vận động; dân biết, dân bàn, dân làm."
    scope_beneficiaries = "245 hộ dân của 3 tổ dân phố."
    forces = "Chủ trì: Đảng ủy phường; phối hợp: UBMTTQ, Công an phường; tham gia: Nhân dân."
    resources = "Kinh phí 120.000.000 đồng, 1.500 ngày công, xã hội hóa 80%."
    started_on = dt.date(2024, 3, 1)
    outputs = "Hiến 1.250 m² đất; làm mới 2,3 km đường bê tông."
    sustainability = "Đã nhân rộng ra 4 tổ dân phố khác."


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    entry = factory.SubFactory(EntryFactory)
    full_name = factory.Iterator(["Nguyễn Thị Hoa", "Trần Văn Nam", "Lê Thị Lan"])


class AttachmentFactory(factory.django.DjangoModelFactory):
    """A stored PDF report (the bytes are real, the checks of contest/dossiers/uploads are not run:
    tests of uploads go through the services)."""

    class Meta:
        model = Attachment

    entry = factory.SubFactory(EntryFactory)
    kind = AttachmentKind.REPORT
    file = factory.django.FileField(filename="bao-cao.pdf", data=PDF_BYTES)
    original_name = "Báo cáo mô hình.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    sha256 = hashlib.sha256(PDF_BYTES).hexdigest()


class EntryEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntryEvent

    entry = factory.SubFactory(EntryFactory)
    action = EntryAction.CREATED


class ExtensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Extension

    contest = factory.SubFactory(ContestFactory)
    unit = factory.SubFactory(UnitFactory)
    until = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    reason = "Đơn vị bị ảnh hưởng bởi bão, đề nghị gia hạn."


class EntryIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntryIndicator

    entry = factory.SubFactory(EntryFactory)
    name = "Số hộ tham gia"
    after = "245"
