from typing import cast

from django.apps import AppConfig, apps
from django.db import models
from django.db.models.signals import m2m_changed


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial review"

    def ready(self) -> None:
        from editorial.models import ReviewedContent, refuse_live_relation_changes

        # A live page's relations are part of what visitors see: only the workflow changes them.
        for model in apps.get_models():
            if issubclass(model, ReviewedContent):
                for name in model.draft_m2m:
                    through = cast(models.ManyToManyField, model._meta.get_field(name)).remote_field.through
                    m2m_changed.connect(refuse_live_relation_changes, sender=through, dispatch_uid=f"live-{through}")
