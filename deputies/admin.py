"""Back-office pages for reference data of deputy work; daily work happens on the app's own pages."""

from django.contrib import admin

from core.admin_base import BodyOwnedAdmin
from deputies.models import CongressSession, Deputy, Station


@admin.register(CongressSession)
class CongressSessionAdmin(BodyOwnedAdmin):
    list_display = ("name", "term", "number", "start_on", "end_on")


@admin.register(Station)
class StationAdmin(BodyOwnedAdmin):
    list_display = ("number", "name", "kind", "town")
    list_filter = ("kind",)
    search_fields = ("number", "name", "town")


@admin.register(Deputy)
class DeputyAdmin(BodyOwnedAdmin):
    list_display = ("name", "code", "gender", "group", "station", "status")
    list_filter = ("status", "gender")
    search_fields = ("name", "code")
    raw_id_fields = ("station", "user")
