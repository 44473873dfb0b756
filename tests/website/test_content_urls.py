"""The safe_url filter every address from content goes through before it is linked."""

import pytest

from website.templatetags.content_urls import safe_url


@pytest.mark.parametrize(
    "url",
    [
        "https://pubmed.ncbi.nlm.nih.gov/1/",
        "http://example.org/",
        "mailto:desk@example.org",
        "tel:988",
        "/articles/x/",
        "#s1",
    ],
)
def test_addresses_rich_text_allows_pass_unchanged(url):
    assert safe_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " javascript:alert(1)",
        "\u2000javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox",
        "//evil.example/",
        "/\\evil.example/",
        "/\t/evil.example/",
        "",
        None,
    ],
)
def test_any_other_address_becomes_empty(url):
    assert safe_url(url) == ""
