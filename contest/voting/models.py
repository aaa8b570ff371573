"""The public vote of a round: the organisers' settings, the voters' identities (a keyed hash of a
verified e-mail address or mobile number, never the address or number itself), one-time codes, the
votes (each is also its own log line), the organisers' written decisions to void a cluster of
votes, and the text messages a round sent per day (their quota and cost).

The quota is the database's business, not only the code's: a vote takes a *slot* — per entry
(``period`` "" for the whole vote) or per day (``period`` the day, ``ordinal`` 1…N) — and two
unique constraints make a second vote in the same slot impossible, whatever races in front.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contest.voting.enums import Eligibility, IdentityKind, Purpose, QuotaKind


def default_identity_kinds() -> list[str]:
    return [IdentityKind.EMAIL.value]


class VoteSettings(models.Model):
    """Whether and how the public votes in a round (one per round)."""

    round = models.OneToOneField(
        "contest.Round", verbose_name=_("vòng thi"), on_delete=models.CASCADE, related_name="vote_settings"
    )
    enabled = models.BooleanField(_("tổ chức bình chọn"), default=False)
    eligibility = models.CharField(
        _("mô hình được bình chọn"), max_length=20, choices=Eligibility.choices, default=Eligibility.FINALISTS
    )
    opens_at = models.DateTimeField(_("mở bình chọn lúc"), null=True, blank=True)
    closes_at = models.DateTimeField(_("đóng bình chọn lúc"), null=True, blank=True)
    quota = models.CharField(
        _("số lượt mỗi người"), max_length=20, choices=QuotaKind.choices, default=QuotaKind.PER_ENTRY
    )
    daily_votes = models.PositiveSmallIntegerField(
        _("số lượt mỗi ngày"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    purpose = models.CharField(
        _("kết quả bình chọn dùng để"), max_length=20, choices=Purpose.choices, default=Purpose.AUDIENCE_PRIZE
    )
    prize_name = models.CharField(_("tên giải"), max_length=150, default="Giải do công chúng bình chọn")
    # Percent of the final score the vote weighs when ``purpose`` is a score share (vote_share.py).
    score_share = models.DecimalField(
        _("tỷ lệ của bình chọn trong điểm chung cuộc (%)"), max_digits=3, decimal_places=1, default=Decimal(0)
    )
    show_total = models.BooleanField(
        _("hiện tổng số lượt khi đang bình chọn"),
        default=False,
        help_text=_("Chỉ hiện tổng số lượt của cả đợt; số lượt của từng mô hình luôn ẩn cho đến khi công bố."),
    )
    # The kinds of identity a voter may prove (IdentityKind values, in the order the page offers them).
    identity_kinds = models.JSONField(_("cách xác nhận người bình chọn"), default=default_identity_kinds)
    phone_daily_quota = models.PositiveIntegerField(
        _("số tin nhắn mã xác nhận tối đa mỗi ngày"),
        default=500,
        help_text=_("Hết số này trong ngày thì người bình chọn được mời nhận mã qua thư điện tử."),
    )
    sealed_at = models.DateTimeField(_("niêm phong lúc"), null=True, blank=True)
    seal_digest = models.CharField(_("mã niêm phong"), max_length=64, blank=True)
    seal_count = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField(_("công bố kết quả lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cài đặt bình chọn")
        verbose_name_plural = pgettext_lazy("plural", "cài đặt bình chọn")
        constraints = [
            models.CheckConstraint(condition=Q(eligibility__in=Eligibility.values), name="vote_eligibility_known"),
            models.CheckConstraint(condition=Q(quota__in=QuotaKind.values), name="vote_quota_known"),
            models.CheckConstraint(condition=Q(purpose__in=Purpose.values), name="vote_purpose_known"),
            # A score share weighs something and never more than the jury (the rules' own cap is
            # checked by the service: it lives on the contest).
            models.CheckConstraint(
                condition=(Q(purpose=Purpose.SCORE_SHARE) & Q(score_share__gt=0) & Q(score_share__lte=50))
                | (~Q(purpose=Purpose.SCORE_SHARE) & Q(score_share=0)),
                name="vote_score_share_range",
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True) | Q(closes_at__isnull=True) | Q(closes_at__gt=F("opens_at")),
                name="vote_closes_after_opening",
            ),
            # Published results are sealed results.
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(sealed_at__isnull=False), name="vote_published_is_sealed"
            ),
        ]

    def __str__(self):
        return str(self.round)

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return bool(
            self.enabled
            and self.sealed_at is None
            and self.opens_at is not None
            and self.closes_at is not None
            and self.opens_at <= now < self.closes_at
        )

    @property
    def counts_toward_score(self) -> bool:
        return self.enabled and self.purpose == Purpose.SCORE_SHARE

    def has_closed(self, now=None) -> bool:
        return self.closes_at is not None and (now or timezone.now()) >= self.closes_at

    def accepts(self, kind: str) -> bool:
        return kind in (self.identity_kinds or [])


class VoterIdentity(models.Model):
    """A person who verified a code: a keyed hash of the normalised e-mail address or mobile number
    (each kind hashed under its own prefix). Neither is ever stored: it is only needed to send the
    code."""

    key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(_("cách xác nhận"), max_length=20, choices=IdentityKind.choices, default=IdentityKind.EMAIL)
    domain = models.CharField(_("tên miền thư"), max_length=255)
    # The keyed hash of the address's or number's stem (identity.stem_of, phone.stem_of): sequential
    # mailboxes or numbers share it.
    stem = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("người bình chọn")
        verbose_name_plural = pgettext_lazy("plural", "người bình chọn")
        constraints = [models.CheckConstraint(condition=Q(kind__in=IdentityKind.values), name="voter_kind_known")]

    def __str__(self):
        return self.key[:12]


class VoteCode(models.Model):
    """A one-time code sent for one vote (identity × entry): expires, single use, few attempts."""

    token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey("contest.Round", on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey("contest.Entry", on_delete=models.CASCADE, related_name="+")
    identity = models.ForeignKey(VoterIdentity, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    ip_prefix = models.CharField(max_length=50, blank=True)
    device = models.CharField(max_length=64, blank=True)
    # The vote this code made: a second post of the same code finds it (double submit).
    vote = models.OneToOneField("contest.Vote", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["identity", "created_at"], name="vote_code_identity_time")]

    def __str__(self):
        return str(self.token)


class VoidDecision(models.Model):
    """An organiser's written decision to void a cluster of votes (audited)."""

    round = models.ForeignKey("contest.Round", on_delete=models.PROTECT, related_name="vote_voids")
    kind = models.CharField(_("dấu hiệu"), max_length=20)
    label = models.CharField(_("nhóm"), max_length=255)
    reason = models.TextField(_("lý do"))
    count = models.PositiveIntegerField(_("số lượt bị hủy"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "at"]
        verbose_name = _("quyết định hủy lượt bình chọn")
        verbose_name_plural = pgettext_lazy("plural", "quyết định hủy lượt bình chọn")
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="vote_void_has_reason")]

    def __str__(self):
        return f"{self.round}: {self.label}"


class Vote(models.Model):
    """One vote, and its log line: when, who (hashed), from where (the /24 or /48 prefix, the
    device cookie's hash, the browser's user agent). Personal data is erased after the contest
    (docs/huong-dan-binh-chon.md, retention)."""

    round = models.ForeignKey("contest.Round", on_delete=models.PROTECT, related_name="votes")
    entry = models.ForeignKey("contest.Entry", on_delete=models.PROTECT, related_name="+")
    identity = models.ForeignKey(VoterIdentity, on_delete=models.PROTECT, related_name="votes")
    # The quota slot: "" for the whole vote (one per entry), else the local day (N per day).
    period = models.CharField(max_length=10, blank=True, default="")
    ordinal = models.PositiveSmallIntegerField(null=True, blank=True)
    receipt = models.CharField(_("mã biên nhận"), max_length=20, unique=True)
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)
    ip_prefix = models.CharField(_("dải địa chỉ"), max_length=50, blank=True)
    device = models.CharField(_("thiết bị"), max_length=64, blank=True)
    user_agent = models.CharField(_("trình duyệt"), max_length=300, blank=True)
    void = models.ForeignKey(VoidDecision, null=True, blank=True, on_delete=models.PROTECT, related_name="votes")

    class Meta:
        ordering = ["round", "created_at", "id"]
        verbose_name = _("lượt bình chọn")
        verbose_name_plural = pgettext_lazy("plural", "lượt bình chọn")
        indexes = [models.Index(fields=["round", "entry"], name="vote_round_entry")]
        constraints = [
            # The quota, whatever the code in front of it does.
            models.UniqueConstraint(fields=["round", "identity", "entry", "period"], name="vote_once_per_entry_slot"),
            models.UniqueConstraint(fields=["round", "identity", "period", "ordinal"], name="vote_daily_slot_once"),
            models.CheckConstraint(
                condition=(Q(period="") & Q(ordinal__isnull=True)) | (~Q(period="") & Q(ordinal__gte=1)),
                name="vote_slot_shape",
            ),
        ]

    def __str__(self):
        return self.receipt


class PhoneMessageDay(models.Model):
    """The code messages (SMS or Zalo) a round's vote sent on one day: the quota counts ``sent``
    (a message whose gateway did not answer in time counts: it may have gone out and be billed),
    ``failed`` ones were refused by the gateway, ``cost`` is in đồng at the price of each message
    when it was sent (VOTE_PHONE_MESSAGE_COST)."""

    round = models.ForeignKey("contest.Round", on_delete=models.CASCADE, related_name="phone_message_days")
    day = models.DateField(_("ngày"))
    sent = models.PositiveIntegerField(_("tin đã gửi"), default=0)
    failed = models.PositiveIntegerField(_("tin gửi lỗi"), default=0)
    cost = models.PositiveBigIntegerField(_("chi phí (đồng)"), default=0)
    # When the provider said its own quota (balance, the Zalo OA's daily limit) was used up: no
    # more messages that day, whatever the round's quota says.
    exhausted_at = models.DateTimeField(_("tổng đài báo hết hạn mức lúc"), null=True, blank=True)

    class Meta:
        ordering = ["round", "-day"]
        verbose_name = _("tin nhắn mã xác nhận trong ngày")
        verbose_name_plural = pgettext_lazy("plural", "tin nhắn mã xác nhận trong ngày")
        constraints = [models.UniqueConstraint(fields=["round", "day"], name="phone_message_day_once")]

    def __str__(self):
        return f"{self.round}: {self.day:%d/%m/%Y}"
