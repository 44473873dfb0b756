"""Trigram indexes on what typo matching compares (article titles, condition names and other names).

PostgreSQL only: SQLite has no pg_trgm, and its plain-word search never uses them.
"""

from django.db import migrations

INDEXES = [
    ("articles", "Article", "title", "articles_title_trgm"),
    ("conditions", "Condition", "name", "conditions_name_trgm"),
    ("conditions", "Condition", "also_known_as", "conditions_also_known_as_trgm"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for app_label, model_name, column, name in INDEXES:
        table = apps.get_model(app_label, model_name)._meta.db_table
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} USING gin ({quote(column)} gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _, _, _, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0003_redirects_move_to_contrib"),
        ("articles", "0006_source_url_web_schemes"),
        ("conditions", "0006_source_url_web_schemes"),
    ]

    operations = [migrations.RunPython(create, drop)]
