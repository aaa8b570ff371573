from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Trang công khai")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported in ready(): both modules import models, which the app registry only allows once
        # every app is loaded (the usual AppConfig.ready rule).
        from cms import signals
        from cms.roles import ensure_site_permissions

        signals.connect()

        # Sent after every migrate and flush, once per app: no sender filter, because the image and
        # document permissions may be created after cms's own signal on a fresh database.
        post_migrate.connect(ensure_site_permissions, dispatch_uid="cms.ensure_site_permissions")
