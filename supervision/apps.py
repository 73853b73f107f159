from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "监督成果"

    def ready(self):
        from core.reminders import Kind, register_collectors

        register_collectors({
            Kind.OPINION_RESPONSE: "supervision.reminders.opinion_response",
            Kind.RECTIFICATION: "supervision.reminders.rectification",
        })
