"""Give "Intake staff" what working the queue needs: read and update requests, add notes, read the view log.

Export (contact.export_contactrequest) and delete are left out on purpose: an administrator grants
export to the people who need it, and the retention command does the deleting.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

INTAKE_STAFF = "Intake staff"
CODENAMES = ["view_contactrequest", "change_contactrequest", "add_contactnote", "view_contactnote", "view_contactview"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("contact")
    models_module, app_config.models_module = getattr(app_config, "models_module", None), True
    try:
        create_permissions(app_config, verbosity=0, apps=apps)
    finally:
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=INTAKE_STAFF)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="contact", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=INTAKE_STAFF):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="contact", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("contact", "0001_initial"),
        ("editorial", "0002_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
