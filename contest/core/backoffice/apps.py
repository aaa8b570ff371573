"""App config that swaps Wagtail's user admin for ours (see contest/backoffice/users.py).

Listed in INSTALLED_APPS in place of ``"wagtail.users"``; it stays a separate class so that the
contest app keeps its own label.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class WagtailUsersConfig(WagtailUsersAppConfig):
    user_viewset = "contest.core.backoffice.users.UserViewSet"
