"""404 for addresses that match no route: JSON under /api/, as the API's own 404s; the page elsewhere."""

from django.http import JsonResponse
from django.views import defaults

API_PREFIX = "/api/"


def not_found(request, exception):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "找不到该地址。"}, status=404)
    return defaults.page_not_found(request, exception)
