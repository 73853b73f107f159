"""The deputy's portal, under /portal/deputy/ (phone-first pages for deputies with their own account)."""

from django.urls import path

from deputies.portal_deputy import duty as duty
from deputies.portal_deputy import receptions as receptions
from deputies.portal_deputy import steps as steps
from deputies.portal_deputy import views as views

urlpatterns = [
    path("", views.home, name="portal-deputy-home"),
    path("suggestions/", views.suggestion_list, name="portal-deputy-suggestions"),
    path("suggestions/new/", steps.draft_new, name="portal-deputy-draft-new"),
    path("suggestions/<int:pk>/", views.suggestion_detail, name="portal-deputy-suggestion"),
    path("suggestions/<int:pk>/edit/", steps.draft_edit, name="portal-deputy-draft-edit"),
    path("suggestions/<int:pk>/delete/", steps.draft_delete, name="portal-deputy-draft-delete"),
    path("suggestions/<int:pk>/original/remove/", steps.draft_original_remove, name="portal-deputy-original-remove"),
    path("suggestions/<int:pk>/document/", views.suggestion_document, name="portal-deputy-document"),
    path("suggestions/<int:pk>/submit/", steps.suggestion_submit, name="portal-deputy-submit"),
    path("suggestions/<int:pk>/confirm/", steps.suggestion_confirm, name="portal-deputy-confirm"),
    path("suggestions/<int:pk>/decline/", steps.suggestion_decline, name="portal-deputy-decline"),
    path("suggestions/<int:pk>/feedback/", steps.suggestion_feedback, name="portal-deputy-feedback"),
    path("receptions/", receptions.reception_list, name="portal-deputy-receptions"),
    path("receptions/new/", receptions.reception_new, name="portal-deputy-reception-new"),
    path("duty/", duty.duty_home, name="portal-deputy-duty"),
    path("duty/declare/", duty.declare, name="portal-deputy-declare"),
    path("duty/<int:pk>/edit/", duty.declare, name="portal-deputy-declare-edit"),
    path("duty/<int:pk>/proof/", duty.proof, name="portal-deputy-declare-proof"),
]
# Matters residents left at the deputy's station or on their own page (deputies/public_matters/portal.py).
from deputies.public_matters.urls import portal_urlpatterns  # noqa: E402

urlpatterns += portal_urlpatterns
