"""Create the staff groups and give each the model permissions its work needs."""

from django.db import migrations

from editorial.groups import grant_group_permissions

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
    for name, codenames in GROUP_PERMISSIONS.items():
        grant_group_permissions(apps, name, ["articles", "conditions", "editorial"], codenames)


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
