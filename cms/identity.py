"""The portal's identity for the header and footer of every page: names, emblem, favicon, contacts.

Read from the site's PortalSettings once, then kept in the cache under a generation of its own
(cms/caching.py), which saving the settings or an image bumps: the header of the unit
portal, the judges' pages and every public page asks the database nothing once the cache is warm.
A cold cache costs two queries (site, settings with its emblem), and one more for the emblem's
renditions when one was uploaded.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.templatetags.static import static
from wagtail.models import Site

from cms.caching import IDENTITY_GENERATION_KEY, generation
from cms.models import PortalSettings
from cms.models.site_settings import DEFAULT_PORTAL_NAME

DEFAULT_EMBLEM = "img/emblem.svg"
DEFAULT_FAVICON = "img/favicon.png"
DEFAULT_TOUCH_ICON = "img/apple-touch-icon.png"
# Renditions of an uploaded emblem: the header (shown at most 80 px high, twice that for sharp
# screens), the browser tab and a phone's home screen.
EMBLEM_SPEC = "max-240x160"
FAVICON_SPEC = "max-64x64|format-png"
TOUCH_ICON_SPEC = "max-180x180|format-png"
TIMEOUT = 24 * 3600


@dataclass(frozen=True)
class Identity:
    portal_name: str = DEFAULT_PORTAL_NAME
    parent_body: str = ""
    organiser_name: str = ""
    emblem_url: str = ""
    custom_emblem: bool = False
    favicon_url: str = ""
    touch_icon_url: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    responsible: str = ""
    footer_note: str = ""

    @property
    def has_contacts(self) -> bool:
        return bool(self.address or self.phone or self.email)

    @property
    def tel(self) -> str:
        """The phone number as a tel: address (digits and a leading +)."""
        first = self.phone.split(",")[0].split(";")[0]
        return "".join(c for c in first if c.isdigit() or c == "+")


def neutral() -> Identity:
    """The identity of a portal nobody has set up yet (and of pages rendered without a request)."""
    return Identity(
        emblem_url=static(DEFAULT_EMBLEM),
        favicon_url=static(DEFAULT_FAVICON),
        touch_icon_url=static(DEFAULT_TOUCH_ICON),
    )


def for_request(request) -> Identity:
    if request is None:
        return neutral()
    host = hashlib.sha256(request._get_raw_host().encode()).hexdigest()[:24]
    key = f"cms:identity:{generation(IDENTITY_GENERATION_KEY)}:{host}"
    identity = cache.get(key)
    if identity is None:
        identity = _load(request)
        cache.set(key, identity, TIMEOUT)
    return identity


def _load(request) -> Identity:
    site = Site.find_for_request(request)
    settings = PortalSettings.objects.select_related("emblem").filter(site=site).first() if site else None
    if settings is None:
        return neutral()
    base = neutral()
    urls = {}
    if settings.emblem is not None:
        renditions = settings.emblem.get_renditions(EMBLEM_SPEC, FAVICON_SPEC, TOUCH_ICON_SPEC)
        urls = {
            "custom_emblem": True,
            "emblem_url": renditions[EMBLEM_SPEC].url,
            "favicon_url": renditions[FAVICON_SPEC].url,
            "touch_icon_url": renditions[TOUCH_ICON_SPEC].url,
        }
    return Identity(
        portal_name=settings.portal_name or DEFAULT_PORTAL_NAME,
        parent_body=settings.parent_body,
        organiser_name=settings.organiser_name,
        emblem_url=urls.get("emblem_url", base.emblem_url),
        custom_emblem=urls.get("custom_emblem", False),
        favicon_url=urls.get("favicon_url", base.favicon_url),
        touch_icon_url=urls.get("touch_icon_url", base.touch_icon_url),
        address=settings.address,
        phone=settings.phone,
        email=settings.email,
        responsible=settings.responsible,
        footer_note=settings.footer_note,
    )
