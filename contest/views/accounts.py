"""Log-in and the landing redirect after it (each role has its own home)."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from contest.rules import is_contest_staff, is_unit_representative


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True


@login_required
def home_redirect(request):
    user = request.user
    if is_unit_representative(user):
        return redirect("portal:home")
    if is_contest_staff(user) or user.has_perm("wagtailadmin.access_admin"):
        return redirect("wagtailadmin_home")
    return redirect("/")
