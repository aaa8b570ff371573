"""The dossier's create and edit page, one flow for its two faces: the unit's portal
(contest/dossiers/views/portal.py) and the secretariat's paper dossiers in the back office
(contest/dossiers/backoffice/paper.py). Neither face imports the other: both import this."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from contest.core.errors import DomainError
from contest.dossiers.forms import EntryForm, IndicatorFormSet, TeamMemberFormSet, indicator_rows
from contest.dossiers.models import EntryIndicator


def _members_initial(entry):
    return [{"full_name": m.full_name, "role": m.role, "position": m.position} for m in entry.members.all()]


def _member_rows(formset):
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and f.cleaned_data.get("full_name")]


PORTAL_FORM_TEMPLATE = "contest/dossiers/portal/entry_form.html"


def dossier_form_page(
    request,
    *,
    contest,
    unit,
    entry,
    save,
    success_message,
    template=PORTAL_FORM_TEMPLATE,
    success_url=None,
    extra_form=None,
    context=None,
):
    """The create and edit pages: validate the form, call ``save``, show errors in place.

    On any refusal the page is rendered again with everything the user typed. The secretariat's
    paper dossier (contest/dossiers/backoffice/paper.py) uses the same page logic in the back
    office: its ``template``, where to go after saving, and an ``extra_form`` (the receipt date)
    validated with the rest, whose errors are shown on its fields.
    """
    initial = None if entry else {"form_token": uuid.uuid4()}
    form = EntryForm(request.POST or None, instance=entry, contest=contest, initial=initial)
    formset = TeamMemberFormSet(
        request.POST or None, prefix="members", initial=_members_initial(entry) if entry else None
    )
    # A post without the indicator rows (an older page, a script) leaves the stored ones alone.
    indicators_posted = request.method == "POST" and "indicators-TOTAL_FORMS" in request.POST
    indicator_formset = IndicatorFormSet(
        request.POST if indicators_posted else None,
        instance=entry,
        prefix="indicators",
        queryset=EntryIndicator.objects.order_by("order", "id"),
    )
    if (
        request.method == "POST"
        and all([form.is_valid(), formset.is_valid(), extra_form is None or extra_form.is_valid()])
        and (not indicators_posted or indicator_formset.is_valid())
    ):
        indicators = indicator_rows(indicator_formset) if indicators_posted else None
        try:
            saved = save(form.cleaned_data, _member_rows(formset), indicators)
        except DomainError as error:
            if extra_form is not None and error.field in extra_form.fields:
                extra_form.add_error(error.field, error.message)
            else:
                form.add_error(error.field if error.field in form.fields else None, error.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success_message)
            return redirect(success_url(saved) if success_url else reverse("portal:entry-detail", args=[saved.pk]))
    page = {
        "form": form,
        "formset": formset,
        "indicator_formset": indicator_formset,
        "extra_form": extra_form,
        "contest": contest,
        "unit": unit,
        "entry": entry,
        **(context or {}),
    }
    return render(request, template, page)
