from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ContestConfig(AppConfig):
    name = "contest"
    verbose_name = _("Cuộc thi Dân vận khéo")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported in ready(): roles imports django.contrib.auth's models, which the app registry
        # only allows once every app is loaded (the usual AppConfig.ready rule).
        from django.core import checks

        from contest.core.checks import font_subsetting
        from contest.core.roles import ensure_role_groups

        checks.register(font_subsetting)

        # In ready(), before any Wagtail form class is built: our dd/mm/yyyy date fields replace
        # the ones Wagtail registers for model forms (contest/core/backoffice/dates.py).
        from contest.core.backoffice import dates

        dates.register()

        # Sent after every migrate and flush, once all apps' permissions exist.
        post_migrate.connect(ensure_role_groups, dispatch_uid="contest.ensure_role_groups")
