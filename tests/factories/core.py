"""Factories of the core domain: units, accounts, contests, fields, rounds."""

import datetime as dt

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from contest.core.enums import StaffRole
from contest.core.models import Contest, Field, Round, RoundGroup, Unit, UnitLevel, UnitType, User
from contest.core.services.contests import seed_default_fields

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


class UnitTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"loai-{n}")
    name = factory.Sequence(lambda n: f"Loại đơn vị {n}")


class UnitLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitLevel
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"cap-{n}")
    name = factory.Sequence(lambda n: f"Cấp {n}")


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field

    contest = factory.SubFactory(ContestFactory, with_fields=False)
    code = factory.Sequence(lambda n: f"linh-vuc-{n}")
    name = factory.Iterator(["Kinh tế", "Văn hóa – xã hội", "Quốc phòng – an ninh", "Xây dựng hệ thống chính trị"])


class RoundFactory(factory.django.DjangoModelFactory):
    """A bare round (no rubric); tests.factories.judging.make_round gives one with its rubric."""

    class Meta:
        model = Round

    contest = factory.SubFactory(ContestFactory)
    name = "Vòng chung khảo"
    # A contest may already have a round (seeded with the contest): take the next place.
    order = factory.LazyAttribute(lambda r: max(r.contest.rounds.values_list("order", flat=True), default=0) + 1)


class RoundGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundGroup

    round = factory.SubFactory(RoundFactory)
    name = factory.Sequence(lambda n: f"Cụm {n + 1}")
