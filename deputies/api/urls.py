"""Deputy-work viewsets; renda/api_urls.py appends `router.urls` and `urlpatterns` to the "api" namespace."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()
urlpatterns = []  # plain paths (exports, figures)

# Deputies, stations, receptions (deputies/api/roster_views.py).
from deputies.api import roster_views  # noqa: E402

router.register("deputies", roster_views.DeputyViewSet, basename="deputy")
router.register("stations", roster_views.StationViewSet, basename="station")
router.register("receptions", roster_views.ReceptionViewSet, basename="reception")
# Deputies attending standing-committee meetings (列席) and trainings (deputies/api/activity_views.py).
from deputies.api import activity_views  # noqa: E402

router.register("meeting-attendances", activity_views.MeetingAttendanceViewSet, basename="meeting-attendance")
router.register("trainings", activity_views.TrainingViewSet, basename="training")
# Suggestions and their handling (deputies/api/suggestion_views.py).
from deputies.api.suggestion_views import CongressSessionViewSet, SuggestionViewSet  # noqa: E402

router.register("suggestions", SuggestionViewSet, basename="suggestion")
router.register("congress-sessions", CongressSessionViewSet, basename="congress-session")
# Imports, exports and figures (deputies/api/transfer_views.py).
from deputies.api.transfer_views import urlpatterns as transfer_paths  # noqa: E402

urlpatterns += transfer_paths
# Topics of suggestions for next year's plans, and the plan items drawn from them (deputies/api/topic_views.py).
from deputies.api import topic_views  # noqa: E402

router.register("plan-item-sources", topic_views.PlanItemSourceViewSet, basename="plan-item-source")
urlpatterns += topic_views.urlpatterns

# Threads of repeated suggestions and similar suggestions (deputies/api/thread_views.py).
from django.urls import path  # noqa: E402

from deputies.api import thread_views  # noqa: E402

router.register("suggestion-threads", thread_views.SuggestionThreadViewSet, basename="suggestion-thread")
urlpatterns += [
    path("suggestions/<int:pk>/similar/", thread_views.SimilarOfSuggestion.as_view(), name="suggestion-similar"),
    path("similar-suggestions/", thread_views.SimilarQuery.as_view(), name="similar-suggestions"),
]

# Matters residents leave at the stations' public pages (码上见代表, deputies/public_matters/api.py).
from deputies.public_matters.api import PublicMatterViewSet  # noqa: E402

router.register("public-matters", PublicMatterViewSet, basename="public-matter")

# The duty record and deputies' declared activities (deputies/duty/api.py).
from deputies.duty import api as duty_api  # noqa: E402

router.register("duty-records", duty_api.DutyRecordViewSet, basename="duty-record")
router.register("declared-activities", duty_api.DeclaredActivityViewSet, basename="declared-activity")
