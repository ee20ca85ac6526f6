from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "trienkhai.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        post_migrate.connect(ensure_immutable, sender=self)


def ensure_immutable(*, using: str = "default", **kwargs: Any) -> None:
    """Keep the refusal triggers in place: SQLite drops them whenever a migration rebuilds the
    table (any AddField or AlterField on it), so they are re-created after every migrate."""
    from django.db import connections

    from .triggers import install

    install(connections[using])
