"""A self-hosted proof-of-work challenge (ALTCHA, through django-altcha) for public forms.

Anyone may post the public forms (opinions on a provisional list, later the public vote), so a
robot may too. The visitor's browser spends a fraction of a second finding a number whose SHA-256
matches a challenge that this server signed (HMAC, ``ALTCHA_HMAC_KEY``); the server checks the
signature, the expiry and that the challenge was not used before. No third party is called, no
cookie is set, and it works offline on a venue's laptop. It is one layer among others: rate limits
per visitor, a honeypot field and a form token stay in the views.

Use: add ``challenge = ChallengeField()`` to a form and render ``{{ form.challenge }}`` inside the
``<form>``. The widget fetches a fresh challenge from :func:`challenge_json` when the visitor ticks
the box or submits (so a long text written slowly never meets an expired challenge), solves it in
a worker, and posts the solution in the field. Its script, style and worker are static files
(static/vendor/altcha/, see ABOUT.txt there): nothing inline, as the CSP demands.
"""

import base64
import datetime
import json
from urllib.parse import parse_qs

import altcha
from django import forms
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django_altcha import AltchaField, AltchaWidget, get_hmac_key, get_setting

# The widget's own words, in our catalogue (its bundled translations would be a second one).
WIDGET_STRINGS = {
    "label": _("Tôi không phải là máy tự động"),
    "verify": _("Xác minh"),
    "verifying": _("Đang xác minh…"),
    "verified": _("Đã xác minh"),
    "verificationRequired": _("Hãy đánh dấu ô xác minh trước khi gửi."),
    "waitAlert": _("Đang xác minh, xin chờ trong giây lát."),
    "error": _("Xác minh không thành công. Hãy thử lại."),
    "expired": _("Lượt xác minh đã hết hạn. Hãy xác minh lại."),
    "loading": _("Đang tải…"),
    "reload": _("Tải lại"),
    "ariaLinkLabel": _("Xác minh chống gửi tự động"),
    "footer": "",
}


def max_number() -> int:
    """How far the browser may have to count: the challenge's difficulty (``ALTCHA_MAX_NUMBER``)."""
    return int(getattr(settings, "ALTCHA_MAX_NUMBER", 100_000))


LEVEL_PARAM = "muc"


def new_challenge(*, size: int | None = None, level: int = 0) -> dict:
    """A fresh signed challenge, as the widget expects it (JSON; it reads ``maxnumber``). ``level``
    is written into the signed salt, so that a form can demand a challenge issued at a level (the
    vote's escalation, contest/voting/escalation.py) and a script cannot swap in an easier one."""
    challenge = altcha.create_challenge(
        altcha.ChallengeOptions(
            hmac_key=get_hmac_key(),
            max_number=size or max_number(),
            expires=datetime.datetime.now() + datetime.timedelta(milliseconds=get_setting("ALTCHA_CHALLENGE_EXPIRE")),
            params={LEVEL_PARAM: str(level)} if level else None,
        )
    )
    data = dict(challenge.__dict__)
    data["maxnumber"] = data.pop("max_number")
    return data


def level_of(payload: str) -> int:
    """The level a solved challenge was issued at (0 when none); read from its salt, which the
    signature covers — call it on a payload the field has already verified."""
    try:
        salt = json.loads(base64.b64decode(payload).decode())["salt"]
        params = parse_qs(salt.partition("?")[2])
        return int(params.get(LEVEL_PARAM, ["0"])[0])
    except (ValueError, KeyError, TypeError):
        return 0


def _strings() -> str:
    return json.dumps({key: str(value) for key, value in WIDGET_STRINGS.items()}, ensure_ascii=False)


def _static(path: str) -> str:
    return static(path)


class ChallengeWidget(AltchaWidget):
    """The ``<altcha-widget>`` element with our static files and words; nothing inline."""

    template_name = "contest/core/challenge_widget.html"

    def get_context(self, name, value, attrs):
        # django-altcha's own get_context embeds a challenge when no URL is given: ours always has
        # one, so only the options are passed on (lazy values, and the strings in today's language).
        context = forms.Widget.get_context(self, name, value, attrs)
        options = {key: value for key, value in self.options.items() if value not in (None, False)}
        options["strings"] = _strings()
        # A boolean option is an attribute without a value (the widget reads its presence).
        context["widget"]["altcha_options"] = {
            key: "" if value is True else str(value) for key, value in options.items()
        }
        context["widget"]["script_url"] = _static("vendor/altcha/altcha.js")
        context["widget"]["style_url"] = _static("vendor/altcha/altcha.css")
        return context


class ChallengeField(AltchaField):
    """The solved challenge, checked (signature, expiry, single use) when the form is cleaned."""

    widget = ChallengeWidget
    default_error_messages = {
        "required": _("Hãy đánh dấu ô “Tôi không phải là máy tự động” và chờ xác minh xong rồi gửi lại."),
        "invalid": _("Xác minh chống gửi tự động không hợp lệ hoặc đã hết hạn. Hãy xác minh lại rồi gửi."),
        "error": _("Xác minh chống gửi tự động không hợp lệ hoặc đã hết hạn. Hãy xác minh lại rồi gửi."),
        "replay": _("Lượt xác minh này đã được dùng. Hãy xác minh lại rồi gửi."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Xác minh chống gửi tự động"))
        kwargs.setdefault("challengeurl", reverse_lazy("challenge"))
        kwargs.setdefault("workerurl", lazy(_static, str)("vendor/altcha/worker.js"))
        # Solved when the visitor ticks the box, or else when the form is sent.
        kwargs.setdefault("auto", "onsubmit")
        kwargs.setdefault("hidefooter", True)
        kwargs.setdefault("hidelogo", True)
        super().__init__(**kwargs)
