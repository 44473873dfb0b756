"""Let staff use the media library: writers and editors add and describe items, editors also delete unused ones.

Medical reviewers see the library (what a picture's credit and licence say) but change nothing in it.
"""

from django.db import migrations

from editorial.groups import grant_group_permissions

MODELS = ("image", "document", "tag")
ADDING = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "view")]
GROUP_PERMISSIONS = {
    "Writers": ADDING,
    "Medical reviewers": [f"view_{model}" for model in MODELS],
    "Editors": [*ADDING, *(f"delete_{model}" for model in MODELS)],
}


def grant(apps, schema_editor):
    for name, codenames in GROUP_PERMISSIONS.items():
        grant_group_permissions(apps, name, ["library"], codenames)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GROUP_PERMISSIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="library"))


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_initial"),
        ("editorial", "0002_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
