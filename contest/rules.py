"""Who may do what: one place, used by views, templates and the Wagtail admin.

Predicates are small and combined per permission. Object-level permission names are prefixed so
that they never collide with Django's model permissions (``contest.view_entry`` …), which the
Wagtail admin uses for whole-model access.
"""

import rules

from contest.enums import StaffRole


@rules.predicate
def is_organiser(user):
    return user.is_authenticated and user.is_active and (user.is_superuser or user.has_role(StaffRole.ORGANISER))


@rules.predicate
def is_secretariat(user):
    return user.is_authenticated and user.is_active and user.has_role(StaffRole.SECRETARIAT)


is_contest_staff = is_organiser | is_secretariat


@rules.predicate
def is_judge(user):
    return user.is_authenticated and user.is_active and user.has_role(StaffRole.JUDGE)


@rules.predicate
def is_unit_representative(user):
    """A person acting for a unit. Organisers, secretariat and judges belong to units too (for
    conflicts of interest) but may never enter: DOMAIN.md §3."""
    return (
        user.is_authenticated
        and user.is_active
        and user.unit_id is not None
        and not user.is_superuser
        and not any(user.has_role(role) for role in StaffRole)
    )


@rules.predicate
def is_unit_member(user, entry):
    return entry is not None and is_unit_representative(user) and user.unit_id == entry.unit_id


@rules.predicate
def is_member_of_attachment_unit(user, attachment):
    return attachment is not None and is_unit_member(user, attachment.entry)


# The unit portal.
rules.add_perm("portal.use", is_unit_representative)
rules.add_perm("portal.open_entry", is_unit_member | is_contest_staff)
rules.add_perm("portal.edit_dossier", is_unit_member)

# Files: the entry's unit and the contest staff (assigned judges join in the judging issue).
rules.add_perm("files.download_attachment", is_member_of_attachment_unit | is_contest_staff)

# Secretariat work.
rules.add_perm("review.review_entry", is_contest_staff)
rules.add_perm("review.grant_extension", is_contest_staff)
rules.add_perm("review.import_units", is_contest_staff)
rules.add_perm("review.manage_contests", is_organiser)
