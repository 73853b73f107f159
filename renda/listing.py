"""The list-view base: a FilterSet over a queryset, paginated, with the filters kept in the URL."""

from django.core.paginator import Paginator
from django.shortcuts import render


def render_filtered_list(request, queryset, filterset_class, template, context=None, per_page=50):
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        template,
        {"filterset": filterset, "page": page, "rows": page.object_list, "query": query.urlencode(), **(context or {})},
    )
