"""Every write goes through a service: a function with keyword-only arguments, run in a
transaction, that raises a :class:`contest.errors.DomainError` with a readable message."""
