"""Where files live: the local disk (the default) or an S3-compatible bucket. Pure: reads a
mapping, imports nothing of Django's, so that the tests and the processes they start build the
same STORAGES from the same variables.

With ``S3_BUCKET`` set, the private files (dossier files, certificates, seals, generated
documents, spreadsheet previews: storage ``"private"``) go to that bucket, and the public media
(Wagtail's images, renditions and documents: storage ``"default"``) to ``S3_MEDIA_BUCKET`` — or,
when that is empty, to the same bucket under ``media/`` while the private files sit under
``private/``. Every S3 variable:

==========================  =====================================================================
``S3_BUCKET``               the private files' bucket; empty: everything stays on the local disk
``S3_ENDPOINT_URL``         the provider's endpoint (MinIO, Ceph, Viettel, FPT, CMC …); empty: AWS
``S3_REGION``               the region (``us-east-1`` if the provider has none)
``S3_ACCESS_KEY_ID``        the keys; both empty: boto3's own chain (instance role, ~/.aws)
``S3_SECRET_ACCESS_KEY``
``S3_ADDRESSING_STYLE``     ``path`` or ``virtual``; default ``path`` with an endpoint, else auto
``S3_MEDIA_BUCKET``         the public media's bucket (empty: the private bucket, under media/)
``S3_MEDIA_URL``            the media's public address (a CDN, nginx, or the bucket's website
                            endpoint), e.g. ``https://media.dvk.example.vn``; empty: the media's
                            links are presigned for ``S3_MEDIA_URL_SECONDS`` (default a day)
``S3_DOWNLOAD_SECONDS``     how long a presigned private download lives (default 60), used only
                            with ``PRIVATE_DOWNLOADS=presigned``
==========================  =====================================================================

No ACL is ever sent (``default_acl`` None): objects get the bucket's own, private, access. Names
are never overwritten (``file_overwrite`` False), as on the disk: a second file with a taken
name gets a suffix, and the certificate writer deletes its own name before writing it again.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

FILESYSTEM_PRIVATE = "contest.core.storage.PrivateFileSystemStorage"
S3_PRIVATE = "contest.core.s3_storage.PrivateS3Storage"
S3_PUBLIC = "contest.core.s3_storage.PublicS3Storage"
# Reads bigger than this spool to a temporary file instead of memory (a 20 MB video, a PDF).
SPOOL_BYTES = 5 * 1024 * 1024


def is_configured(environ: Mapping[str, str]) -> bool:
    return bool(environ.get("S3_BUCKET", "").strip())


def _connection(environ: Mapping[str, str]) -> dict[str, Any]:
    endpoint = environ.get("S3_ENDPOINT_URL", "").strip() or None
    style = environ.get("S3_ADDRESSING_STYLE", "").strip() or ("path" if endpoint else None)
    if style not in (None, "path", "virtual", "auto"):
        raise ValueError(f"S3_ADDRESSING_STYLE must be path, virtual or auto, not {style!r}")
    options: dict[str, Any] = {
        "endpoint_url": endpoint,
        "region_name": environ.get("S3_REGION", "").strip() or "us-east-1",
        "addressing_style": style,
        "signature_version": "s3v4",
        "default_acl": None,
        "file_overwrite": False,
        "max_memory_size": SPOOL_BYTES,
    }
    key, secret = environ.get("S3_ACCESS_KEY_ID", ""), environ.get("S3_SECRET_ACCESS_KEY", "")
    if bool(key) != bool(secret):
        raise ValueError("S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both or neither")
    if key:
        options.update(access_key=key, secret_key=secret)
    return options


def _seconds(environ: Mapping[str, str], name: str, default: int) -> int:
    value = int(environ.get(name, "").strip() or default)
    if not 1 <= value <= 7 * 24 * 3600:  # SigV4 signatures live at most a week
        raise ValueError(f"{name} must be between 1 and 604800 seconds, not {value}")
    return value


def storages(environ: Mapping[str, str], *, private_root: Path, staticfiles: str) -> dict[str, dict]:
    """The STORAGES setting for this environment."""
    result: dict[str, dict] = {"staticfiles": {"BACKEND": staticfiles}}
    if not is_configured(environ):
        result["default"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
        result["private"] = {"BACKEND": FILESYSTEM_PRIVATE, "OPTIONS": {"location": private_root, "base_url": None}}
        return result
    bucket = environ["S3_BUCKET"].strip()
    media_bucket = environ.get("S3_MEDIA_BUCKET", "").strip()
    shared = not media_bucket or media_bucket == bucket
    connection = _connection(environ)
    result["private"] = {
        "BACKEND": S3_PRIVATE,
        "OPTIONS": {
            **connection,
            "bucket_name": bucket,
            "location": "private" if shared else "",
            "querystring_auth": True,
            "querystring_expire": _seconds(environ, "S3_DOWNLOAD_SECONDS", 60),
        },
    }
    media_url = environ.get("S3_MEDIA_URL", "").strip().rstrip("/")
    media: dict[str, Any] = {
        **connection,
        "bucket_name": media_bucket or bucket,
        "location": "media" if shared else "",
        # Without a public address the links are presigned: nothing in the bucket is made public.
        "querystring_auth": not media_url,
        "querystring_expire": _seconds(environ, "S3_MEDIA_URL_SECONDS", 24 * 3600),
    }
    if media_url:
        protocol, _, domain = media_url.partition("//")
        if protocol not in ("http:", "https:") or not domain:
            raise ValueError(f"S3_MEDIA_URL must start with http:// or https://, not {media_url!r}")
        media.update(custom_domain=domain, url_protocol=protocol)
    result["default"] = {"BACKEND": S3_PUBLIC, "OPTIONS": media}
    return result
