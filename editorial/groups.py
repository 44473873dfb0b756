"""Staff groups and their model permissions, for data migrations (the only place groups are defined)."""

from django.contrib.auth.management import create_permissions


def grant_group_permissions(apps, group_name: str, app_labels: list[str], codenames: list[str]) -> None:
    """Create the group if needed and give it these permissions of these apps, in a data migration.

    Django creates permissions after migrate has run; they are created here first so a
    fresh database's groups can hold them.
    """
    for label in app_labels:
        app_config = apps.get_app_config(label)
        models_module, app_config.models_module = getattr(app_config, "models_module", None), True
        try:
            create_permissions(app_config, verbosity=0, apps=apps)
        finally:
            app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=app_labels, codename__in=codenames))
