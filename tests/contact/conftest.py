import pytest
from django.core.cache import cache

from tests import factories


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    # Rate-limit counters live in the cache, which outlives a test's database rollback.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def form_data():
    """Return a builder of a valid form post, filled in 30 seconds after the form was shown."""
    return factories.contact_form_data


@pytest.fixture
def submit(client, form_data, django_capture_on_commit_callbacks, run_tasks):
    """Post the contact form as a visitor, then let the worker run what it queued (the staff mail).

    ``follow=True`` follows the redirect, as a browser does, to the page that shows a form's errors.
    """

    def post(*, follow: bool = False, **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/contact/", form_data(**overrides), follow=follow)
        run_tasks()
        return response

    return post
