"""System checks: shown by every management command, so `runserver` and `db_worker` print them
when they start.

The HarfBuzz probe does not import WeasyPrint (a second or two that every command, migrations
included, would pay): it opens the library under the names WeasyPrint itself tries
(weasyprint/text/ffi.py), which is what decides whether WeasyPrint subsets fonts fast.
"""

import ctypes
import ctypes.util
import functools

from django.core.checks import Warning
from django.utils.translation import gettext as _

HARFBUZZ_SUBSET_NAMES = (
    "libharfbuzz-subset.so.0",
    "libharfbuzz-subset.0.dylib",
    "libharfbuzz-subset-0.dll",
    "libharfbuzz-subset-0",
)


@functools.cache
def harfbuzz_subset_available() -> bool:
    if any(_opens(name) for name in HARFBUZZ_SUBSET_NAMES):
        return True
    # Elsewhere (a library path of its own): the linker's search, which runs ldconfig or gcc.
    found = ctypes.util.find_library("harfbuzz-subset")
    return found is not None and _opens(found)


def _opens(name) -> bool:
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def font_subsetting(app_configs=None, **kwargs):
    """contest.W001: without libharfbuzz-subset, WeasyPrint falls back to a subsetter about 8×
    slower, and a batch of 500 certificates takes minutes instead of seconds (DESIGN.md §4)."""
    if harfbuzz_subset_available():
        return []
    return [
        Warning(
            _("Thiếu thư viện libharfbuzz-subset: mọi tệp PDF (giấy chứng nhận, biên bản…) in chậm khoảng 8 lần."),
            hint=_("Cài đặt: apt-get install libharfbuzz-subset0 (Debian, Ubuntu), rồi khởi động lại."),
            id="contest.W001",
        )
    ]
