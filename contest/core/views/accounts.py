"""Log-in and the landing redirect after it (each role has its own home)."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import path

from contest.rules import is_contest_staff, is_judge, is_unit_representative


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True


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
    path("quen-mat-khau/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("dat-lai/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("dat-lai/xong/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
