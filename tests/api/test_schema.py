"""The read API tested by a tool that knows nothing of the code: schemathesis against the served OpenAPI schema.

Property-based requests to every operation (positive and negative data, bounded and deterministic), each
response checked: no server error, a documented status and content type, and a body matching the schema.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode

MAX_EXAMPLES = 15


# The schema as the server serves it (fetched through the WSGI app, which also answers every generated request,
# in the test's database). Loading it queries nothing.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=MAX_EXAMPLES, deterministic=True
)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_answers_as_its_schema_says(case, site):
    case.call_and_validate()
