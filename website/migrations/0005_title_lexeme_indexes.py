"""GIN indexes on the title-level lexemes of the stored search documents (``ts_filter(search_document, '{a}')``).

Search ranks a bounded set of matches: the most recent ones, and the most recent of those with a query
word in the title (website/search.py, _ranked). These indexes find the second set without reading
every match's document, so an old page named for what was asked is ranked however many newer pages
mention it. PostgreSQL only: the stored document is empty elsewhere and SQLite's search never uses it.
"""

from django.db import migrations

INDEXES = [
    ("articles", "Article", "articles_title_lexemes_gin"),
    ("conditions", "Condition", "conditions_title_lexemes_gin"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for app_label, model_name, name in INDEXES:
        table = apps.get_model(app_label, model_name)._meta.db_table
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} USING gin (ts_filter(\"search_document\", '{{a}}'))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _, _, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0004_trigram_indexes"),
        ("articles", "0008_key_takeaways"),
        ("conditions", "0007_key_takeaways_hero_image"),
    ]

    operations = [migrations.RunPython(create, drop)]
