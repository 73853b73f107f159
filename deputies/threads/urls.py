"""Routes of the thread pages and the 相似建议 JSON; deputies/urls.py joins them."""

from django.urls import path

from deputies.similar import views as similar
from deputies.threads import views

urlpatterns = [
    path("suggestions/threads/", views.thread_list, name="thread-list"),
    path("suggestions/threads/new/", views.thread_create, name="thread-create"),
    path("suggestions/threads/<int:pk>/", views.thread_detail, name="thread-detail"),
    path("suggestions/threads/<int:pk>/add/", views.thread_add, name="thread-add"),
    path("suggestions/threads/<int:pk>/remove/", views.thread_remove, name="thread-remove"),
    path("suggestions/threads/<int:pk>/supervise/", views.thread_supervise, name="thread-supervise"),
    path("suggestions/threads/<int:pk>/note/", views.thread_note, name="thread-note"),
    path("suggestions/similar/", similar.staff_similar, name="similar-suggestions"),
    # Under /portal/deputy/ (a deputy's account reaches only the portal), though routed from here.
    path("portal/deputy/similar/", similar.deputy_similar, name="portal-deputy-similar"),
]
