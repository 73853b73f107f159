"""Routes of the topics page (建议分析) and of drafting a plan item from suggestions; deputies/urls.py joins them."""

from django.urls import path

from deputies.topics import views

urlpatterns = [
    path("suggestions/topics/", views.topics_page, name="suggestion-topics"),
    path("suggestions/to-plan/", views.to_plan, name="suggestions-to-plan"),
]
