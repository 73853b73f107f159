from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "首页与报表"

    def ready(self):
        from core.reminders import Kind, register_collectors

        register_collectors({Kind.DIGEST: "reports.digest.weekly_digest"})
