"""The gallery page's context: the filter form, the filtered and paginated cards and the "xóa lọc"
links. Apart from cms/gallery.py (the read side), which cms/forms.py uses for its choices."""

from django.core.paginator import Paginator

from cms.forms import GalleryFilterForm
from cms.gallery import apply_filters, card_list, facets, for_cards, live_showcases

PER_PAGE = 12
PAGE_PARAMETER = "trang"


def _without(params, *names) -> str:
    params = params.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def gallery_context(gallery_page, request) -> dict:
    """Form, filtered and paginated cards, and the "xóa lọc" links of the gallery page."""
    live = live_showcases().child_of(gallery_page)
    facet_data = facets(live)
    form = GalleryFilterForm(request.GET, facets=facet_data)
    criteria = form.criteria()
    results = apply_filters(for_cards(live), criteria, facet_data)
    page_obj = Paginator(results, PER_PAGE).get_page(request.GET.get(PAGE_PARAMETER))
    page_obj.object_list = card_list(page_obj.object_list)
    active = [
        {"label": label, "value": value, "remove_query": _without(request.GET, name, PAGE_PARAMETER)}
        for name, label, value in form.active_filters()
    ]
    return {
        "form": form,
        "page_obj": page_obj,
        "cards": page_obj.object_list,
        "result_count": page_obj.paginator.count,
        "active_filters": active,
        "query": _without(request.GET, PAGE_PARAMETER),
        "page_parameter": PAGE_PARAMETER,
    }
