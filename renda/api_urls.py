"""The API root, /api/v1/: every app's endpoints under one "api" namespace, and at the root itself the list
of those endpoints (what DRF's browsable root gives, as JSON for the caller's own body)."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from core.api import urls as core_api
from deputies.api import urls as deputies_api
from meetings.api import urls as meetings_api
from plans.api import urls as plans_api
from reports import api_urls as reports_api
from supervision.api import urls as supervision_api

app_name = "api"

APPS = (core_api, plans_api, meetings_api, supervision_api, deputies_api, reports_api)


class ApiRootView(APIView):
    """The endpoints this API offers, each with its address (GET /api/v1/)."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, summary="The endpoints of this API, each with its address")
    def get(self, request, format=None):
        lists = {}
        for module in APPS:
            for prefix, _viewset, basename in module.router.registry:
                lists[prefix] = reverse(f"api:{basename}-list", request=request, format=format)
        lists["dashboard"] = reverse("api:dashboard", request=request, format=format)
        return Response({"endpoints": lists, "schema": reverse("api-schema", request=request),
                         "docs": reverse("api-docs", request=request)})


urlpatterns = [path("", ApiRootView.as_view(), name="root")]
for module in APPS:
    urlpatterns += module.router.urls + module.urlpatterns
