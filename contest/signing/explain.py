"""What a file's inspection means, in plain Vietnamese: one verdict and a list of findings, each
with what was found and what it means for the reader. The public verification page and
``manage.py verify_pdf`` say exactly the same (one source for both). No database: the issued rows
a file matches come in as ``matches``.
"""

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from contest.signing.validation import PdfInspection, SignatureFacts

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# How each finding is shown: a green tick, an amber warning, a red cross, or plain information.
GOOD, WARN, BAD, INFO = "good", "warn", "bad", "info"


@dataclass(frozen=True)
class Match:
    """An issued document whose stored SHA-256 is the file's."""

    title: str
    state: str  # "Hợp lệ", "Đã thu hồi" …: the document's status as its own page shows it
    url: str = ""
    current: bool = True  # False for a revoked or replaced document


@dataclass(frozen=True)
class Finding:
    level: str
    title: str
    detail: str = ""
    url: str = ""


@dataclass(frozen=True)
class Explanation:
    level: str
    verdict: str
    summary: str
    findings: list[Finding] = field(default_factory=list)
    sha256: str = ""


def when(moment: dt.datetime | None) -> str:
    """dd/mm/yyyy hh:mm:ss in Vietnam time, as a reader in Vietnam reads a clock."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M:%S")


def day(moment: dt.datetime) -> str:
    return moment.astimezone(VIETNAM).strftime("%d/%m/%Y")


PROBLEM_TEXT = {
    "empty": lambda: (_("Tệp rỗng"), _("Tệp không có nội dung. Hãy chọn lại tệp PDF bạn nhận được.")),
    "not_pdf": lambda: (
        _("Không phải tệp PDF"),
        _("Tệp này không phải PDF (có thể là ảnh, tệp Word hoặc tệp nén). Chỉ kiểm tra được tệp PDF."),
    ),
    "encrypted": lambda: (
        _("Tệp PDF có mật khẩu"),
        _("Tệp được khóa bằng mật khẩu nên không đọc được chữ ký. Hãy dùng bản gốc không đặt mật khẩu."),
    ),
    "unreadable": lambda: (
        _("Không đọc được tệp PDF"),
        _("Tệp hỏng hoặc không trọn vẹn (ví dụ tải về bị ngắt giữa chừng), nên không đọc được chữ ký."),
    ),
}


def _integrity(signature: SignatureFacts) -> Finding:
    if signature.altered:
        return Finding(
            BAD,
            _("Tệp đã bị sửa đổi sau khi ký"),
            _(
                "Nội dung tệp không còn khớp với chữ ký số: tệp đã bị sửa đổi (dù chỉ một ký tự) sau khi "
                "ký. Không dùng nội dung tệp này; hãy xin lại bản gốc."
            ),
        )
    if not signature.later_changes_allowed:
        return Finding(
            WARN,
            _("Có nội dung được thêm vào sau khi ký"),
            _(
                "Phần đã ký còn nguyên vẹn, nhưng sau đó tệp được thêm nội dung mà chữ ký không bảo đảm. Trình "
                "đọc PDF có thể hiển thị phần thêm đó; hãy đối chiếu với bản gốc."
            ),
        )
    return Finding(
        GOOD,
        _("Chữ ký số hợp lệ, tệp nguyên vẹn"),
        _("Từ lúc ký đến nay, tệp không bị thay đổi một ký tự nào."),
    )


def _signer(signature: SignatureFacts) -> list[Finding]:
    signer = signature.signer
    who = signer.subject if not signer.organisation else f"{signer.subject} ({signer.organisation})"
    details = _("Chứng thư số do %(issuer)s cấp, hiệu lực từ %(start)s đến %(end)s, số sê-ri %(serial)s.") % {
        "issuer": signer.issuer,
        "start": day(signer.not_before),
        "end": day(signer.not_after),
        "serial": signer.serial,
    }
    findings = [Finding(INFO, _("Người ký: %(who)s") % {"who": who}, details)]
    moment = signature.timestamp.time if signature.timestamp else signature.signing_time
    if moment is not None and not signer.valid_at(moment):
        findings.append(
            Finding(
                BAD,
                _("Chứng thư số không có hiệu lực lúc ký"),
                _("Lúc ký (%(time)s), chứng thư số của người ký đã hết hạn hoặc chưa có hiệu lực.")
                % {"time": when(moment)},
            )
        )
    if signature.trusted:
        findings.append(
            Finding(
                GOOD,
                _("Tổ chức cấp chứng thư được tin cậy"),
                _("Chứng thư của người ký thuộc một tổ chức chứng thực mà hệ thống này tin cậy."),
            )
        )
    else:
        findings.append(
            Finding(
                WARN,
                _("Chưa xác nhận được tổ chức cấp chứng thư"),
                _(
                    "“%(issuer)s” không thuộc danh sách tổ chức chứng thực mà hệ thống này tin cậy. Chữ ký vẫn "
                    "chứng minh tệp không bị sửa, nhưng tự nó không chứng minh người ký là ai: hãy xem tệp có "
                    "đúng là bản đã cấp (mục dưới) hay không."
                )
                % {"issuer": signature.signer.issuer},
            )
        )
    return findings


def _time(signature: SignatureFacts) -> Finding:
    stamp = signature.timestamp
    if stamp is None:
        return Finding(
            INFO,
            _("Thời gian ký: %(time)s") % {"time": when(signature.signing_time) or _("không ghi")},
            _(
                "Không có dấu thời gian của tổ chức cung cấp dịch vụ cấp dấu thời gian (mức %(level)s): thời "
                "gian này do máy tính của bên ký ghi."
            )
            % {"level": signature.level},
        )
    if not (stamp.intact and stamp.valid):
        return Finding(
            BAD,
            _("Dấu thời gian không hợp lệ"),
            _("Dấu thời gian kèm chữ ký không khớp với chữ ký: có thể tệp đã bị can thiệp."),
        )
    return Finding(
        GOOD,
        _("Dấu thời gian: %(time)s") % {"time": when(stamp.time)},
        _(
            "Do %(authority)s cấp (mức %(level)s): chứng minh tệp đã được ký trước thời điểm này, kể cả khi "
            "chứng thư của người ký sau này hết hạn."
        )
        % {"authority": stamp.authority, "level": signature.level},
    )


def _issued(matches: list[Match]) -> list[Finding]:
    if not matches:
        return [
            Finding(
                WARN,
                _("Không trùng với tệp nào hệ thống đã cấp"),
                _(
                    "Mã SHA-256 của tệp không khớp với tệp nào do hệ thống này cấp: tệp là bản khác, đã bị sửa, "
                    "hoặc do nơi khác cấp."
                ),
            )
        ]
    findings = []
    for match in matches:
        if match.current:
            findings.append(
                Finding(
                    GOOD,
                    _("Đúng là tệp đã cấp: %(title)s") % {"title": match.title},
                    _("Tệp giống hệt từng byte bản hệ thống đã cấp. Trạng thái: %(state)s.") % {"state": match.state},
                    match.url,
                )
            )
        else:
            findings.append(
                Finding(
                    BAD,
                    _("Tệp đã cấp nhưng không còn hiệu lực: %(title)s") % {"title": match.title},
                    _("Tệp giống hệt bản hệ thống đã cấp, nhưng văn bản này hiện ở trạng thái: %(state)s.")
                    % {"state": match.state},
                    match.url,
                )
            )
    return findings


def explain(inspection: PdfInspection, matches: list[Match]) -> Explanation:
    if inspection.problem:
        title, detail = PROBLEM_TEXT[inspection.problem]()
        return Explanation(BAD, title, detail, [], inspection.sha256)
    findings: list[Finding] = []
    signatures = inspection.signatures
    for index, signature in enumerate(signatures, start=1):
        if len(signatures) > 1:
            findings.append(Finding(INFO, _("Chữ ký số thứ %(n)s") % {"n": index}))
        findings.append(_integrity(signature))
        findings += _signer(signature)
        findings.append(_time(signature))
    if not signatures:
        findings.append(
            Finding(
                WARN,
                _("Tệp không có chữ ký số"),
                _("Tệp này không mang chữ ký số nào. Chỉ có thể đối chiếu mã SHA-256 với tệp đã cấp."),
            )
        )
    findings += _issued(matches)
    altered = any(s.altered for s in signatures)
    current = any(m.current for m in matches)
    if altered:
        level, verdict = BAD, _("Tệp đã bị sửa đổi")
        summary = _("Chữ ký số cho thấy nội dung tệp đã bị thay đổi sau khi ký. Đừng tin nội dung tệp này.")
    elif matches and not current:
        level, verdict = BAD, _("Văn bản không còn hiệu lực")
        summary = _("Tệp đúng là bản đã cấp, nhưng văn bản đã bị thu hồi hoặc thay thế.")
    elif current and signatures:
        level, verdict = GOOD, _("Tệp hợp lệ: đúng bản đã cấp, chữ ký số nguyên vẹn")
        summary = _("Tệp do hệ thống này cấp và không bị thay đổi từ khi ký.")
    elif current:
        level, verdict = GOOD, _("Tệp đúng là bản đã cấp")
        summary = _("Tệp giống hệt bản hệ thống đã cấp (tệp này không có chữ ký số).")
    elif signatures:
        level, verdict = WARN, _("Chữ ký số nguyên vẹn, nhưng không phải tệp hệ thống này cấp")
        summary = _("Tệp không bị sửa từ khi ký, nhưng không trùng với tệp nào hệ thống này đã cấp.")
    else:
        level, verdict = WARN, _("Không xác minh được tệp")
        summary = _("Tệp không có chữ ký số và không trùng với tệp nào hệ thống này đã cấp.")
    return Explanation(level, verdict, summary, findings, inspection.sha256)
