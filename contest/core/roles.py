"""Staff roles as Django groups, with the model permissions the Wagtail admin needs.

Run after every migrate (post_migrate) so that a fresh database, a test database and a flushed
one all have the groups. Idempotent: adds what is missing, never removes what an admin granted.
"""

from django.contrib.auth.models import Group, Permission

from contest.core.enums import StaffRole

ADMIN_ACCESS = [("wagtailadmin", "admin", "access_admin")]

SECRETARIAT_PERMS = ADMIN_ACCESS + [
    # Entries are only listed and reviewed (review.* rules); no model permission edits them.
    ("contest", "entry", "view_entry"),
    ("contest", "unit", "view_unit"),
    ("contest", "unit", "add_unit"),
    ("contest", "unit", "change_unit"),
    ("contest", "user", "view_user"),
    ("contest", "user", "add_user"),
    ("contest", "extension", "view_extension"),
    ("contest", "extension", "add_extension"),
    ("contest", "contest", "view_contest"),
    ("contest", "unitlevel", "view_unitlevel"),
    ("contest", "unittype", "view_unittype"),
    # The judging log is read-only for everyone (contest/backoffice/audit.py).
    ("contest", "auditrecord", "view_auditrecord"),
    # Rubrics are read by the secretariat (paper sheets, MCQ parts); only organisers change them.
    ("contest", "rubric", "view_rubric"),
    ("contest", "criterion", "view_criterion"),
    # The Hội thi day: the secretariat reads the programme and keeps the question bank.
    ("contest", "stageprogramme", "view_stageprogramme"),
    ("contest", "stagequestion", "view_stagequestion"),
    ("contest", "stagequestion", "add_stagequestion"),
    ("contest", "stagequestion", "change_stagequestion"),
]

ORGANISER_MODELS = [
    "contest",
    "round",
    "roundgroup",
    "field",
    "unit",
    "unitlevel",
    "unittype",
    "extension",
    "entry",
    "user",
    "rubric",
    "criterion",
    "stageprogramme",
    "stagequestion",
]
ORGANISER_PERMS = SECRETARIAT_PERMS + [
    ("contest", model, f"{action}_{model}")
    for model in ORGANISER_MODELS
    for action in ("add", "change", "delete", "view")
    if model != "entry" or action == "view"
]

ROLE_PERMS = {
    StaffRole.ORGANISER: ORGANISER_PERMS,
    StaffRole.SECRETARIAT: SECRETARIAT_PERMS,
    StaffRole.JUDGE: [],
}


def ensure_role_groups(**kwargs):
    for role, perms in ROLE_PERMS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = [
            Permission.objects.filter(content_type__app_label=app, content_type__model=model, codename=codename).first()
            for app, model, codename in perms
        ]
        group.permissions.add(*[p for p in wanted if p is not None])
