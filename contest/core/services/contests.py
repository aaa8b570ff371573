"""Setting up a contest."""

from django.db import transaction

from contest.core.models import Contest, Field, Round

# The canonical four fields (DOMAIN.md §5); organisers add or rename per contest.
DEFAULT_FIELDS = [
    ("kinh-te", "Kinh tế"),
    ("van-hoa-xa-hoi", "Văn hóa – xã hội"),
    ("quoc-phong-an-ninh", "Quốc phòng – an ninh"),
    ("xay-dung-he-thong-chinh-tri", "Xây dựng hệ thống chính trị"),
]


def seed_default_fields(*, contest: Contest) -> None:
    """Give a contest the canonical fields and a single round if it has none yet (idempotent)."""
    with transaction.atomic():
        if not contest.fields.exists():
            Field.objects.bulk_create(
                Field(contest=contest, code=code, name=name, order=i) for i, (code, name) in enumerate(DEFAULT_FIELDS)
            )
        if not contest.rounds.exists():
            Round.objects.create(contest=contest, name="Vòng chấm", order=1)
