"""What makes the public site's cached pages stale: the signals that bump the generations of
cms/caching.py. Connected once, from CmsConfig.ready (the page models import cms.caching for
their mixin, so the wiring that needs the models lives here rather than there)."""

from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from cms.caching import bump, bump_identity
from cms.models import PortalSettings
from contest.certificates.models import Certificate, CertificateTemplate
from contest.core.models import Contest, Round, Unit
from contest.notices.models import Notice, NoticeRules
from contest.results.models import AwardRevocation, ResultSnapshot


def connect():
    """Bump the generation whenever something the public site shows changes."""
    signals = {
        "published": page_published,
        "unpublished": page_unpublished,
        "slug-changed": page_slug_changed,
        "moved": post_page_move,
    }
    for name, signal in signals.items():
        signal.connect(bump, dispatch_uid=f"cms-cache-page-{name}")
    post_delete.connect(bump, sender=Page, dispatch_uid="cms-cache-page-delete")
    for model in (
        AwardRevocation,
        Certificate,
        CertificateTemplate,
        Contest,
        Notice,
        NoticeRules,
        ResultSnapshot,
        Round,
        Unit,
    ):
        post_save.connect(bump, sender=model, dispatch_uid=f"cms-cache-save-{model.__name__}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"cms-cache-delete-{model.__name__}")
    # The header and footer of every page (cms/identity.py): the settings, and an image whose file
    # was replaced (the emblem's or the banner's renditions get new addresses).
    for model in (PortalSettings, get_image_model()):
        post_save.connect(bump_identity, sender=model, dispatch_uid=f"cms-cache-save-{model.__name__}")
        post_delete.connect(bump_identity, sender=model, dispatch_uid=f"cms-cache-delete-{model.__name__}")
