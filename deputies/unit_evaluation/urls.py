"""Routes of the handling units' evaluation; deputies/urls.py joins them."""

from django.urls import path

from deputies.unit_evaluation import views

urlpatterns = [
    path("suggestions/unit-evaluation/", views.ranking_page, name="unit-evaluation"),
    path("suggestions/unit-evaluation/freeze/", views.freeze_view, name="unit-evaluation-freeze"),
]
