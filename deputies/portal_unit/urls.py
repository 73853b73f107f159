"""The handling unit's portal, suggestion pages (/portal/unit/…); its review opinions and
rectifications are in supervision/urls_portal.py under the same prefix."""

from django.urls import path

from deputies.portal_unit import evaluation, reply_files
from deputies.portal_unit import suggestion_views as suggestion
from deputies.portal_unit import views as views

urlpatterns = [
    path("", views.home, name="portal-unit-home"),
    path("suggestions/", views.suggestion_list, name="portal-unit-suggestions"),
    path("suggestions/<int:pk>/", suggestion.suggestion_detail, name="portal-unit-suggestion"),
    path("suggestions/<int:pk>/document/", suggestion.suggestion_document, name="portal-unit-document"),
    path("suggestions/<int:pk>/sign/", suggestion.suggestion_sign, name="portal-unit-sign"),
    path("suggestions/<int:pk>/reassign/", suggestion.suggestion_reassign, name="portal-unit-reassign"),
    path("suggestions/<int:pk>/co-input/", suggestion.suggestion_co_input, name="portal-unit-co-input"),
    path("suggestions/<int:pk>/contact/", suggestion.suggestion_contact, name="portal-unit-contact"),
    path("suggestions/<int:pk>/extension/", suggestion.suggestion_extension, name="portal-unit-extension"),
    path("suggestions/<int:pk>/reply/", suggestion.suggestion_reply, name="portal-unit-reply"),
    path("suggestions/<int:pk>/reply-document/", reply_files.reply_document, name="portal-unit-reply-document"),
    path("suggestions/<int:pk>/special-report/", evaluation.special_report_deliver, name="portal-unit-special-report"),
    path("evaluation/", evaluation.evaluation, name="portal-unit-evaluation"),
]
