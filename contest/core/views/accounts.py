"""Log-in and the landing redirect after it (each role has its own home); a throttled password reset."""

import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path
from django_ratelimit.core import is_ratelimited

from contest.rules import is_contest_staff, is_judge, is_unit_representative

logger = logging.getLogger(__name__)


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, limited per e-mail address and per visitor.

    Without a limit anyone can fill a person's mailbox with reset e-mails. Past either limit the
    e-mail is not sent but the answer is the same neutral page as always ("if the address is
    known, a link is on its way"), so the limit tells nobody whether the address has an account.
    """

    def form_valid(self, form):
        address = form.cleaned_data["email"].strip().casefold()
        by_visitor = is_ratelimited(
            self.request,
            group="password-reset-visitor",
            key="ip",
            rate=settings.PASSWORD_RESET_RATE_PER_VISITOR,
            increment=True,
        )
        by_address = is_ratelimited(
            self.request,
            group="password-reset-address",
            key=lambda _group, _request: address,
            rate=settings.PASSWORD_RESET_RATE_PER_ADDRESS,
            increment=True,
        )
        if by_visitor or by_address:
            logger.warning("password reset throttled (%s)", "visitor" if by_visitor else "address")
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


@login_required
def home_redirect(request):
    user = request.user
    if is_unit_representative(user):
        return redirect("portal:home")
    if is_judge(user) and not is_contest_staff(user):
        return redirect("judging:home")
    if is_contest_staff(user) or user.has_perm("wagtailadmin.access_admin"):
        return redirect("wagtailadmin_home")
    return redirect("/")


# Django's auth views under Vietnamese paths; named as Django names them, so reverse() and the
# password-reset e-mail keep working. Declared one by one so that "login" has a single meaning.
urlpatterns = [
    path("dang-nhap/", LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("quen-mat-khau/", PasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("dat-lai/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("dat-lai/xong/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
