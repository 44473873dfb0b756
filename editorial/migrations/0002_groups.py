"""Create the staff groups and give each the model permissions its work needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = ["article", "articlesource", "topic", "condition", "conditionsource"]
GROUP_PERMISSIONS = {
    "Writers": [f"{action}_{model}" for model in CONTENT for action in ("add", "change", "view")]
    + ["view_contributor"],
    "Medical reviewers": [f"view_{model}" for model in CONTENT] + ["view_contributor", "view_revision"],
    "Editors": [f"{action}_{model}" for model in CONTENT + ["contributor"] for action in ("add", "change", "delete", "view")]
    + ["view_revision", "view_reviewevent"],
    "Intake staff": [],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrate; make them now so groups can hold them.
    for app_config in apps.get_app_configs():
        models_module, app_config.models_module = getattr(app_config, "models_module", None), True
        try:
            create_permissions(app_config, verbosity=0, apps=apps)
        finally:
            app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(codename__in=codenames, content_type__app_label__in=[
            "articles", "conditions", "editorial"
        ]))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("articles", "0002_initial"),
        ("conditions", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
