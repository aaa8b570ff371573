"""Words for the codes a ranking stores: band labels, padded entry numbers, how a tie was broken.

Pure (no ORM): every table, export and document that shows a ranking says the same words.
"""

from django.utils.translation import gettext as _

from contest.results import ranking
from contest.results.enums import Band


def entry_number(code) -> str:
    """3 → "003": entry numbers as they are written on the dossiers and in the minutes."""
    if code in (None, ""):
        return ""
    try:
        return f"{int(code):03d}"
    except (TypeError, ValueError):
        return str(code)


def band_label(code) -> str:
    """ "xuat_sac" → "Xuất sắc"; an unknown or empty code stays as it is."""
    if not code:
        return ""
    return str(dict(Band.choices).get(code, code))


def decided_label(code, tie_codes, short_names) -> str:
    """How a tie was broken ("criterion:0" → "Phân định theo tiêu chí “Hiệu quả”"), or ""."""
    if not code:
        return ""
    if code.startswith(ranking.BY_CRITERION + ":"):
        try:
            index = int(code.split(":", 1)[1])
        except ValueError:
            return code
        criterion = tie_codes[index] if 0 <= index < len(tie_codes) else ""
        return _("Phân định theo tiêu chí “%(name)s”") % {"name": short_names.get(criterion, criterion)}
    if code == ranking.BY_JUDGES:
        return _("Phân định theo số giám khảo xếp cao hơn")
    if code == ranking.BY_JURY:
        return _("Phân định theo quyết định của Ban Giám khảo")
    return code
