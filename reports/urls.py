from django.urls import path

from reports.views import dashboard as views

urlpatterns = [
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("summary/<int:year>/", views.summary_page, name="summary"),
    path("summary/<int:year>/summary.xlsx", views.summary_xlsx, name="summary-xlsx"),
    path("summary/<int:year>/summary.docx", views.summary_docx, name="summary-docx"),
    path("summary/<int:year>/<slug:key>/", views.summary_count_page, name="summary-count"),
    path("summary/<int:year>/<slug:key>/planned/", views.planned_count_page, name="summary-planned"),
]
