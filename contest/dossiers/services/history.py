from contest.dossiers.models import EntryEvent


def record(*, entry, action, by, from_state="", to_state="", reason="", details=None):
    """Append one line to the entry's history (called inside the caller's transaction)."""
    return EntryEvent.objects.create(
        entry=entry,
        action=action,
        actor=by,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        details=details or {},
    )
