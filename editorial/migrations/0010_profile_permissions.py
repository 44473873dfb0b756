"""Let the people who keep contributor profiles edit their education and affiliations on the same admin page.

Editors add, change and delete contributors (0002_groups), so they do the same with these rows; writers and
medical reviewers see contributors, and these rows with them.
"""

from django.db import migrations

from editorial.groups import grant_group_permissions

MODELS = ("education", "affiliation")
GROUP_PERMISSIONS = {
    "Writers": [f"view_{model}" for model in MODELS],
    "Medical reviewers": [f"view_{model}" for model in MODELS],
    "Editors": [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")],
}


def grant(apps, schema_editor):
    for name, codenames in GROUP_PERMISSIONS.items():
        grant_group_permissions(apps, name, ["editorial"], codenames)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    rows = Permission.objects.filter(content_type__app_label="editorial", content_type__model__in=MODELS)
    for group in Group.objects.filter(name__in=GROUP_PERMISSIONS):
        group.permissions.remove(*rows)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0009_contributor_profile"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
