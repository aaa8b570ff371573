"""Friendly error pages in the active language (Vietnamese by default)."""

import base64
import hashlib
import re

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from contest.core.http import permission_denied

__all__ = ["bad_request", "csrf_failure", "page_not_found", "permission_denied", "server_error"]


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors that could fail again: keep it to the static template.
    html = loader.get_template("500.html").render()
    response = HttpResponseServerError(html)
    # The page carries its own styles (no static file a broken deployment might lack): allow
    # exactly that block by its hash, nothing else inline.
    # django-csp reads this attribute (what its csp_update decorator sets); the stubs do not know it.
    response._csp_update = {"style-src": [_style_hash(html)]}  # type: ignore[attr-defined]
    return response


def _style_hash(html):
    match = re.search(r"<style>(.*?)</style>", html, re.DOTALL)
    digest = hashlib.sha256(match.group(1).encode()).digest() if match else b""
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: what to do, in Vietnamese, instead of Django's English technical page."""
    return render(request, "403_csrf.html", status=403)
