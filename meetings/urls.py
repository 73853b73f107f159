from django.urls import path

import core.converters  # noqa: F401  (the <year:…> converter)
from meetings.views import editing as meeting_views
from meetings.views import exports as agenda_export_views
from meetings.views import lists as views
from meetings.views import materials as material_views
from meetings.views import terms as term_views

urlpatterns = [
    # The body administrator's terms, with the numbering of their meetings (a page of /settings/).
    path("settings/terms/", term_views.term_list, name="settings-terms"),
    path("settings/terms/new/", term_views.term_create, name="settings-term-create"),
    path("settings/terms/<int:pk>/", term_views.term_edit, name="settings-term-edit"),
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
    # Agenda and schedule workbooks (meetings/views/exports.py).
    path("meetings/<int:pk>/agenda.xlsx", agenda_export_views.meeting_agenda_xlsx, name="meeting-agenda-xlsx"),
    path("meetings/<int:pk>/member-agenda.xlsx", agenda_export_views.meeting_member_agenda_xlsx,
         name="meeting-member-agenda-xlsx"),
    path("meetings/year/<year:year>/schedule.xlsx", agenda_export_views.meeting_schedule_xlsx, name="meeting-schedule-xlsx"),
    # Materials deadlines (meetings/views/materials.py).
    path("meetings/<int:pk>/materials/", material_views.meeting_materials, name="meeting-materials"),
    path("material-steps/<int:pk>/record/", material_views.material_step_record, name="material-step-record"),
    path("material-steps/<int:pk>/document/", material_views.material_document, name="material-step-document"),
    path("material-steps/<int:pk>/document/remove/", material_views.material_document_remove,
         name="material-step-document-remove"),
]
