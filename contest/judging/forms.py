"""The judge's score sheet as a Django form, built from the rubric's criteria.

One text field per criterion for the score (text, not ``type=number``: Chromium drops a decimal
comma there, and "8,5" would arrive as 85), one for its comment, and the sheet's own comment.
The form parses the POST; the rules (a number, within 0..max, a multiple of the step; every
counting criterion before submitting) stay in contest/judging/services/sheets.py, whose
per-criterion refusals come back onto the fields with :meth:`ScoreSheetForm.add_service_errors`.

Only what was posted is passed on: the autosave may send part of the sheet, and a criterion that
is not mentioned keeps its stored score.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from contest.core.numbers import plain_number, typed_number

SHEET_COMMENT = "sheet_comment"


def score_field(criterion) -> str:
    return f"score-{criterion.pk}"


def comment_field(criterion) -> str:
    return f"comment-{criterion.pk}"


class ScoreSheetForm(forms.Form):
    sheet_comment = forms.CharField(
        label=_("Nhận xét chung"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 5000}),
    )

    def __init__(self, data=None, *, criteria, sheet=None, editable=True):
        self.criteria = list(criteria)
        stored = {s.criterion_id: s for s in sheet.scores.all()} if sheet else {}
        initial = {SHEET_COMMENT: sheet.comment if sheet else ""}
        for c in self.criteria:
            score = stored.get(c.pk)
            initial[score_field(c)] = typed_number(score.value) if score else ""
            initial[comment_field(c)] = score.comment if score else ""
        # Names actually posted; a re-shown sheet fills the others from what is stored.
        self.posted = set(data or ())
        if data is not None:
            data = {**initial, **{name: data.get(name) for name in self.posted}}
        super().__init__(data, initial=initial, auto_id="%s")
        for c in self.criteria:
            self.fields[score_field(c)] = forms.CharField(
                label=_("Điểm"),
                required=False,
                strip=False,
                widget=forms.TextInput(
                    attrs={
                        "inputmode": "decimal",
                        "autocomplete": "off",
                        "class": "score-input",
                        "data-max": plain_number(c.max_points),
                        "data-step": plain_number(c.step),
                        # As the server's messages write them ("20", "0,5"), for the running total's flags.
                        "data-max-label": plain_number(c.max_points).replace(".", ","),
                        "data-step-label": plain_number(c.step).replace(".", ","),
                        "pattern": "[0-9]+([,.][0-9]+)?",
                        "aria-describedby": f"errors-{c.pk}",
                    }
                ),
            )
            self.fields[comment_field(c)] = forms.CharField(
                label=_("Ghi chú"),
                required=False,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
            )
        if not editable:
            for field in self.fields.values():
                field.disabled = True

    def submitted(self) -> dict:
        """The service's keyword arguments for what was posted: ``values`` and ``comments`` by
        criterion id, ``sheet_comment`` (None when not posted)."""
        data = self.data
        return {
            "values": {c.pk: data[score_field(c)] or "" for c in self.criteria if score_field(c) in self.posted},
            "comments": {c.pk: data[comment_field(c)] or "" for c in self.criteria if comment_field(c) in self.posted},
            "sheet_comment": (data[SHEET_COMMENT] or "") if SHEET_COMMENT in self.posted else None,
        }

    def add_service_errors(self, errors: dict):
        """Put a :class:`~contest.judging.services.sheets.SheetInvalid`'s messages (by criterion
        id, or "comment" for the sheet) on their fields."""
        self.full_clean()
        names = {c.pk: score_field(c) for c in self.criteria}
        for key, messages in errors.items():
            name = SHEET_COMMENT if key == "comment" else names.get(key)
            for message in messages:
                self.add_error(name, message)

    def rows(self) -> list[dict]:
        """Per criterion, in rubric order: the criterion, its score and comment fields, its errors
        and its weight for the running total."""
        return [
            {
                "criterion": c,
                "score": self[score_field(c)],
                "comment": self[comment_field(c)],
                "errors": self.errors.get(score_field(c), []) if self.is_bound else [],
                "weight": plain_number(c.weight),
            }
            for c in self.criteria
        ]
