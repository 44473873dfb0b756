"""Fill the stored search document of existing conditions (PostgreSQL only; elsewhere it stays NULL)."""

from django.contrib.postgres.search import SearchVector
from django.db import migrations


def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("conditions", "condition")
    # The same vector as ReviewedContent.search_vector, spelled out: a migration must not follow later code.
    vector = (
        SearchVector("name", "also_known_as", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )
    model.objects.using(schema_editor.connection.alias).update(search_document=vector)


class Migration(migrations.Migration):
    dependencies = [("conditions", "0003_condition_search_document")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
