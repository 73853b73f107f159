from django.apps import AppConfig


class RendaConfig(AppConfig):
    name = "renda"
    verbose_name = "系统"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from renda.accounts import flag_password_change

        # An account still on the credentials the office issued must set its own password first.
        user_logged_in.connect(flag_password_change, dispatch_uid="renda-flag-password-change")
