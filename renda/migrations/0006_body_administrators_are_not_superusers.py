"""Until now a body's administrator was a superuser with a body; from now on superusers belong to no
body (platform administrators) and a body's administrator is the 系统管理员 role. Existing body
administrators keep what they did, as that role, without the superuser and staff flags that would
let them reach Django's admin across bodies."""

from django.db import migrations

ADMINISTRATOR = "系统管理员"


def demote(apps, schema_editor):
    User = apps.get_model("auth", "User")
    Group = apps.get_model("auth", "Group")
    BodyMembership = apps.get_model("plans", "BodyMembership")
    group, _ = Group.objects.get_or_create(name=ADMINISTRATOR)
    members = BodyMembership.objects.values("user_id")
    for user in User.objects.filter(is_superuser=True, pk__in=members):
        user.groups.add(group)
        user.is_superuser = False
        user.is_staff = False
        user.save(update_fields=["is_superuser", "is_staff"])


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("plans", "0009_term_meetings_before"),
        ("renda", "0005_apitoken"),
    ]

    operations = [migrations.RunPython(demote, migrations.RunPython.noop)]
