"""Admin pages stay inside the administrator's body like every other page."""

from django.contrib import admin


class BodyOwnedAdmin(admin.ModelAdmin):
    """For models with a `body` field: the field is set from the user's body, never chosen."""

    exclude = ("body",)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.body = request.renda_body
        super().save_model(request, obj, form, change)
