"""Domain errors. Their message is meant for the user, in the active language."""

from collections.abc import Iterable

from django.utils.functional import Promise


class DomainError(Exception):
    """A business rule refused the operation; ``str(error)`` is a readable message."""

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class DeadlinePassed(DomainError):
    pass


class QuotaExceeded(DomainError):
    pass


class InvalidTransition(DomainError):
    pass


class IncompleteDossier(DomainError):
    def __init__(self, message: str | Promise, *, missing: Iterable[str]) -> None:
        super().__init__(message)
        self.missing = missing


class InvalidUpload(DomainError):
    pass
