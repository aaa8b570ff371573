"""Casting a vote: a one-time code (by e-mail here, by phone in phone_codes.py), then its confirmation.

1. :func:`request_code` — the vote is open, the entry a candidate, the address well formed and
   not from a disposable-mail provider (the maintained ``disposable-email-domains`` list), and the
   address has not asked for too many codes it did not use (counted in the database: also right without a shared
   cache). A six-digit code is e-mailed after commit; only its keyed hash is stored.
2. :func:`confirm_vote` — the code (locked: a double post waits and finds the vote it made) is
   right, not expired, not used, not guessed too often; then the vote takes its quota slot. One
   vote per entry: the slot's unique constraint *is* the check (``INSERT … ON CONFLICT DO
   NOTHING``), no read before it, no lock of the voter. N a day: the voter's row is locked (its
   confirmations queue up) to count its day, and the constraints are still the last word. This
   is the request a whole province sends at once (bench/vote_bench.py): three statements.

Who votes is a keyed hash of the normalised address (contest/voting/identity.py) or number
(contest/voting/phone.py): neither is ever stored. The device is the hash of a cookie the vote
pages set; the address of the visitor is kept as its /24 (or /48) network only.
"""

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from disposable_email_domains import blocklist
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, connections, router, transaction
from django.db.models.constants import OnConflict
from django.db.models.sql.subqueries import InsertQuery
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contest.core.errors import DomainError, QuotaExceeded
from contest.voting import identity as identities
from contest.voting import phone as phones
from contest.voting.enums import IdentityKind, QuotaKind
from contest.voting.models import Vote, VoteCode, VoterIdentity, VoteSettings
from contest.voting.services import phone_quota
from contest.voting.services.candidates import is_eligible

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone


def _secret() -> str:
    return settings.VOTE_IDENTITY_SECRET or settings.SECRET_KEY


@lru_cache(maxsize=16)
def _derived_key(salt: str, secret: str) -> bytes:
    # What django.utils.crypto.salted_hmac derives on every call, once per process: the hashes are
    # byte for byte salted_hmac's (tests/voting/test_ballots.py compares them), a confirmation
    # just skips two SHA-256 of the secret.
    return hashlib.sha256((salt + secret).encode()).digest()


def _keyed(salt: str, value: str) -> str:
    return hmac.new(_derived_key(salt, _secret()), value.encode(), hashlib.sha256).hexdigest()


def identity_key(normalised_email: str) -> str:
    return _keyed("contest.voting.identity", normalised_email)


def phone_key(normalised_phone: str) -> str:
    """Its own salt: a number and an address never share a key."""
    return _keyed("contest.voting.phone", normalised_phone)


def phone_stem_key(normalised_phone: str) -> str:
    return _keyed("contest.voting.stem", phones.stem_of(normalised_phone))


def stem_key(normalised_email: str) -> str:
    return _keyed("contest.voting.stem", identities.stem_of(normalised_email))


def device_key(cookie: str) -> str:
    if not cookie:
        return ""
    return _keyed("contest.voting.device", cookie)


def _code_hash(token, code: str) -> str:
    return _keyed("contest.voting.code", f"{token}:{code}")


def _receipt() -> str:
    return "BC-" + "".join(secrets.choice(RECEIPT_ALPHABET) for _i in range(8))


def clean_email(text: str) -> str:
    """The normalised address, or a DomainError saying what is wrong with it."""
    try:
        normalised = identities.normalise_email(text)
    except identities.NotAnEmail:
        raise DomainError(_("Địa chỉ thư điện tử chưa đúng, ví dụ: nguyenvana@gmail.com."), field="email") from None
    if identities.is_listed_domain(identities.domain_of(normalised), blocklist):
        raise DomainError(_("Không nhận địa chỉ thư dùng một lần; hãy dùng hộp thư bạn dùng hằng ngày."), field="email")
    return normalised


def check_open(vote: VoteSettings, entry_id: int, now, *, check_entry: bool = True) -> None:
    if not vote.is_open(now):
        if vote.opens_at and now < vote.opens_at:
            raise DomainError(
                _("Chưa đến thời gian bình chọn (mở lúc %(at)s).")
                % {"at": _("%(time)s ngày %(day)s") % _local(vote.opens_at)}
            )
        raise DomainError(_("Đã hết thời gian bình chọn."))
    if check_entry and not is_eligible(vote, entry_id):
        raise DomainError(_("Mô hình này không nằm trong danh sách bình chọn."))


def _local(moment) -> dict:
    local = timezone.localtime(moment)
    return {"time": f"{local:%H:%M}", "day": f"{local:%d/%m/%Y}"}


@dataclass(frozen=True)
class SentCode:
    token: str
    code: str


def request_code(*, vote: VoteSettings, entry_id: int, email: str, ip=None, device="") -> SentCode:
    """Send a one-time code for a vote for ``entry_id`` to ``email``; returns the code's token
    (the confirmation page's address) and the code (for tests; the page never shows it)."""
    now = timezone.now()
    check_open(vote, entry_id, now)
    if not phone_quota.email_accepted(vote, now):
        raise DomainError(_("Vòng này không nhận mã xác nhận qua thư điện tử."), field="email")
    normalised = clean_email(email)
    with transaction.atomic():
        sent, code = issue_code(
            vote=vote,
            entry_id=entry_id,
            key=identity_key(normalised),
            kind=IdentityKind.EMAIL,
            domain=identities.domain_of(normalised),
            stem=stem_key(normalised),
            now=now,
            ip=ip,
            device=device,
            too_many=_("Địa chỉ thư này vừa nhận nhiều mã; hãy dùng mã đã nhận hoặc thử lại sau một giờ."),
        )
        # The address lives only in this closure: sent after commit, never written anywhere.
        transaction.on_commit(lambda: _send_code(vote, entry_id, email.strip(), code))
    return SentCode(token=str(sent.token), code=code)


def issue_code(*, vote, entry_id, key, kind, domain, stem, now, ip, device, too_many) -> tuple[VoteCode, str]:
    """A new code for the identity ``key`` (created on first use), unless it asked for too many it
    did not use (``too_many`` says so). Inside the caller's transaction; only the code's keyed hash
    is stored."""
    person, _created = VoterIdentity.objects.get_or_create(
        key=key, defaults={"kind": kind, "domain": domain, "stem": stem}
    )
    person = VoterIdentity.objects.select_for_update().get(pk=person.pk)
    # Unconfirmed codes only: a voter choosing several entries needs one code per vote.
    recent = VoteCode.objects.filter(identity=person, used_at__isnull=True)
    if recent.filter(created_at__gte=now - timedelta(hours=1)).count() >= settings.VOTE_CODES_PER_IDENTITY_HOUR or (
        recent.filter(created_at__gte=now - timedelta(days=1)).count() >= settings.VOTE_CODES_PER_IDENTITY_DAY
    ):
        raise QuotaExceeded(too_many)
    code = f"{secrets.randbelow(1_000_000):06d}"
    sent = VoteCode(
        round_id=vote.round_id,
        entry_id=entry_id,
        identity=person,
        expires_at=now + timedelta(minutes=settings.VOTE_CODE_MINUTES),
        ip_prefix=identities.ip_prefix(ip),
        device=device_key(device),
    )
    sent.code_hash = _code_hash(sent.token, code)
    sent.save()
    return sent, code


def _send_code(vote, entry_id, address, code) -> None:
    entry = vote.round.contest.entries.filter(pk=entry_id).first()
    with translation.override(settings.LANGUAGE_CODE):
        context = {"code": code, "minutes": settings.VOTE_CODE_MINUTES, "entry": entry, "round": vote.round}
        subject = render_to_string("contest/voting/email/code_subject.txt", context).strip()
        body = render_to_string("contest/voting/email/code.txt", context)
    send_mail(subject, body, None, [address])


def _already(earlier_receipt: str, *, daily: bool) -> QuotaExceeded:
    if daily:
        return QuotaExceeded(
            _("Hôm nay bạn đã bình chọn cho mô hình này rồi (mã biên nhận %(receipt)s); hãy quay lại vào ngày mai.")
            % {"receipt": earlier_receipt}
        )
    return QuotaExceeded(
        _("Bạn đã bình chọn cho mô hình này rồi (mã biên nhận %(receipt)s). Mỗi người chỉ bình chọn một lần.")
        % {"receipt": earlier_receipt}
    )


def _daily_slot(vote: VoteSettings, identity_id: int, entry_id: int, now) -> tuple[str, int]:
    """The day's next slot (under the identity's row lock), or a DomainError saying why there is none."""
    period = timezone.localdate(now).isoformat()
    today = list(
        Vote.objects.filter(round_id=vote.round_id, identity_id=identity_id, period=period).values_list(
            "entry_id", "receipt"
        )
    )
    earlier = next((receipt for entry, receipt in today if entry == entry_id), None)
    if earlier is not None:
        raise _already(earlier, daily=True)
    if len(today) >= vote.daily_votes:
        raise QuotaExceeded(
            _("Hôm nay bạn đã dùng hết %(n)s lượt bình chọn; hãy quay lại vào ngày mai.") % {"n": vote.daily_votes}
        )
    return period, len(today) + 1


def _insert_unless_taken(made: Vote) -> int | None:
    """``INSERT … ON CONFLICT DO NOTHING RETURNING id`` (SQLite: ``INSERT OR IGNORE … RETURNING``):
    the quota's unique constraints decide in the same statement that writes, so no read of the
    slot comes before it and no savepoint around it. None: the slot was taken (or, once in 10¹²,
    the receipt). Django's own compiler writes the statement, so every column of Vote is in it."""
    fields = [f for f in Vote._meta.concrete_fields if not f.primary_key]
    query = InsertQuery(Vote, on_conflict=OnConflict.IGNORE)
    query.insert_values(fields, [made])
    using = router.db_for_write(Vote)
    compiler = query.get_compiler(using=using)
    compiler.returning_fields = [Vote._meta.pk]
    ((sql, params),) = compiler.as_sql()
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    made.pk = row[0]
    made._state.adding, made._state.db = False, using
    return made.pk


class WrongCode(DomainError):
    pass


def confirm_vote(*, token, code: str, ip=None, device="", user_agent="") -> Vote:
    """Turn a right code into a vote; the same code posted again finds the vote it made."""
    made = _confirm_in_one_statement(token=token, code=code, ip=ip, device=device, user_agent=user_agent)
    if made is not None:
        return made
    try:
        return _confirm(token=token, code=code, ip=ip, device=device, user_agent=user_agent)
    except IntegrityError:
        # The quota slot's unique constraints: a confirmation of the same person that slipped past
        # the checks (their row lock makes it rare) is refused here, and nothing of it is kept.
        raise QuotaExceeded(_("Bạn đã dùng lượt bình chọn này rồi.")) from None


# The common confirmation — a right, fresh, unused code of an open one-vote-per-entry round — as ONE
# statement on PostgreSQL (a data-modifying CTE, committed on its own: no BEGIN, no COMMIT round
# trip): the code row locked with every rule of _confirm in its WHERE, the vote inserted unless the
# quota's unique constraint holds one already, the code marked used. Anything else returns no row
# and _confirm says why, with the same locks and constraints.
_ONE_STATEMENT = """
WITH code AS (
    SELECT c.id, c.round_id, c.entry_id, c.identity_id
    FROM contest_votecode c JOIN contest_votesettings s ON s.round_id = c.round_id
    WHERE c.token = %(token)s AND c.code_hash = %(code_hash)s AND c.used_at IS NULL AND c.vote_id IS NULL
      AND c.attempts < %(attempts)s AND c.expires_at > %(now)s
      AND s.enabled AND s.sealed_at IS NULL AND s.opens_at <= %(now)s AND s.closes_at > %(now)s
      AND s.quota = %(per_entry)s
    FOR UPDATE OF c
), made AS (
    INSERT INTO contest_vote (round_id, entry_id, identity_id, period, ordinal, receipt, created_at, ip_prefix,
                              device, user_agent)
    SELECT round_id, entry_id, identity_id, '', NULL, %(receipt)s, %(now)s, %(ip_prefix)s, %(device)s, %(user_agent)s
    FROM code
    ON CONFLICT DO NOTHING
    RETURNING id, round_id, entry_id, identity_id
)
UPDATE contest_votecode SET used_at = %(now)s, vote_id = made.id
FROM made WHERE contest_votecode.id = (SELECT id FROM code)
RETURNING made.id, made.round_id, made.entry_id, made.identity_id
"""
# The columns the statement writes: a column added to Vote must be added there too (or be nullable),
# tests/voting/test_ballots.py checks it.
ONE_STATEMENT_COLUMNS = frozenset(
    {"id", "round_id", "entry_id", "identity_id", "period", "ordinal", "receipt", "created_at", "ip_prefix"}
    | {"device", "user_agent"}
)


def _confirm_in_one_statement(*, token, code, ip, device, user_agent) -> Vote | None:
    using = router.db_for_write(Vote)
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    now = timezone.now()
    values = {
        "token": token,
        "code_hash": _code_hash(token, "".join(ch for ch in (code or "") if ch.isdigit())),
        "attempts": settings.VOTE_CODE_ATTEMPTS,
        "now": now,
        "per_entry": QuotaKind.PER_ENTRY.value,
        "receipt": _receipt(),
        "ip_prefix": identities.ip_prefix(ip),
        "device": device_key(device),
        "user_agent": (user_agent or "")[:300],
    }
    with connection.cursor() as cursor:
        cursor.execute(_ONE_STATEMENT, values)
        row = cursor.fetchone()
    if row is None:
        return None
    vote_id, round_id, entry_id, identity_id = row
    made = Vote(
        pk=vote_id,
        round_id=round_id,
        entry_id=entry_id,
        identity_id=identity_id,
        receipt=values["receipt"],
        created_at=now,
        ip_prefix=values["ip_prefix"],
        device=values["device"],
        user_agent=values["user_agent"],
    )
    made._state.adding, made._state.db = False, using
    return made


def _confirm(*, token, code: str, ip, device, user_agent) -> Vote:
    """A right code costs three statements (and the transaction's BEGIN and COMMIT): the code
    locked and read with its round's settings, the vote inserted unless its slot is taken, the
    code marked used. N votes a day add the identity's lock and one read of its day."""
    now = timezone.now()
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    wrong = False
    with transaction.atomic():
        sent = (
            VoteCode.objects.select_for_update(of=("self",))
            .select_related("round__vote_settings")
            .filter(token=token)
            .first()
        )
        if sent is None:
            raise DomainError(_("Không tìm thấy yêu cầu bình chọn này; hãy bắt đầu lại."))
        if sent.vote_id is not None:
            return Vote.objects.get(pk=sent.vote_id)
        if sent.used_at is not None:
            raise DomainError(_("Mã này đã được dùng; hãy bắt đầu lại để nhận mã mới."))
        if now >= sent.expires_at:
            raise DomainError(
                _("Mã đã hết hạn (mã chỉ dùng được trong %(n)s phút); hãy bắt đầu lại để nhận mã mới.")
                % {"n": settings.VOTE_CODE_MINUTES}
            )
        if sent.attempts >= settings.VOTE_CODE_ATTEMPTS:
            raise DomainError(_("Đã nhập sai mã quá nhiều lần; hãy bắt đầu lại để nhận mã mới."))
        if not hmac.compare_digest(sent.code_hash, _code_hash(sent.token, code)):
            sent.attempts += 1
            sent.save(update_fields=["attempts"])
            wrong = True
        else:
            vote = sent.round.vote_settings
            # The code was sent for a candidate (request_code checked it): only the time is checked again.
            check_open(vote, sent.entry_id, now, check_entry=False)
            period, ordinal = "", None
            if vote.quota != QuotaKind.PER_ENTRY:
                # Counting the day's votes needs the confirmations of one person in a row: they wait here.
                VoterIdentity.objects.select_for_update().filter(pk=sent.identity_id).values_list("pk").get()
                period, ordinal = _daily_slot(vote, sent.identity_id, sent.entry_id, now)
            made = Vote(
                round_id=sent.round_id,
                entry_id=sent.entry_id,
                identity_id=sent.identity_id,
                period=period,
                ordinal=ordinal,
                receipt=_receipt(),
                created_at=now,
                ip_prefix=identities.ip_prefix(ip),
                device=device_key(device),
                user_agent=(user_agent or "")[:300],
            )
            for _attempt in range(2):
                if _insert_unless_taken(made) is not None:
                    break
                # The slot's unique constraint refused it: another confirmation of this person got
                # there first (PostgreSQL waited for it to commit, so it is visible now) …
                earlier = (
                    Vote.objects.filter(
                        round_id=sent.round_id, identity_id=sent.identity_id, entry_id=sent.entry_id, period=period
                    )
                    .values_list("receipt", flat=True)
                    .first()
                )
                if earlier is not None:
                    raise _already(earlier, daily=bool(period))
                # … or, once in a trillion, the receipt was taken: another one.
                made.receipt = _receipt()
            else:
                raise QuotaExceeded(_("Bạn đã dùng lượt bình chọn này rồi."))
            VoteCode.objects.filter(pk=sent.pk).update(used_at=now, vote_id=made.pk)
            return made
    # Outside the block: the failed attempt is counted (committed) before the refusal.
    if wrong:
        left = settings.VOTE_CODE_ATTEMPTS - sent.attempts
        raise WrongCode(
            _("Mã chưa đúng; còn %(n)s lần nhập.") % {"n": left}
            if left > 0
            else _("Mã chưa đúng. Đã nhập sai quá nhiều lần; hãy bắt đầu lại để nhận mã mới."),
            field="code",
        )
    raise AssertionError("unreachable")
