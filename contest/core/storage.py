from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Dossier files: kept outside MEDIA_ROOT and never given a URL.

    Django would fall back to MEDIA_URL for ``base_url=None``; raising instead means no template
    can ever link to a private file directly: it must go through the permission-checking view.
    """

    def url(self, name):
        raise ValueError("Private files have no public URL; link to the attachment view instead.")
