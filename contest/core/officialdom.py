"""The rules of Vietnamese official paperwork that depend on who issues it (pure, no ORM).

A state body writes by Decree 30/2020/NĐ-CP: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", numbers
"Số: 05/QĐ-UBND", signing lines "TM.", "KT.", "TL.", "TUQ.", "Q.". A Party body (a Party
committee, its Ban Dân vận / Ban Tuyên giáo và Dân vận …) writes by Hướng dẫn 36-HD/VPTW:
"ĐẢNG CỘNG SẢN VIỆT NAM", numbers "Số 24-QĐ/BTGDVTU", signing lines "T/M", "K/T", "T/L", "T/UQ".

:func:`issuer_format` recognises the kind of issuer from its name; :func:`signature_problems`
checks the signer's authority lines the way a clerk would before a document goes to be signed.
"""

import re
import unicodedata

from django.utils.translation import gettext as _

PARTY, STATE = "party", "state"

# Words that make a body a Party one, or a state one (compared folded: lower case, NFC, "uỷ" → "ủy").
_PARTY_MARKERS = (
    "đảng ủy",
    "đảng bộ",
    "đảng đoàn",
    "ban cán sự đảng",
    "chi bộ",
    "tỉnh ủy",
    "thành ủy",
    "huyện ủy",
    "quận ủy",
    "thị ủy",
    "ban thường vụ",
    "ban chấp hành đảng bộ",
    "ban dân vận",
    "ban tuyên giáo",
    "ủy ban kiểm tra tỉnh ủy",
    "ủy ban kiểm tra thành ủy",
    "đảng cộng sản",
)
_STATE_MARKERS = (
    "ủy ban nhân dân",
    "ubnd",
    "hội đồng nhân dân",
    "hđnd",
    "sở ",
    "bộ ",
    "chi cục",
    "tổng cục",
    "cục ",
)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", " ".join(str(text).split())).casefold()
    # The old tone placement ("uỷ", "hoá") is common in typed names.
    return text.replace("uỷ", "ủy").replace("oá", "óa").replace("oà", "òa")


def issuer_format(*names) -> str | None:
    """PARTY or STATE for an issuer recognisable by its name (any of ``names``: the body and its
    parent), else None (a Fatherland Front committee, a mass organisation, "Ban Tổ chức" alone)."""
    text = " " + " / ".join(_fold(n) for n in names if n) + " "
    if any(marker in text for marker in _PARTY_MARKERS):
        return PARTY
    if any((" " + marker) in text for marker in _STATE_MARKERS):
        return STATE
    return None


def document_number(number, doc_type: str, issuer_code: str, *, party: bool, width: int = 2) -> str:
    """ "Số: 05/QĐ-UBND" (state) or "Số 24-QĐ/BTGDVTU" (Party); ``number`` None leaves a blank
    to fill by hand. Decree 30 writes a leading zero below 10."""
    shown = "……" if number in (None, "") else (f"{number:0{width}d}" if isinstance(number, int) else str(number))
    if party:
        return f"Số {shown}-{doc_type}/{issuer_code}"
    return f"Số: {shown}/{doc_type}-{issuer_code}"


def serial_in_format(number: int, suffix: str, *, party: bool) -> str:
    """A certificate's serial: "0012/GCN-BTC" in a state body, "0012-GCN/BTC" in a Party one.
    The suffix is written once as TYPE-ISSUER ("GCN-BTC") or TYPE/ISSUER; the format puts the
    separators where each tradition puts them."""
    suffix = (suffix or "").strip()
    if not suffix:
        return f"{number:04d}"
    kind, sep, issuer = re.split(r"([-/])", suffix, maxsplit=1) if re.search(r"[-/]", suffix) else (suffix, "", "")
    if not sep:
        return f"{number:04d}-{kind}" if party else f"{number:04d}/{kind}"
    if party:
        return f"{number:04d}-{kind}/{issuer}"
    return f"{number:04d}/{kind}-{issuer}"


# -- Signing lines ----------------------------------------------------------------------------

_STATE_PREFIXES = {"TM.": "collective", "KT.": "deputy", "TL.": "order", "TUQ.": "order", "Q.": "acting"}
_PARTY_PREFIXES = {"T/M": "collective", "K/T": "deputy", "T/L": "order", "T/UQ": "order", "T/U": "order"}
_PREFIX = re.compile(r"^\s*(TM\.|KT\.|TL\.|TUQ\.|Q\.|T/M|K/T|T/L|T/UQ|T/U)\s*(.*)$", re.IGNORECASE)

# Collective bodies and the titles of those who sign for them ("T/M BAN THƯỜNG VỤ" → "BÍ THƯ").
_PARTY_COMMITTEES = ("BAN THƯỜNG VỤ", "BAN CHẤP HÀNH", "ĐẢNG ỦY", "TỈNH ỦY", "THÀNH ỦY", "HUYỆN ỦY", "CHI BỘ")
_HEADS = (
    (_PARTY_COMMITTEES + ("ĐẢNG ĐOÀN", "BAN CÁN SỰ ĐẢNG", "QUẬN ỦY", "THỊ ỦY"), ("BÍ THƯ", "PHÓ BÍ THƯ")),
    (("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG", "ỦY BAN MẶT TRẬN", "BAN THƯỜNG TRỰC"), ("CHỦ TỊCH",)),
    (("BAN ",), ("TRƯỞNG BAN",)),
)
_PERSON_TITLES = ("TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "BÍ THƯ", "PHÓ BÍ THƯ", "GIÁM ĐỐC")


def _upper(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(str(text).split())).upper().replace("UỶ", "ỦY")


def _heads_of(body: str):
    for bodies, heads in _HEADS:
        if any(body == b.strip() or body.startswith(b) for b in bodies):
            return heads
    return None


def signature_problems(lines, title: str, *, party: bool) -> list[str]:
    """What is wrong with the authority lines ("TM. BAN TỔ CHỨC", "KT. TRƯỞNG BAN" …) and the
    signer's title that follows them, as messages a clerk can act on; [] when they are right."""
    steps = [_upper(line) for line in lines if str(line).strip()]
    title = _upper(title)
    problems = []
    own, other = (_PARTY_PREFIXES, _STATE_PREFIXES) if party else (_STATE_PREFIXES, _PARTY_PREFIXES)
    for index, line in enumerate(steps):
        match = _PREFIX.match(line)
        if not match:
            continue
        prefix, rest = match.group(1).upper(), match.group(2).strip()
        following = steps[index + 1] if index + 1 < len(steps) else title
        if prefix not in own:
            wanted = next(p for p, role in own.items() if role == other[prefix])
            problems.append(
                (
                    _("Văn bản theo thể thức của Đảng viết “%(wanted)s”, không viết “%(prefix)s”.")
                    if party
                    else _("Văn bản theo Nghị định 30 viết “%(wanted)s”, không viết “%(prefix)s”.")
                )
                % {"wanted": wanted, "prefix": prefix}
            )
            continue
        role = own[prefix]
        if role == "collective":
            if rest in _PERSON_TITLES:
                problems.append(
                    _(
                        "“%(line)s”: thay mặt (%(prefix)s) là thay mặt một tập thể (ban, ủy ban, ban thường vụ…), "
                        "không thay mặt một chức vụ; ký thay người đứng đầu thì viết “%(deputy)s %(rest)s”."
                    )
                    % {"line": line, "prefix": prefix, "rest": rest, "deputy": "K/T" if party else "KT."}
                )
                continue
            heads = _heads_of(rest)
            follow = _PREFIX.match(following)
            signer = (
                follow.group(2).strip()
                if follow and follow.group(1).upper() in own and own[follow.group(1).upper()] == "deputy"
                else following
            )
            if heads and signer not in heads:
                problems.append(
                    _("Thay mặt “%(body)s” thì người ký là %(heads)s (hoặc cấp phó ký thay), không phải “%(title)s”.")
                    % {"body": rest, "heads": _(" hoặc ").join(f"“{h}”" for h in heads), "title": signer}
                )
        elif role == "deputy":
            if _heads_of(rest) is not None and rest not in _PERSON_TITLES:
                problems.append(
                    _(
                        "“%(line)s”: ký thay là ký thay người đứng đầu (ví dụ “%(prefix)s TRƯỞNG BAN”), "
                        "không ký thay một tập thể."
                    )
                    % {"line": line, "prefix": prefix}
                )
            elif following != f"PHÓ {rest}":
                problems.append(
                    _("Ký thay “%(head)s” thì chức vụ người ký là “PHÓ %(head)s”, không phải “%(title)s”.")
                    % {"head": rest, "title": following}
                )
    if not title:
        problems.append(_("Hãy ghi chức vụ của người ký (ví dụ: TRƯỞNG BAN)."))
    return problems


def format_mismatch(found: str | None, chosen: str) -> str:
    """The message when the chosen format contradicts the kind of issuer, or ""."""
    if not found or found == chosen:
        return ""
    if found == PARTY:
        return _(
            "Cơ quan ban hành là cơ quan của Đảng: văn bản theo thể thức của Đảng (Hướng dẫn 36-HD/VPTW, "
            "“ĐẢNG CỘNG SẢN VIỆT NAM”)."
        )
    return _("Cơ quan ban hành là cơ quan nhà nước: văn bản theo thể thức Nghị định 30/2020/NĐ-CP.")
