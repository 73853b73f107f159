"""The six role groups with their permissions, so `migrate` alone gives a working deployment.

Permissions are normally created after all migrations (post_migrate); they are created here first
so the groups get them on a new database. Later changes reach existing databases through
core.roles.sync_roles_after_migrate.
"""

from django.db import migrations


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from core.roles import apply_roles

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    apply_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("plans", "0008_reminders"),
        ("renda", "0003_reminders"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
