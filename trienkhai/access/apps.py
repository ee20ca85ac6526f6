from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "trienkhai.access"
    label = "access"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers each model's scope)
