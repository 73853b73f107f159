from django.apps import AppConfig


class RendaConfig(AppConfig):
    """The project. It has no models: it stays an app only so that databases made before the move of its
    models to core/ (migrations 0001-0006, then 0007 hands them over) migrate."""

    name = "renda"
    verbose_name = "系统"
