"""The storages of STORAGES (config/settings/object_storage.py builds them from the environment):
the private one on the disk or in an S3-compatible bucket, and the public media's bucket.

Everything that reads or writes a stored file goes through Django's Storage API (``open``,
``save``, ``delete``, ``exists``, ``listdir``), never through a path: a bucket has none.
"""

from typing import Any

from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

NO_URL = "Private files have no public URL; link to the attachment view instead."


class PrivateFileSystemStorage(FileSystemStorage):
    """Dossier files: kept outside MEDIA_ROOT and never given a URL.

    Django would fall back to MEDIA_URL for ``base_url=None``; raising instead means no template
    can ever link to a private file directly: it must go through the permission-checking view.
    """

    def url(self, name):
        raise ValueError(NO_URL)


class PrivateStorage(LazyObject):
    """``storages["private"]`` looked up when first used, not when a model class is built: a
    ``FileField(storage=callable)`` calls its callable once, at import, and keeping the object it
    returned would pin the storage a test (or a settings override) replaced."""

    _wrapped: Any  # the storage, or ``empty`` until first used

    def _setup(self):
        self._wrapped = storages["private"]


private = PrivateStorage()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        private._wrapped = empty


def is_remote(storage) -> bool:
    """Whether a storage keeps its files elsewhere than this machine's disk (a bucket)."""
    return not isinstance(_unwrapped(storage), FileSystemStorage)


def _unwrapped(storage):
    if isinstance(storage, LazyObject):
        if storage._wrapped is empty:
            storage._setup()
        return storage._wrapped
    return storage


def open_stream(storage, name):
    """A stored file opened to be sent to a browser: the local file itself (which the WSGI server
    may hand to sendfile), or a bucket object's body read as it arrives."""
    storage = _unwrapped(storage)
    opener = getattr(storage, "open_stream", None)
    return opener(name) if opener else storage.open(name, "rb")
