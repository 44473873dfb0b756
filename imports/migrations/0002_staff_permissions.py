"""Let the editorial staff read the import reports and the imported items' queue.

Nobody gets add, change or delete: only the import command writes these records.
"""

from django.db import migrations

from editorial.groups import grant_group_permissions

GROUPS = ["Writers", "Medical reviewers", "Editors"]
CODENAMES = ["view_importrun", "view_importeditem"]


def grant(apps, schema_editor):
    for name in GROUPS:
        grant_group_permissions(apps, name, ["imports"], CODENAMES)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="imports", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_initial"),
        ("editorial", "0002_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
