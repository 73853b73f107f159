from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "机构与系统"

    def ready(self):
        from django.conf import settings
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate, pre_save

        from core import demo_clock
        from core.accounts import flag_password_change
        from core.roles import sync_roles_after_migrate
        from core.text import strip_control_characters

        # An account still on the credentials the office issued must set its own password first.
        user_logged_in.connect(flag_password_change, dispatch_uid="renda-flag-password-change")
        # The role groups exist on every database, with or without the demo (renda 0004_roles creates them).
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="renda-sync-roles")
        # Every model's text is saved without control characters, whoever writes it (core/text.py).
        pre_save.connect(strip_control_characters, dispatch_uid="renda-strip-control-characters")
        # The demo shows its own year as if it were now (core/demo_clock.py); unset in production.
        demo_clock.start(settings.DEMO_TODAY, settings.TIME_ZONE)
