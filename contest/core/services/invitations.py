"""Invitations to choose a password, for accounts created by an import (the body of the
``send_account_invitations`` job)."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from contest.core.models import User


def send_invitations(user_ids: list[int]) -> int:
    """E-mail imported unit accounts a link to choose their password.

    Imported accounts have no usable password, and Django's "forgot password" form skips such
    accounts, so this link (the standard reset-confirm page, valid PASSWORD_RESET_TIMEOUT) is how
    they get in. One SMTP connection for the whole batch.
    """
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for user in User.objects.filter(pk__in=user_ids, is_active=True).select_related("unit"):
            if not user.email or user.has_usable_password():
                continue  # chose a password meanwhile
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            token = default_token_generator.make_token(user)
            context = {
                "user": user,
                "url": base + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}),
                "login_url": base + reverse("login"),
                "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
            }
            subject = render_to_string("contest/core/email/account_invitation_subject.txt", context).strip()
            body = render_to_string("contest/core/email/account_invitation.txt", context)
            messages.append(EmailMessage(subject, body, None, [user.email]))
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0
