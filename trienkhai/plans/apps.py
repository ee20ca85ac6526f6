from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "trienkhai.plans"
    label = "plans"
    verbose_name = _("Plans, tasks and reports")

    def ready(self) -> None:
        from trienkhai.units.signals import units_moved

        from .tasks_jobs import units_moved_received

        units_moved.connect(units_moved_received, dispatch_uid="plans.units_moved")
