"""The read API tested by a tool that knows nothing of the code: schemathesis against the served OpenAPI schema.

Property-based requests to every operation (positive and negative data, bounded and deterministic), each
response checked: no server error, a documented status and content type, and a body matching the schema.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode

MAX_EXAMPLES = 15


# The schema as the server serves it (fetched through the WSGI app, which also answers every generated request,
# in the test's database). Loading it queries nothing.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=MAX_EXAMPLES, deterministic=True
)


@pytest.fixture
def one_connection():
    """Keep the test's database connection (and its transaction) across requests, as Django's test client does.

    The WSGI handler closes connections around each request; inside a test's transaction on PostgreSQL that
    would close the connection holding the test's data.
    """
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_answers_as_its_schema_says(case, site, one_connection):
    case.call_and_validate()


@pytest.mark.django_db
def test_the_schema_documents_the_partner_key_and_the_401_and_429_of_every_operation(client):
    served = client.get("/api/v1/schema/", {"format": "json"}).json()
    operations = [operation for path in served["paths"].values() for operation in path.values()]

    assert served["components"]["securitySchemes"]["partnerKey"]["scheme"] == "bearer"
    assert len(operations) == 12
    for operation in operations:
        assert {"401", "429"} <= set(operation["responses"])
        assert operation["security"] == [{"partnerKey": []}, {}]  # a key is optional
