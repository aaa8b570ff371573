"""Who is voting, reduced to what the quota and the review need (pure: no database).

- :func:`normalise_email`: one mailbox, one identity. Gmail ignores dots and everything after a
  "+" (tuan.anh+1@gmail.com is tuananh@gmail.com), the classic way to mint "new" addresses; the
  "+tag" is removed for every provider, the dots only where the provider ignores them.
- :func:`ip_prefix`: the network an address belongs to (/24 for IPv4, /48 for IPv6), which is
  what the review clusters on and all the log keeps of an address.
"""

import ipaddress
import re
import unicodedata
from collections.abc import Container

# Providers known to deliver a.b.c@ and abc@ to the same mailbox.
DOTLESS_DOMAINS = frozenset({"gmail.com", "googlemail.com"})
DOMAIN_ALIASES = {"googlemail.com": "gmail.com"}
_EMAIL = re.compile(r"[^@\s]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}")


class NotAnEmail(ValueError):
    pass


def normalise_email(text: str) -> str:
    """The canonical form of an address, or :class:`NotAnEmail`."""
    text = unicodedata.normalize("NFC", (text or "").strip())
    if not _EMAIL.fullmatch(text):
        raise NotAnEmail(text)
    local, domain = text.rsplit("@", 1)
    domain = domain.casefold().rstrip(".")
    domain = DOMAIN_ALIASES.get(domain, domain)
    local = local.casefold().split("+", 1)[0]
    if domain in DOTLESS_DOMAINS:
        local = local.replace(".", "")
    if not local:
        raise NotAnEmail(text)
    return f"{local}@{domain}"


def stem_of(normalised: str) -> str:
    """The address without its digits and separators: lan1@, lan.2@ and lan_03@gmail.com share the
    stem lan@gmail.com. Many identities on one stem is how scripted "sequential" mailboxes look.
    An address of digits only (often a phone number: 0912345678@gmail.com) keeps all but its last
    three digits, so that numbers in a row share a stem and unrelated numbers do not."""
    local, domain = normalised.rsplit("@", 1)
    letters = re.sub(r"[\d._-]+", "", local)
    if not letters:
        digits = re.sub(r"\D", "", local)
        letters = "#" + digits[:-3]
    return letters + "@" + domain


def domain_of(normalised: str) -> str:
    return normalised.rsplit("@", 1)[1]


def is_listed_domain(domain: str, listed: Container[str]) -> bool:
    """The domain or any parent of it is in ``listed`` (mail.yopmail.com counts as yopmail.com)."""
    parts = domain.split(".")
    return any(".".join(parts[i:]) in listed for i in range(len(parts) - 1))


def ip_prefix(address: str | None) -> str:
    """ "203.0.113.0/24" for 203.0.113.57, "2001:db8:1::/48" for an IPv6 address; "" if unknown."""
    if not address:
        return ""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return ""
    if parsed.version == 6 and parsed.ipv4_mapped is not None:
        parsed = parsed.ipv4_mapped
    length = 24 if parsed.version == 4 else 48
    return str(ipaddress.ip_network(f"{parsed}/{length}", strict=False))
