"""Let staff work on site pages and blocks as they do on articles.

Writers draft them, medical reviewers read them, editors also delete site pages. Nobody deletes a
block: unpublishing one brings back the built-in text.
"""

from django.db import migrations

from editorial.groups import grant_group_permissions

DRAFTING = [f"{action}_{model}" for model in ("sitepage", "sitepagesource", "block") for action in ("add", "change", "view")]
GROUP_PERMISSIONS = {
    "Writers": DRAFTING,
    "Medical reviewers": ["view_sitepage", "view_sitepagesource", "view_block"],
    "Editors": [*DRAFTING, "delete_sitepage", "delete_sitepagesource"],
}


def grant(apps, schema_editor):
    for name, codenames in GROUP_PERMISSIONS.items():
        grant_group_permissions(apps, name, ["pages"], codenames)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GROUP_PERMISSIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="pages"))


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("editorial", "0002_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
