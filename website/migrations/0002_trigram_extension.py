# pg_trgm gives search its typo tolerance; the operation does nothing on SQLite.

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0001_redirect"),
    ]

    operations = [
        TrigramExtension(),
    ]
