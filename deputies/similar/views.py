"""The 相似建议 panel's JSON, asked by static/js/similar-suggestions.js as the title and content are typed.

GET /suggestions/similar/?title=&content=&exclude=<id>   staff: the suggestions they may see, drafts excepted
GET /portal/deputy/similar/?title=&content=&exclude=<id>   a deputy: accepted (立案) suggestions only, public fields
Answer: {"earlier": [...], "this_year": [...]} (title, year, number, unit, class, satisfaction, similarity).
"""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.roles import is_external
from deputies.permissions import deputy_of
from deputies.similar.lookup import public_row, similar_suggestions

MAX_TEXT = 4000


def panel(body, title, content, *, user=None, exclude_id=None, year=None, accepted_only=True, limit=5):
    """The panel's two lists: earlier years' and this year's most similar suggestions."""
    year = year or timezone.localdate().year
    return similar_suggestions(body, title, content, exclude_id=exclude_id, user=user, accepted_only=accepted_only,
                               limit=limit, split_at=year)


def _query(request):
    title = (request.GET.get("title") or "")[:200]
    content = (request.GET.get("content") or "")[:MAX_TEXT]
    exclude = request.GET.get("exclude") or ""
    return title, content, int(exclude) if exclude.isdigit() else None


@require_GET
def staff_similar(request):
    if not request.user.is_authenticated or is_external(request.user):
        raise PermissionDenied("请先登录。")
    title, content, exclude = _query(request)
    found = panel(request.renda_body, title, content, user=request.user, exclude_id=exclude, accepted_only=False)
    return JsonResponse({key: [{**public_row(s), "url": reverse("suggestion-detail", args=[s.pk])} for s in rows]
                         for key, rows in found.items()})


@require_GET
def deputy_similar(request):
    if deputy_of(request.user) is None:
        raise PermissionDenied("只有人大代表本人可以在线起草建议。")
    title, content, exclude = _query(request)
    found = panel(request.renda_body, title, content, exclude_id=exclude)
    return JsonResponse({key: [public_row(s) for s in rows] for key, rows in found.items()})


