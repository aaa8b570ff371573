"""The token PIN an organiser enters for one batch, held for that batch only ("one PIN entry per
batch for a token"), never stored.

- **Where**: the signing PIN cache (``SIGNING_PIN_CACHE``: Redis when ``CACHE_URL`` is Redis, else
  the database cache table), which both the web process that takes the PIN and the worker that signs
  can read, and which outlives a worker restart, so a batch whose worker died resumes by itself.
  Never the job table (a job's arguments are stored in clear), the batch row, the audit log or a
  log line.
- **How**: encrypted (Fernet) under a key derived from ``SECRET_KEY``, a random salt and the batch,
  so a copy of the cache (a Redis dump, a database backup taken mid-batch) does not give the PIN
  without the server's secret.
- **How long**: until the batch ends (done, failed, or the token refused the PIN), at most
  ``SIGNING_PIN_HOURS``. A failed batch asks for the PIN again when the organiser resumes it.
"""

import base64
import functools
import os
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

CERTIFICATES = "certificates"


@functools.cache
def _cache_for(backend: str, location: str, options: tuple):
    return import_string(backend)(location, {"OPTIONS": dict(options)})


def _cache():
    config: dict[str, Any] = settings.SIGNING_PIN_CACHE
    options = tuple(sorted(config.get("OPTIONS", {}).items()))
    return _cache_for(str(config["BACKEND"]), str(config["LOCATION"]), options)


def _fernet(kind: str, batch_id: int, salt: bytes):
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    info = f"dvk-signing-pin:{kind}:{batch_id}".encode()
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def _key(kind: str, batch_id: int) -> str:
    return f"signing-pin:{kind}:{batch_id}"


def keep(kind: str, batch_id: int, pin: str) -> None:
    salt = os.urandom(16)
    token = _fernet(kind, batch_id, salt).encrypt(pin.encode("utf-8"))
    _cache().set(_key(kind, batch_id), (salt, token), timeout=int(settings.SIGNING_PIN_HOURS * 3600))


def read(kind: str, batch_id: int) -> str | None:
    from cryptography.fernet import InvalidToken

    kept = _cache().get(_key(kind, batch_id))
    if kept is None:
        return None
    salt, token = kept
    try:
        return _fernet(kind, batch_id, salt).decrypt(token).decode("utf-8")
    except InvalidToken:
        return None  # SECRET_KEY changed since: the organiser enters the PIN again


def forget(kind: str, batch_id: int) -> None:
    _cache().delete(_key(kind, batch_id))
