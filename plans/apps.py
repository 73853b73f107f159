from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "年度计划"

    def ready(self):
        from core.reminders import Kind, register_collectors

        register_collectors({Kind.PLAN_START: "plans.reminders.plan_start"})

        from core.years import register_year_source
        from plans.models import AnnualPlan

        register_year_source("plan", lambda: AnnualPlan.objects.all())
