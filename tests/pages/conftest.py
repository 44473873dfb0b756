import re

import pytest

from editorial import workflow
from tests import factories


def text_of(response) -> str:
    """Return the page's visible text with tags removed and spaces collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return text.replace(" ,", ",").replace(" .", ".").replace(" :", ":")


def go_live(obj, *, approver=None, editor=None, note: str = "", kind: str = ""):
    """Take a draft page or block live: the right kind of approver for it, then an editor."""
    approver = approver or (factories.make_reviewer() if obj.needs_medical_review else factories.make_editor())
    factories.approve_as(obj, approver)
    return workflow.publish(obj, user=editor or factories.make_editor(), note=note, kind=kind)


@pytest.fixture
def live_site(db):
    """One live page of each public type that shows the blocks."""
    return {
        "home": "/",
        "article": factories.make_live_article().get_absolute_url(),
        "article list": "/articles/",
        "condition": factories.make_live_condition().get_absolute_url(),
        "conditions A-Z": "/conditions/",
        "site page": go_live(factories.make_site_page(kind="about", makes_medical_claims=False)).get_absolute_url(),
        "corrections": "/corrections/",
        "contact form": "/contact/",
        "search": "/search/?q=article",
    }
