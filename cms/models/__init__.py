"""Wagtail pages of the public site. ``cms`` reads contest data; ``contest`` never imports ``cms``."""

from .announcements import AnnouncementIndexPage, AnnouncementKind, AnnouncementPage
from .home import HomePage
from .results import ResultsPage
from .showcase import GalleryPage, ReplicationStatus, ShowcaseIndicator, ShowcasePage, ShowcasePhoto

__all__ = [
    "AnnouncementIndexPage",
    "AnnouncementKind",
    "AnnouncementPage",
    "GalleryPage",
    "HomePage",
    "ReplicationStatus",
    "ResultsPage",
    "ShowcaseIndicator",
    "ShowcasePage",
    "ShowcasePhoto",
]
