"""Who is asking in the unit portal: the representative's unit, and the unit's own entries.

Shared by the portal's pages and its attachment views; an entry of another unit is a 404, never
data (the permission itself is decided in contest/rules.py)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from contest.dossiers.models import Entry


def representative_unit(request):
    """The unit of the signed-in representative; anyone else is refused."""
    if not request.user.has_perm("portal.use"):
        raise PermissionDenied
    return request.user.unit


def own_entry(request, pk, *, for_update=False):
    """The entry, if it belongs to the user's unit. Another unit's entry is a 404, never data;
    ``for_update`` also needs the right to edit it now."""
    unit = representative_unit(request)
    entry = get_object_or_404(Entry.objects.select_related("contest", "unit", "field"), pk=pk)
    if entry.unit_id != unit.pk:
        raise Http404
    if for_update and not request.user.has_perm("portal.edit_dossier", entry):
        raise PermissionDenied
    return entry
