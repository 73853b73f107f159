"""The directors' dashboard and the year-end summary; renda/api_urls.py gathers every app's endpoints."""

from django.urls import path
from rest_framework.routers import SimpleRouter

import core.converters  # noqa: F401  (the <year:…> converter)
from reports.api import DashboardView, SummaryView
from reports.calendars.api import CalendarFeedViewSet
from reports.year_figure_api import YearFigureViewSet

router = SimpleRouter()
router.register("year-figures", YearFigureViewSet, basename="year-figure")
router.register("calendar-feeds", CalendarFeedViewSet, basename="calendar-feed")
urlpatterns = [
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    path("summary/<year:year>/", SummaryView.as_view(), name="summary"),
]
