"""Fill the stored search document of existing articles (PostgreSQL only; elsewhere it stays NULL)."""

from django.contrib.postgres.search import SearchVector
from django.db import migrations


def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("articles", "article")
    # The same vector as ReviewedContent.search_vector, spelled out: a migration must not follow later code.
    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )
    model.objects.using(schema_editor.connection.alias).update(search_document=vector)


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_article_search_document")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
