from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "trienkhai.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        post_migrate.connect(ensure_search_triggers, sender=self)


def ensure_search_triggers(*, using: str = "default", **kwargs: Any) -> None:
    """SQLite loses a table's triggers when a migration rebuilds it: put the FTS sync back."""
    from django.db import connections

    from .search_index import install_triggers

    install_triggers(connections[using])
