from django.urls import path

from supervision.views import (
    inspection as inspection_views,
)
from supervision.views import (
    livelihood as livelihood_views,
)
from supervision.views import (
    opinions as opinion_views,
)
from supervision.views import (
    rectification as rectification_views,
)

urlpatterns = [
    # Review opinions and follow-up (supervision/views/opinions.py).
    path("supervision/opinions/", opinion_views.opinion_list, name="opinion-list"),
    path("supervision/opinions/new/<int:agenda_item_pk>/", opinion_views.opinion_create, name="opinion-create"),
    path("supervision/opinions/<int:pk>/", opinion_views.opinion_detail, name="opinion-detail"),
    path("supervision/opinions/<int:pk>/send/", opinion_views.opinion_send, name="opinion-send"),
    path("supervision/opinions/<int:pk>/document/", opinion_views.opinion_document, name="opinion-document"),
    path("supervision/opinions/<int:pk>/file/", opinion_views.opinion_file, name="opinion-file"),
    path("supervision/follow-up/<int:plan_item_pk>/", opinion_views.followup_detail, name="followup-detail"),
    # Rectification (supervision/views/rectification.py).
    path("supervision/rectifications/", rectification_views.rectification_list, name="rectification-list"),
    path("supervision/rectifications/new/", rectification_views.rectification_create, name="rectification-create"),
    path("supervision/rectifications/<int:pk>/", rectification_views.rectification_detail, name="rectification-detail"),
    path("supervision/rectifications/<int:pk>/note/", rectification_views.rectification_note, name="rectification-note"),
    path("supervision/rectifications/<int:pk>/close/", rectification_views.rectification_close, name="rectification-close"),
    path("supervision/rectifications/<int:pk>/schedule/", rectification_views.rectification_schedule,
         name="rectification-schedule"),
    # Livelihood projects (supervision/views/livelihood.py).
    path("supervision/livelihood/", livelihood_views.livelihood_list, name="livelihood-list"),
    path("supervision/livelihood/new/", livelihood_views.livelihood_create, name="livelihood-create"),
    path("supervision/livelihood/<int:pk>/", livelihood_views.livelihood_detail, name="livelihood-detail"),
    path("supervision/livelihood/<int:pk>/progress/", livelihood_views.livelihood_progress, name="livelihood-progress"),
    # Inspections and special inquiries (supervision/views/inspection.py).
    path("supervision/inspections/", inspection_views.inspection_list, name="inspection-list"),
    path("supervision/inspections/new/", inspection_views.inspection_edit, name="inspection-create"),
    path("supervision/inspections/<int:pk>/", inspection_views.inspection_detail, name="inspection-detail"),
    path("supervision/inspections/<int:pk>/edit/", inspection_views.inspection_edit, name="inspection-edit"),
    path("supervision/inquiries/", inspection_views.inquiry_list, name="inquiry-list"),
    path("supervision/inquiries/<int:agenda_item_pk>/", inspection_views.inquiry_edit, name="inquiry-edit"),
]

# Satisfaction evaluations (supervision/views/evaluations.py).
from supervision.views import evaluations as evaluations_views  # noqa: E402

urlpatterns += [
    path("supervision/evaluations/", evaluations_views.evaluation_list, name="evaluation-list"),
    path("supervision/evaluations/new/", evaluations_views.evaluation_create, name="evaluation-create"),
    path("supervision/evaluations/<int:pk>/", evaluations_views.evaluation_detail, name="evaluation-detail"),
    path("supervision/evaluations/<int:pk>/entry/", evaluations_views.evaluation_entry, name="evaluation-entry"),
    path("supervision/evaluations/rectifications/<int:pk>/new-report/", evaluations_views.evaluation_new_report,
         name="evaluation-new-report"),
    path("supervision/departments/", evaluations_views.department_overview, name="evaluation-departments"),
    path("supervision/departments/<int:reporting_body_pk>/evaluations/", evaluations_views.department_evaluations,
         name="department-evaluations"),
]
