"""Rows saved before text was cleaned on save (core/text.py) lose their control characters too, so that no
file made from stored text can fail on them. Only the rows that hold one are read and written."""

from django.db import migrations, models

APPS = ("core", "plans", "meetings", "supervision", "deputies", "auth")
# NUL cannot be stored by PostgreSQL, nor sent to it in a pattern: the other control characters.
STORED_CONTROL = "[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"


def strip_control_characters(apps, schema_editor):
    import re

    pattern = re.compile(STORED_CONTROL)
    for model in apps.get_models():
        if model._meta.app_label not in APPS or model._meta.proxy or not model._meta.managed:
            continue
        fields = [f for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))]
        for field in fields:
            manager = model._base_manager
            for pk, value in manager.filter(**{f"{field.attname}__regex": STORED_CONTROL}).values_list("pk", field.attname):
                manager.filter(pk=pk).update(**{field.attname: pattern.sub("", value)})


class Migration(migrations.Migration):
    dependencies = [
        ("renda", "0007_models_leave_for_core"),
        ("core", "0001_initial"),
        ("plans", "0010_organisation_and_meetings_leave_plans"),
        ("meetings", "0001_initial"),
        ("supervision", "0003_point_at_core_and_meetings"),
        ("deputies", "0003_point_at_core"),
    ]

    operations = [migrations.RunPython(strip_control_characters, migrations.RunPython.noop)]
