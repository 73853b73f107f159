"""Routes of the public channel: the staff's (included by deputies/urls.py), the public ones (deputies/public/
urls.py) and the deputy portal's (deputies/portal_deputy/urls.py)."""

from django.urls import path

from deputies.public_matters import portal, public_views, views

urlpatterns = [
    path("deputies/matters/", views.matter_list, name="matter-list"),
    path("deputies/matters/<int:pk>/", views.matter_detail, name="matter-detail"),
    path("deputies/matters/<int:pk>/step/", views.matter_step, name="matter-step"),
    path("deputies/matters/<int:pk>/photos/<int:n>/", views.matter_photo, name="matter-photo"),
    path("deputies/stations/<int:pk>/poster/", views.station_poster, name="station-poster"),
    path("deputies/stations/<int:pk>/qr.png", views.station_qr_png, name="station-qr-png"),
    path("deputies/stations/<int:pk>/qr.svg", views.station_qr_svg, name="station-qr-svg"),
]

public_urlpatterns = [
    path("<int:body_id>/stations/<str:number>/", public_views.station_page, name="public-station"),
    path("<int:body_id>/deputies/<slug:slug>/", public_views.deputy_page, name="public-deputy"),
    path("<int:body_id>/matters/follow/", public_views.follow, name="public-matter-follow"),
]

portal_urlpatterns = [
    path("matters/", portal.matter_list, name="portal-deputy-matters"),
    path("matters/qr.png", portal.my_qr, name="portal-deputy-matters-qr"),
    path("matters/<int:pk>/", portal.matter_detail, name="portal-deputy-matter"),
    path("matters/<int:pk>/step/", portal.matter_step, name="portal-deputy-matter-step"),
    path("matters/<int:pk>/photos/<int:n>/", portal.matter_photo, name="portal-deputy-matter-photo"),
]
