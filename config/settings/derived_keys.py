"""Keys derived from SECRET_KEY, so that a deployment has one secret to keep, not several."""

import hashlib
import hmac


def altcha_key(environ, secret_key: str) -> str:
    """The key that signs the proof-of-work challenges of public forms (contest/core/challenge.py):
    ``ALTCHA_HMAC_KEY`` from the environment, or else one derived from SECRET_KEY (a different key
    for each purpose: a challenge's signature tells nothing about SECRET_KEY)."""
    return environ.get("ALTCHA_HMAC_KEY") or hmac.new(secret_key.encode(), b"dvk-altcha", hashlib.sha256).hexdigest()
