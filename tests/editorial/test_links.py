import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from editorial.links import slug_url


@pytest.mark.parametrize("viewname", ["articles:detail", "articles:topic", "conditions:detail", "website:contributor"])
def test_slug_url_matches_reverse_for_plain_slugs(viewname):
    assert slug_url(viewname, "what-is-naltrexone_2") == reverse(viewname, kwargs={"slug": "what-is-naltrexone_2"})


def test_slug_url_follows_the_script_prefix():
    set_script_prefix("/recovery/")
    try:
        assert slug_url("conditions:detail", "anxiety") == "/recovery/conditions/anxiety/"
    finally:
        set_script_prefix("/")
    assert slug_url("conditions:detail", "anxiety") == "/conditions/anxiety/"


def test_slug_url_refuses_what_reverse_refuses():
    with pytest.raises(NoReverseMatch):
        slug_url("articles:detail", "not a slug")
    with pytest.raises(NoReverseMatch):
        slug_url("articles:detail", "")
