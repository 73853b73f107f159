"""Deputy-work viewsets; plans/api/urls.py appends `router.urls` and `urlpatterns` to the "api" namespace."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()
urlpatterns = []  # plain paths (exports, figures)

# Deputies, stations, receptions (deputies/api/roster_views.py).
# Suggestions and their handling (deputies/api/suggestion_views.py).
# Imports, exports and figures (deputies/api/transfer_views.py).
