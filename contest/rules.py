"""Who may do what: one place, used by views, templates and the Wagtail admin.

Predicates are small and combined per permission. Object-level permission names are prefixed so
that they never collide with Django's model permissions (``contest.view_entry`` …), which the
Wagtail admin uses for whole-model access.
"""

import rules

from contest.core.enums import StaffRole
from contest.judging.conflicts import is_conflicted as conflicts_with
from contest.judging.models import Assignment, JuryMembership


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


def _unconflicted(user, assignments):
    return any(not conflicts_with(round=a.round, judge=user, entry=a.entry) for a in assignments)


@rules.predicate
def is_assigned_judge(user, assignment):
    """The judge of this assignment (an Assignment row), with no conflict of interest with its
    entry. A conflict declared after the assignment withdraws access at once."""
    return (
        assignment is not None
        and is_judge(user)
        and assignment.judge_id == user.pk
        and _unconflicted(user, [assignment])
    )


@rules.predicate
def is_judge_of_attachment_entry(user, attachment):
    """A judge assigned the attachment's entry in some round, without a conflict there."""
    if attachment is None or not is_judge(user):
        return False
    assignments = Assignment.objects.filter(judge=user, entry_id=attachment.entry_id).select_related(
        "round", "entry__unit"
    )
    return _unconflicted(user, assignments)


# The unit portal.
rules.add_perm("portal.use", is_unit_representative)
rules.add_perm("portal.open_entry", is_unit_member | is_contest_staff)
rules.add_perm("portal.edit_dossier", is_unit_member)

# Files: the entry's unit, the contest staff and the entry's assigned, unconflicted judges.
rules.add_perm(
    "files.download_attachment", is_member_of_attachment_unit | is_contest_staff | is_judge_of_attachment_entry
)
# The name a file was uploaded under may name the unit: a judge of a blind round gets a neutral one.
rules.add_perm("files.see_original_name", is_member_of_attachment_unit | is_contest_staff)

# Online scoring.
rules.add_perm("judging.use", is_judge)
rules.add_perm("judging.score_entry", is_assigned_judge)

# Secretariat work.
rules.add_perm("review.review_entry", is_contest_staff)
rules.add_perm("review.grant_extension", is_contest_staff)
rules.add_perm("review.import_units", is_contest_staff)
rules.add_perm("review.manage_contests", is_organiser)


@rules.predicate
def is_not_superuser_account(user, account):
    """The account is not a superuser's (changing a superuser's password or e-mail would be a way
    to become one; superusers themselves pass every permission)."""
    return account is None or not account.is_superuser


# Accounts in the back office: organisers give roles; nobody but a superuser edits a superuser.
rules.add_perm("accounts.assign_roles", is_organiser)
rules.add_perm("accounts.edit_account", is_not_superuser_account)


@rules.predicate
def is_paper_entry(user, entry):
    return entry is not None and entry.paper_received_on is not None


# Paper dossiers: the staff key in a unit's dossier handed in on paper, and keep it up to date
# (never a dossier the unit entered online: that one stays the unit's).
rules.add_perm("review.enter_paper_entry", is_contest_staff)
rules.add_perm("review.edit_paper_entry", is_contest_staff & is_paper_entry)


@rules.predicate
def is_jury_member(user, round):
    """A member of this round's jury (any judge role alone gives no access to a round)."""
    return (
        round is not None
        and user.is_authenticated
        and user.is_active
        and JuryMembership.objects.filter(round=round, judge=user).exists()
    )


@rules.predicate
def is_conflicted(user, round_entry):
    """The user conflicts with this RoundEntry's entry in its round (contest/conflicts.py)."""
    return round_entry is not None and conflicts_with(round=round_entry.round, judge=user, entry=round_entry.entry)


@rules.predicate
def is_head_judge(user, round):
    """The round's Trưởng Ban Giám khảo."""
    return (
        round is not None
        and user.is_authenticated
        and user.is_active
        and JuryMembership.objects.filter(round=round, judge=user, is_head=True).exists()
    )


# The head judge re-checks the entries whose judges disagree too much (DOMAIN.md §7).
rules.add_perm("judging.review_discrepancies", is_judge & is_head_judge)

# The jury of a round and its assignments: organisers decide, the secretariat may look.
rules.add_perm("jury.manage", is_organiser)
rules.add_perm("jury.view", is_contest_staff)

# Following the scoring: progress, reminders and the secretariat's own scores are staff work;
# reopening a submitted sheet is the organisers' decision alone.
rules.add_perm("judging.view_progress", is_contest_staff)
rules.add_perm("judging.remind", is_contest_staff)
rules.add_perm("judging.reopen_sheet", is_organiser)
rules.add_perm("scores.enter_secretariat", is_contest_staff)
# The paper path: print blank sheets, export and import filled ones.
rules.add_perm("scores.print_paper", is_contest_staff)
rules.add_perm("scores.import", is_contest_staff)
rules.add_perm("scores.export", is_contest_staff)

# Results: the staff follow the ranking (judges appear under pseudonyms to the secretariat);
# only the organisers set the policy, record tie decisions, freeze and publish.
rules.add_perm("results.view", is_contest_staff)
rules.add_perm("results.see_judge_names", is_organiser)
rules.add_perm("results.manage", is_organiser)
# Revoking an award after the decision (Điều 93): the organisers alone; the staff read the history.
rules.add_perm("results.revoke_award", is_organiser)

# Certificates: organisers issue, reissue and revoke; the staff follow and download; a unit
# downloads its own.
rules.add_perm("certificates.view", is_contest_staff)
rules.add_perm("certificates.manage", is_organiser)


@rules.predicate
def is_certificate_unit(user, certificate):
    return certificate is not None and is_unit_representative(user) and user.unit_id == certificate.unit_id


rules.add_perm("certificates.download_own", is_certificate_unit)

# The public site: the staff turn awarded dossiers into draft model pages; only the organisers
# approve them for publication (Wagtail's moderation workflow, set up by the public site's roles).
rules.add_perm("site.publish_models", is_contest_staff)

# After the jury (contest/notices/): the staff follow the notice period; the organisers set its
# rules and calendar, publish the provisional list, close it and override its gate.
rules.add_perm("notices.view", is_contest_staff)
rules.add_perm("notices.manage", is_organiser)
# Opinions on a provisional list are handled by the organisers and the secretariat alike.
rules.add_perm("notices.handle_opinion", is_contest_staff)


@rules.predicate
def is_complaint_unit(user, complaint):
    """A representative of the unit whose entry the complaint is about (the unit that filed it)."""
    return complaint is not None and is_unit_member(user, complaint.entry)


@rules.predicate
def is_remarking_head_judge(user, complaint):
    """The head judge of the complaint's round, for a re-marking request only, and never about an
    entry he or she has a conflict of interest with."""
    return (
        complaint is not None
        and complaint.kind == "remarking"
        and is_judge(user)
        and is_head_judge(user, complaint.notice.round)
        and not conflicts_with(round=complaint.notice.round, judge=user, entry=complaint.entry)
    )


# Complaints and re-marking requests: a unit files one about its own entry and reads its answer;
# the staff follow them; the organisers handle them, and the round's head judge a re-marking.
rules.add_perm("notices.file_complaint", is_unit_member)
rules.add_perm("notices.view_complaint", is_contest_staff | is_complaint_unit | is_remarking_head_judge)
rules.add_perm("notices.handle_complaint", is_organiser | is_remarking_head_judge)

# The Hội thi day (contest/stage): the organisers set the programme, release the scoreboard and run
# the reveal; the staff (organiser or secretariat) run the console, the draw and the projector;
# the round's head judge (or an organiser) locks and reopens a performance; jury members score.
rules.add_perm("stage.manage", is_organiser)
rules.add_perm("stage.run", is_contest_staff)
rules.add_perm("stage.lock", is_organiser | (is_judge & is_head_judge))
rules.add_perm("stage.score", is_judge & is_jury_member)

# The public vote (contest/voting): the staff follow it and export its log; the organisers set it
# up, void a suspicious cluster (with a written reason), seal the votes and publish the result.
rules.add_perm("voting.view", is_contest_staff)
rules.add_perm("voting.manage", is_organiser)
rules.add_perm("voting.review", is_organiser)
