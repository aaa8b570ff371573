"""The back office types dates like the portal does: Wagtail's own widget for model date fields
is a jQuery picker that expects yyyy-mm-dd and, on leaving the field, replaces what it cannot read
(05/12/2026) with today's date. Every model form Wagtail builds (viewsets, snippets, pages) gets
our dd/mm/yyyy text input and strict field instead.

Registered from ContestConfig.ready(), before any form class is built; importing
register_form_field_override runs Wagtail's own registrations first, so ours replace them.
"""

from django.db import models
from wagtail.admin.forms.models import register_form_field_override

from contest.core.forms import DateField, DateInput, DateTimeField, DateTimeInput


def register():
    register_form_field_override(models.DateField, override={"form_class": DateField, "widget": DateInput})
    register_form_field_override(models.DateTimeField, override={"form_class": DateTimeField, "widget": DateTimeInput})
