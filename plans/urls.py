from django.urls import path

from plans.views import documents as document_views
from plans.views import edit as edit_views
from plans.views import exports as export_views
from plans.views import imports as import_views
from plans.views import lists as views
from plans.views import status as status_views
from plans.views import word_import as word_views

urlpatterns = [
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new/", edit_views.plan_create, name="plan-create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/export.xlsx", export_views.plan_export, name="plan-export"),
    path("jobs/<int:pk>/", export_views.job_detail, name="job-detail"),
    path("jobs/<int:pk>/download/", export_views.job_download, name="job-download"),
    path("plans/<int:pk>/edit/", edit_views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/adopt/", edit_views.plan_adopt, name="plan-adopt"),
    path("plans/<int:pk>/adjust/", edit_views.plan_adjust, name="plan-adjust"),
    path("plans/<int:pk>/copy/", edit_views.plan_copy, name="plan-copy"),
    path("plans/<int:plan_pk>/sections/new/", edit_views.section_edit, name="section-create"),
    path("plans/<int:plan_pk>/sections/<int:pk>/edit/", edit_views.section_edit, name="section-edit"),
    path("plans/<int:plan_pk>/items/new/", edit_views.item_create, name="item-create"),
    path("entries/<int:pk>/remove/", edit_views.entry_remove, name="entry-remove"),
    path("items/", views.item_list, name="item-list"),
    path("items/mine/", views.my_items, name="my-items"),
    path("items/<int:pk>/", views.item_detail, name="item-detail"),
    path("items/<int:pk>/edit/", edit_views.item_edit, name="item-edit"),
    path("items/<int:pk>/status/", status_views.item_status, name="item-status"),
    path("items/<int:pk>/note/", status_views.item_note, name="item-note"),
    path("items/<int:pk>/documents/", document_views.document_upload, name="item-document-upload"),
    path("documents/<int:pk>/", document_views.document_download, name="document-download"),
    path("documents/<int:pk>/replace/", document_views.document_replace, name="document-replace"),
    path("documents/<int:pk>/remove/", document_views.document_remove, name="document-remove"),
    # Excel import (plans/views/imports.py). The job routes take `job_id`: an upload, not a plan.
    path("plans/import/", import_views.import_upload, name="plan-import"),
    path("plans/import/template.xlsx", import_views.import_template, name="plan-import-template"),
    path("plans/import/<int:job_id>/", import_views.import_preview, name="plan-import-preview"),
    path("plans/import/<int:job_id>/mapping/", import_views.import_mapping, name="plan-import-mapping"),
    path("plans/import/<int:job_id>/file/", import_views.import_reupload, name="plan-import-reupload"),
    path("plans/import/<int:job_id>/commit/", import_views.import_commit, name="plan-import-commit"),
    path("plans/import/<int:job_id>/status/", import_views.import_status, name="plan-import-status"),
    # Word import (plans/views/word_import.py): a .docx or pasted text, corrected field by field.
    path("plans/import/word/", word_views.word_upload, name="plan-word-import"),
    path("plans/import/word/<int:job_id>/", word_views.word_preview, name="plan-word-import-preview"),
    path("plans/import/word/<int:job_id>/correct/", word_views.word_correct, name="plan-word-import-correct"),
    path("plans/import/word/<int:job_id>/commit/", word_views.word_commit, name="plan-word-import-commit"),
]
