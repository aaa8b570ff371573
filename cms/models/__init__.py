"""Wagtail pages of the public site. ``cms`` reads contest data; ``contest`` never imports ``cms``."""

from .announcements import AnnouncementIndexPage, AnnouncementKind, AnnouncementPage
from .home import HomePage
from .results import ResultsIndexPage, ResultsPage
from .showcase import GalleryPage, ReplicationStatus, ShowcaseIndicator, ShowcasePage, ShowcasePhoto
from .site_settings import PortalSettings

__all__ = [
    "AnnouncementIndexPage",
    "AnnouncementKind",
    "AnnouncementPage",
    "GalleryPage",
    "HomePage",
    "PortalSettings",
    "ReplicationStatus",
    "ResultsIndexPage",
    "ResultsPage",
    "ShowcaseIndicator",
    "ShowcasePage",
    "ShowcasePhoto",
]
