"""The address people reach the site at, used in every link that leaves it (e-mails, the
certificates' QR codes, Wagtail's own notifications). Pure: reads a mapping, imports nothing.

Order: PUBLIC_BASE_URL; the older WAGTAILADMIN_BASE_URL; then, in development, the host and port
`make run` serves on (HOST, PORT, exported by the Makefile and scripts/run-dev.sh, so the worker
and seed_demo read the same); in production, https:// and the first ALLOWED_HOSTS name.
"""

# A server listening on every interface is not an address anyone can open.
_ANY = {"0.0.0.0", "::", "[::]", ""}  # noqa: S104 - recognised, not bound


def _clean(url: str) -> str:
    url = url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"PUBLIC_BASE_URL must start with http:// or https://, not {url!r}")
    return url


def explicit(environ) -> str | None:
    value = environ.get("PUBLIC_BASE_URL") or environ.get("WAGTAILADMIN_BASE_URL")
    return _clean(value) if value else None


def for_development(environ) -> str:
    host = environ.get("HOST", "127.0.0.1").strip()
    host = "127.0.0.1" if host in _ANY else host
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address
    port = environ.get("PORT", "8000").strip() or "8000"
    return explicit(environ) or f"http://{host}:{port}"


def for_production(environ, allowed_hosts) -> str | None:
    """None when nothing names the site (only wildcards): production refuses to start then."""
    if explicit(environ):
        return explicit(environ)
    names = [h for h in allowed_hosts if h and not h.startswith((".", "*"))]
    return f"https://{names[0]}" if names else None
