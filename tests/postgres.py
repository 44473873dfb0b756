"""Marks for tests of concurrent transactions, which need PostgreSQL's row locks (see each module's note).

A module sets ``pytestmark = postgres.CONCURRENCY``: it is skipped at collection on SQLite (so a skipped run does
not flush the database under later tests), and fails instead when REQUIRE_POSTGRES=1 says PostgreSQL must be there.
"""

import os

import pytest
from django.db import connection

ON_POSTGRES = connection.vendor == "postgresql"
REQUIRED = os.environ.get("REQUIRE_POSTGRES") == "1"

CONCURRENCY = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRES and not REQUIRED, reason="Concurrency is tested on PostgreSQL (DATABASE_URL)."),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgres_required"),
]
