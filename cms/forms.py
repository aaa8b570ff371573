"""Forms of the public site."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms import gallery

# URL parameter → key of the criteria given to cms.gallery.apply_filters. Short Vietnamese names
# make a shareable address: /mo-hinh/?q=dan+van+kheo&nam=2025&giai=giai-nhat
PARAMETERS = {
    "q": "q",
    "nam": "year",
    "cuoc-thi": "contest",
    "linh-vuc": "field",
    "cap": "level",
    "giai": "prize",
    "sap-xep": "sort",
}
SORT_CHOICES = [
    (gallery.SORT_RELEVANCE, _("Phù hợp nhất")),
    (gallery.SORT_NEWEST, _("Mới nhất")),
    (gallery.SORT_OLDEST, _("Cũ nhất")),
]


def _any(label):
    return [("", label)]


class GalleryFilterForm(forms.Form):
    """The gallery's GET form. Every field is optional; a value that is not a choice is ignored."""

    def __init__(self, data, *, facets: "gallery.Facets"):
        if not data.get("sap-xep"):
            # Show the order actually applied: relevance for a search, newest otherwise.
            data = data.copy()
            data["sap-xep"] = gallery.SORT_RELEVANCE if data.get("q", "").strip() else gallery.SORT_NEWEST
        super().__init__(data)
        self.fields["q"] = forms.CharField(
            label=_("Tìm kiếm"),
            required=False,
            max_length=200,
            widget=forms.SearchInput(attrs={"placeholder": _("Ví dụ: dân vận khéo")}),
        )
        self.fields["nam"] = forms.TypedChoiceField(
            label=_("Năm"),
            required=False,
            coerce=int,
            empty_value=None,
            choices=_any(_("Tất cả các năm")) + [(str(y), str(y)) for y in facets.years],
        )
        self.fields["cuoc-thi"] = forms.ChoiceField(
            label=_("Cuộc thi"), required=False, choices=_any(_("Tất cả cuộc thi")) + facets.contests
        )
        self.fields["linh-vuc"] = forms.ChoiceField(
            label=_("Lĩnh vực"), required=False, choices=_any(_("Tất cả lĩnh vực")) + facets.fields
        )
        self.fields["cap"] = forms.ChoiceField(
            label=_("Cấp đơn vị"), required=False, choices=_any(_("Tất cả các cấp")) + facets.levels
        )
        self.fields["giai"] = forms.ChoiceField(
            label=_("Giải thưởng"), required=False, choices=_any(_("Tất cả giải")) + facets.prizes
        )
        self.fields["sap-xep"] = forms.ChoiceField(label=_("Sắp xếp"), required=False, choices=SORT_CHOICES)

    def criteria(self) -> dict:
        """The valid values only, keyed for cms.gallery.apply_filters; invalid ones are dropped."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        values = {key: cleaned.get(name) for name, key in PARAMETERS.items() if cleaned.get(name) not in (None, "")}
        if "q" in values:
            values["q"] = values["q"].strip()
        return values

    def active_filters(self) -> list[tuple[str, str, str]]:
        """(parameter, label, shown value) of each filter in force, for the "xóa lọc" links."""
        criteria = self.criteria()
        active = []
        for name, key in PARAMETERS.items():
            if key == "sort" or key not in criteria or criteria[key] == "":
                continue
            bound = self.fields[name]
            value = criteria[key]
            shown = dict(getattr(bound, "choices", [])).get(str(value), value) if name != "q" else value
            active.append((name, bound.label, shown))
        return active
