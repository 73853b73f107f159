from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "会议与议程"

    def ready(self):
        from core.reminders import Kind, register_collectors
        from core.signals import body_rules_saved
        from meetings.materials import recompute_after_rules_change

        body_rules_saved.connect(recompute_after_rules_change, dispatch_uid="meetings-recompute-after-rules")

        register_collectors({Kind.MATERIALS: "meetings.reminders.materials", Kind.AGENDA: "meetings.reminders.agenda"})

        from core.years import register_year_source
        from meetings.models import Meeting

        register_year_source("meeting", lambda: Meeting.objects.all())
