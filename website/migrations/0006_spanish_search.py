"""Spanish site search: the unaccent extension and the "spanish_unaccent" text-search configuration.

Spanish stemming after unaccent, so a word typed without its accent ("articulacion", "sueno") finds the page that
has it; editorial.models.SEARCH_CONFIGS reads Spanish pages with it and with PostgreSQL's "spanish". PostgreSQL
only: the extension operation and the configuration do nothing on SQLite.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

CREATE = (
    "CREATE TEXT SEARCH CONFIGURATION spanish_unaccent (COPY = pg_catalog.spanish)",
    "ALTER TEXT SEARCH CONFIGURATION spanish_unaccent ALTER MAPPING FOR hword, hword_part, word "
    "WITH unaccent, spanish_stem",
)
# Spanish pages stored before this migration: their documents again, in the new configuration (the same vector
# as ReviewedContent.search_vector, spelled out: a migration must not follow later code).
REFILL = [
    ("articles", "Article", ("title",)),
    ("conditions", "Condition", ("name", "also_known_as")),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in CREATE:
        schema_editor.execute(statement)
    from django.contrib.postgres.search import SearchVector

    for app_label, model_name, titles in REFILL:
        model = apps.get_model(app_label, model_name)
        vector = None
        for config in ("spanish", "spanish_unaccent"):
            reading = (
                SearchVector(*titles, weight="A", config=config)
                + SearchVector("summary", weight="B", config=config)
                + SearchVector("body", weight="C", config=config)
            )
            vector = reading if vector is None else vector + reading
        model.objects.using(schema_editor.connection.alias).filter(language="es").update(search_document=vector)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS spanish_unaccent")


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0005_title_lexeme_indexes"),
        ("articles", "0011_languages"),
        ("conditions", "0009_languages"),
    ]

    operations = [UnaccentExtension(), migrations.RunPython(create, drop)]
