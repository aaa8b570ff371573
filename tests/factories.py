"""Factories for test data: realistic Vietnamese names from DOMAIN.md §11."""

import datetime as dt

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from contest.core.enums import StaffRole
from contest.core.models import Contest, Field, Unit, UnitLevel, UnitType, User
from contest.core.services.contests import seed_default_fields
from contest.dossiers.enums import EntryKind
from contest.dossiers.models import Entry

PASSWORD = "mat-khau-thu-nghiem-2026"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"dv-{n:04d}")
    name = factory.Iterator(
        [
            "Đảng ủy phường Thanh Khê",
            "Ủy ban nhân dân xã Hòa Vang",
            "Chi bộ Tổ dân phố 12 phường Hải Châu",
            "Ủy ban MTTQ Việt Nam phường Sơn Trà",
            "Công an tỉnh Quảng Trị",
            "Hội Liên hiệp Phụ nữ xã Ea Kar",
        ]
    )
    # get_or_create: transactional (browser) tests flush the rows the data migration made.
    unit_type = factory.LazyFunction(
        lambda: UnitType.objects.get_or_create(code="dang-uy", defaults={"name": "Đảng ủy, chi bộ"})[0]
    )
    level = factory.LazyFunction(
        lambda: UnitLevel.objects.get_or_create(code="xa", defaults={"name": "Xã, phường, đặc khu"})[0]
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Iterator(["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Thu Dung"])
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            self.groups.add(Group.objects.get(name=StaffRole(role).value))
        self.save()


class ContestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contest
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Bình xét mô hình Dân vận khéo tiêu biểu năm 2026 ({n})")
    slug = factory.Sequence(lambda n: f"binh-xet-2026-{n}")
    year = 2026
    organiser_body = "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    document_format = "party"  # the format follows the issuer: a Party body
    registration_opens = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=30))
    submission_deadline = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    min_running_months = 12

    @factory.post_generation
    def with_fields(self, create, extracted, **kwargs):
        if create and extracted is not False:
            seed_default_fields(contest=self)


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
