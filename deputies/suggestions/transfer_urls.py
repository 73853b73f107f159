"""Routes of the transfer pages (imports, figures); deputies/urls.py joins them."""

from django.urls import path

from deputies.figures import views as figures_views
from deputies.imports import views as views

urlpatterns = [
    path("deputies/import/", views.roster_upload, name="deputy-import"),
    path("deputies/import/<int:job_id>/", views.roster_preview, name="deputy-import-preview"),
    path("deputies/import/<int:job_id>/reupload/", views.roster_reupload, name="deputy-import-reupload"),
    path("deputies/import/<int:job_id>/commit/", views.roster_commit, name="deputy-import-commit"),
    path("deputies/import/<int:job_id>/status/", views.roster_status, name="deputy-import-status"),
    path("suggestions/import/", views.suggestion_upload, name="suggestion-import"),
    path("suggestions/import/<int:job_id>/", views.suggestion_preview, name="suggestion-import-preview"),
    path("suggestions/import/<int:job_id>/reupload/", views.suggestion_reupload, name="suggestion-import-reupload"),
    path("suggestions/import/<int:job_id>/commit/", views.suggestion_commit, name="suggestion-import-commit"),
    path("suggestions/import/<int:job_id>/status/", views.suggestion_status, name="suggestion-import-status"),
    path("suggestions/figures/", figures_views.figures_page, name="suggestion-figures"),
]
