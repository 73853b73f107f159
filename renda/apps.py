from django.apps import AppConfig


class RendaConfig(AppConfig):
    name = "renda"
    verbose_name = "系统"
