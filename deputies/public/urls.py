"""The public disclosure pages (/public/…), open without log-in; deputies/public/views.py."""

from django.urls import path

from deputies.public import views as views
from deputies.public_matters.urls import public_urlpatterns

urlpatterns = [
    path("", views.public_index, name="public-index"),
    path("<int:body_id>/suggestions/", views.public_suggestions_list, name="public-suggestions"),
    path("<int:body_id>/suggestions/<int:pk>/", views.public_suggestion, name="public-suggestion"),
]
# The liaison stations' 码上见代表 pages and following a matter by its receipt code (deputies/public_matters/).
urlpatterns += public_urlpatterns
