"""HTML → PDF for the contest's printed documents (score sheets, minutes, decisions, certificates).

One entry point, :func:`render_pdf`: a Django template rendered to HTML, normalised to NFC, laid
out by WeasyPrint with the shipped Liberation Serif (never a system font: the same file prints the
same everywhere, and Liberation Serif 2.x covers Vietnamese) and the official-form stylesheet.

WeasyPrint is imported inside the functions: importing it costs about a second, which every
management command and test run would otherwise pay. Many documents belong in ONE call (one
template looping over them), which is about twice as fast per page as one call each.
"""

import functools
import logging
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from contest.core.text import nfc

logger = logging.getLogger(__name__)

# The family name the stylesheet asks for. Deliberately not "Liberation Serif": if a file went
# missing, fontconfig would silently substitute a system font of that name; with a name no system
# font carries, the failure is visible (and the tests, which read /BaseFont, catch it).
FONT_FAMILY = "DVK Serif"
FONT_FILES = {
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}
STYLESHEETS = ("css/pdf/official.css",)
DEFAULT_KEYWORDS = ("Dân vận khéo",)


def static_path(relative: str) -> Path:
    """Absolute path of a shipped static file: through the staticfiles finders (so an app or
    STATICFILES_DIRS may override it), else the project's static/ folder."""
    found = finders.find(relative)
    path = Path(found) if found else Path(settings.BASE_DIR) / "static" / relative
    if not path.is_file():
        raise FileNotFoundError(f"Static file for PDFs is missing: {relative}")
    return path


def font_face_css() -> str:
    """@font-face rules with absolute file:// URLs (HTML given as a string has no base to resolve
    relative ones against)."""
    rules = []
    for (weight, style), name in FONT_FILES.items():
        url = static_path(f"fonts/{name}").as_uri()
        rules.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{url}") format("truetype"); '
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(rules)


@functools.cache
def warn_if_slow_font_subsetting() -> bool:
    """Log once when libharfbuzz-subset is missing: WeasyPrint then falls back to a subsetter
    about 8× slower (DESIGN.md §4). Returns whether the fast one is available."""
    # WeasyPrint is imported where a PDF is made: it costs about a second to import, which only
    # the worker and the PDF views should pay (the same below).
    from weasyprint.text.ffi import harfbuzz_subset

    if harfbuzz_subset is None:
        logger.warning(
            "libharfbuzz-subset is not installed: PDFs render about 8 times slower. "
            "Install it (Debian: apt-get install libharfbuzz-subset0)."
        )
        return False
    return True


def url_fetcher():
    # Lazily, like every WeasyPrint import here (see warn_if_slow_font_subsetting).
    from weasyprint.urls import URLFetcher

    # Only local files (fonts, stylesheets, images) and inline data: a document never reaches
    # out to the network, whatever text ends up in it.
    return URLFetcher(allowed_protocols={"file", "data"})


def render_html(template_name: str, context: dict) -> str:
    return nfc(render_to_string(template_name, context))


def in_official_language(function):
    """Official documents are Vietnamese whatever language the person printing them reads the
    site in: decorate every function that builds one. (A fresh ``override`` per call: one shared
    instance keeps the previous language on itself and is not safe across threads.)"""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapper


def render_pdf(
    template_name: str,
    context: dict,
    *,
    title: str,
    author: str,
    subject: str = "",
    keywords=DEFAULT_KEYWORDS,
) -> bytes:
    """Render ``template_name`` with ``context`` to PDF bytes, with the document's metadata set.

    The template should extend contest/pdf/official_base.html (or at least not bring its own
    fonts); the official stylesheet and the shipped fonts are always applied.
    """
    # Lazily: about a second to import (see warn_if_slow_font_subsetting).
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    warn_if_slow_font_subsetting()
    html = render_html(template_name, context)
    base_url = static_path(STYLESHEETS[0]).parent.as_uri() + "/"
    fetcher = url_fetcher()
    font_config = FontConfiguration()
    stylesheets = [CSS(string=font_face_css(), font_config=font_config, url_fetcher=fetcher)]
    stylesheets += [
        CSS(filename=str(static_path(name)), font_config=font_config, url_fetcher=fetcher) for name in STYLESHEETS
    ]
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        font_config=font_config, stylesheets=stylesheets
    )
    document.metadata.title = nfc(str(title))
    document.metadata.authors = [nfc(str(author))]
    document.metadata.description = nfc(str(subject)) or None
    document.metadata.keywords = [nfc(str(k)) for k in keywords]
    return document.write_pdf()
