"""Routes of the suggestion pages; deputies/urls.py joins them."""

from django.urls import path

from deputies.roster import session_views
from deputies.suggestions import original_files, reply_files
from deputies.suggestions import step_views as steps
from deputies.suggestions import views as views

urlpatterns = [
    path("suggestions/", views.suggestion_list, name="suggestion-list"),
    path("suggestions/new/", views.suggestion_create, name="suggestion-create"),
    path("suggestions/assign/", views.batch_assign, name="suggestion-batch-assign"),
    path("suggestions/sessions/", session_views.session_list, name="session-list"),
    path("suggestions/sessions/new/", session_views.session_create, name="session-create"),
    path("suggestions/extensions/<int:pk>/decide/", steps.extension_decide, name="extension-decide"),
    path("suggestions/reassign-requests/<int:pk>/decide/", steps.reassign_decide, name="reassign-decide"),
    path("suggestions/requests/", views.suggestion_requests, name="suggestion-requests"),
    path("suggestions/publish/", views.batch_publish, name="suggestion-publish-batch"),
    path("suggestions/<int:pk>/", views.suggestion_detail, name="suggestion-detail"),
    path("suggestions/<int:pk>/edit/", views.suggestion_edit, name="suggestion-edit"),
    path("suggestions/<int:pk>/document/", views.suggestion_document, name="suggestion-document"),
    path("suggestions/<int:pk>/original-document/", original_files.original_document,
         name="suggestion-original-document"),
    path("suggestions/<int:pk>/assign/", steps.suggestion_assign, name="suggestion-assign"),
    path("suggestions/<int:pk>/sign/", steps.suggestion_sign, name="suggestion-sign"),
    path("suggestions/<int:pk>/co-input/", steps.suggestion_co_input, name="suggestion-co-input"),
    path("suggestions/<int:pk>/contact/", steps.suggestion_contact, name="suggestion-contact"),
    path("suggestions/<int:pk>/extension/", steps.suggestion_extension, name="suggestion-extension"),
    path("suggestions/<int:pk>/reply/", steps.suggestion_reply, name="suggestion-reply"),
    path("suggestions/<int:pk>/reply-document/", reply_files.reply_document, name="suggestion-reply-document"),
    path("suggestions/<int:pk>/feedback/", steps.suggestion_feedback, name="suggestion-feedback"),
    path("suggestions/<int:pk>/key/", steps.suggestion_key, name="suggestion-key"),
    path("suggestions/<int:pk>/key-note/", steps.suggestion_key_note, name="suggestion-key-note"),
    path("suggestions/<int:pk>/accept/", steps.suggestion_accept, name="suggestion-accept"),
    path("suggestions/<int:pk>/return/", steps.suggestion_return, name="suggestion-return"),
    path("suggestions/<int:pk>/publish/", steps.suggestion_publish, name="suggestion-publish"),
]
