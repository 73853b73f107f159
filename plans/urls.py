from django.urls import path

from plans import meeting_views, edit_views, export_views, status_views, views
from plans import import_views
from plans import agenda_export_views
from plans import material_views

urlpatterns = [
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
    path("items/<int:pk>/documents/", status_views.document_upload, name="item-document-upload"),
    path("documents/<int:pk>/", status_views.document_download, name="document-download"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/calendar/", meeting_views.meeting_calendar, name="meeting-calendar"),
    path("meetings/new/", meeting_views.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/edit/", meeting_views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/cancel/", meeting_views.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/delete/", meeting_views.meeting_delete, name="meeting-delete"),
    path("meetings/<int:pk>/build/", meeting_views.agenda_builder, name="agenda-builder"),
    path("meetings/<int:pk>/agenda/new/", meeting_views.agenda_item_create, name="agenda-item-create"),
    path("meetings/<int:pk>/agenda/reorder/", meeting_views.agenda_reorder, name="agenda-reorder"),
    path("meetings/<int:pk>/agenda/fix/", meeting_views.agenda_fix, name="agenda-fix"),
    path("meetings/<int:pk>/outcomes/", meeting_views.meeting_outcomes, name="meeting-outcomes"),
    path("agenda-items/<int:pk>/edit/", meeting_views.agenda_item_edit, name="agenda-item-edit"),
    path("agenda-items/<int:pk>/move/", meeting_views.agenda_item_move, name="agenda-item-move"),
    path("agenda-items/<int:pk>/remove/", meeting_views.agenda_item_remove, name="agenda-item-remove"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    # Agenda and schedule workbooks (plans/agenda_export_views.py).
    path("meetings/<int:pk>/agenda.xlsx", agenda_export_views.meeting_agenda_xlsx, name="meeting-agenda-xlsx"),
    path("meetings/year/<int:year>/schedule.xlsx", agenda_export_views.meeting_schedule_xlsx, name="meeting-schedule-xlsx"),
    # Materials deadlines (plans/material_views.py).
    path("meetings/<int:pk>/materials/", material_views.meeting_materials, name="meeting-materials"),
    path("material-steps/<int:pk>/record/", material_views.material_step_record, name="material-step-record"),
    path("material-steps/<int:pk>/document/", material_views.material_document, name="material-step-document"),
    # Excel import (plans/import_views.py). The job routes take `job_id`: an upload, not a plan.
    path("plans/import/", import_views.import_upload, name="plan-import"),
    path("plans/import/template.xlsx", import_views.import_template, name="plan-import-template"),
    path("plans/import/<int:job_id>/", import_views.import_preview, name="plan-import-preview"),
    path("plans/import/<int:job_id>/mapping/", import_views.import_mapping, name="plan-import-mapping"),
    path("plans/import/<int:job_id>/file/", import_views.import_reupload, name="plan-import-reupload"),
    path("plans/import/<int:job_id>/commit/", import_views.import_commit, name="plan-import-commit"),
    path("plans/import/<int:job_id>/status/", import_views.import_status, name="plan-import-status"),
]
