from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudiesConfig(AppConfig):
    name = "trienkhai.studies"
    label = "studies"
    verbose_name = _("Study and dissemination")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from trienkhai.units.models import Unit
        from trienkhai.units.signals import units_moved

        from .signals import unit_moved, unit_saved

        post_save.connect(unit_saved, sender=Unit, dispatch_uid="studies.unit_saved")
        units_moved.connect(unit_moved, dispatch_uid="studies.unit_moved")
