"""The one error of signing: the configured key cannot sign now, and nothing is issued."""

from contest.core.errors import DomainError


class SigningUnavailable(DomainError):
    """The configured key cannot be used (missing file, wrong passphrase or PIN, token absent,
    signing service or timestamp authority unreachable, certificate expired): nothing is issued,
    and the message says in Vietnamese what to do."""


class PinRequired(SigningUnavailable):
    """The key is on a token whose PIN is entered by the organiser for a batch, and none was given."""


class PinIncorrect(SigningUnavailable):
    """The token refused the PIN: asking again with the same PIN would only lock the token."""
