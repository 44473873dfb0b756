"""Let editors import from WordPress in the admin (the add permission of WordPress imports)."""

from django.db import migrations

from editorial.groups import grant_group_permissions

CODENAMES = ["add_importrun"]


def grant(apps, schema_editor):
    grant_group_permissions(apps, "Editors", ["imports"], CODENAMES)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="imports", codename__in=CODENAMES)
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0003_browser_import"),
        ("editorial", "0002_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
