"""The browsable reference page: every operation of the schema, on the site's template, under the strict CSP."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_reference_page_lists_every_operation_with_its_filters_and_fields(anonymous):
    response = anonymous.get("/api/v1/")
    html = response.content.decode()

    assert response.status_code == 200
    for path in ("/api/v1/articles/", "/api/v1/articles/{slug}/", "/api/v1/corrections/{id}/", "/api/v1/pages/{kind}/"):
        assert f"<code>GET {path}</code>" in html
    assert "<code>updated_since</code>" in html
    assert "<code>review</code>" in html
    assert 'href="/api/v1/schema/"' in html


def test_the_reference_page_needs_no_outside_or_inline_script_or_style(anonymous):
    response = anonymous.get("/api/v1/")
    html = response.content.decode()

    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=\"/static/)", html)
    assert "<style" not in html
    assert " style=" not in html
    assert not re.search(r'(src|href)="https?://(?!testserver)', html)
