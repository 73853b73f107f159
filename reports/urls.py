from django.urls import include, path

import core.converters  # noqa: F401  (the <year:…> converter)
from reports.views import dashboard as views
from reports.views import figures as figure_views

urlpatterns = [
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("summary/<year:year>/", views.summary_page, name="summary"),
    path("summary/<year:year>/summary.xlsx", views.summary_xlsx, name="summary-xlsx"),
    path("summary/<year:year>/summary.docx", views.summary_docx, name="summary-docx"),
    path("summary/<year:year>/<slug:key>/", views.summary_count_page, name="summary-count"),
    path("summary/<year:year>/<slug:key>/record/", figure_views.year_figure_page, name="summary-figure-record"),
    path("summary/<year:year>/<slug:key>/planned/", views.planned_count_page, name="summary-planned"),
    path("", include("reports.calendars.urls")),  # 日历订阅 and the calendar feeds
]
