"""Keep each stored search document inside its article's row (PostgreSQL only).

A search tests every live page's document. Stored out of line (TOAST, the default for values
over ~2 KB), each test first fetches the document from the TOAST table, which was two thirds of
the ranking query's time; STORAGE MAIN keeps the compressed document in the row unless the row
would not fit in a page. Existing documents are rewritten so they move into their rows.
"""

from django.db import migrations

FORWARD = (
    "ALTER TABLE articles_article ALTER COLUMN search_document SET STORAGE MAIN",
    "UPDATE articles_article SET search_document = search_document || ''::tsvector WHERE search_document IS NOT NULL",
)
BACKWARD = ("ALTER TABLE articles_article ALTER COLUMN search_document SET STORAGE EXTENDED",)


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_fill_search_document")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
