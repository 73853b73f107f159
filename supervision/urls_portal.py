"""The handling unit's portal, supervision pages (/portal/unit/…): review opinions sent to the unit
and its rectifications."""

from django.urls import path

from supervision.views import portal as views

urlpatterns = [
    path("opinions/", views.opinion_list, name="portal-unit-opinions"),
    path("opinions/<int:pk>/", views.opinion_detail, name="portal-unit-opinion"),
    path("opinions/<int:pk>/respond/", views.opinion_respond, name="portal-unit-opinion-respond"),
    path("opinions/<int:pk>/document/", views.opinion_document, name="portal-unit-opinion-document"),
    path("rectifications/", views.rectification_list, name="portal-unit-rectifications"),
    path("rectifications/<int:pk>/", views.rectification_detail, name="portal-unit-rectification"),
    path("rectifications/<int:pk>/note/", views.rectification_note, name="portal-unit-rectification-note"),
]
