"""Routes of the roster pages; deputies/urls.py joins them."""

from django.urls import path

from deputies.roster import views as roster_views
from deputies.stations import views as station_views

urlpatterns = [
    path("deputies/", roster_views.deputy_list, name="deputy-list"),
    path("deputies/new/", roster_views.deputy_edit, name="deputy-create"),
    path("deputies/<int:pk>/", roster_views.deputy_detail, name="deputy-detail"),
    path("deputies/<int:pk>/edit/", roster_views.deputy_edit, name="deputy-edit"),
    path("deputies/stations/", station_views.station_list, name="station-list"),
    path("deputies/stations/new/", station_views.station_edit, name="station-create"),
    path("deputies/stations/<int:pk>/", station_views.station_detail, name="station-detail"),
    path("deputies/stations/<int:pk>/edit/", station_views.station_edit, name="station-edit"),
    path("deputies/receptions/", station_views.reception_list, name="reception-list"),
    path("deputies/receptions/new/", station_views.reception_edit, name="reception-create"),
    path("deputies/receptions/<int:pk>/edit/", station_views.reception_edit, name="reception-edit"),
    path("deputies/receptions/counts/", station_views.reception_counts, name="reception-counts"),
]
