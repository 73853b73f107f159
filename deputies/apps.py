from django.apps import AppConfig


class DeputiesConfig(AppConfig):
    name = "deputies"
    verbose_name = "代表与建议"

    def ready(self):
        from core.reminders import Kind, register_collectors

        register_collectors({
            Kind.SUGGESTION_REPLY: "deputies.reminders.suggestion_reply",
            Kind.SUGGESTION_SIGN: "deputies.reminders.suggestion_sign",
            Kind.SUGGESTION_FEEDBACK: "deputies.reminders.suggestion_feedback",
            Kind.UNSATISFIED_REPORT: "deputies.reminders.unsatisfied_report",
            Kind.PUBLIC_MATTER: "deputies.reminders.public_matter",
        })
