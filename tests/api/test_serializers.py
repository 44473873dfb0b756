"""What each item says about its review, sources and notes: values written out by hand from the test site."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from articles.models import Article
from editorial.models import Contributor
from tests import factories

pytestmark = pytest.mark.django_db

ARTICLE = "/api/v1/articles/naltrexone-basics/"


def test_an_article_names_its_reviewer_review_dates_and_live_revision(site, anonymous):
    article = site["article"]

    item = anonymous.get(ARTICLE).json()

    assert item["review"] == {
        "reviewer": {
            "name": "Dana Ames",
            "slug": "dana-ames",
            "credentials": "PharmD",
            "url": "http://testserver/contributors/dana-ames/",
            "licence_status": "current",
        },
        "reviewed_at": timezone.localtime(article.live_reviewed_at).isoformat(),
        "review_due": (timezone.localdate(article.live_reviewed_at) + relativedelta(months=12)).isoformat(),
        "overdue": False,
    }
    # Published once, then corrected: the live version is the second.
    assert item["revision"] == 2
    assert item["authors"] == [
        {
            "name": "Sam Writer",
            "slug": "sam-writer",
            "credentials": "",
            "url": "http://testserver/contributors/sam-writer/",
            "licence_status": "none",
        }
    ]
    assert item["topic"] == {
        "name": "Medications",
        "slug": "medications",
        "url": "http://testserver/articles/topic/medications/",
    }
    assert item["conditions"] == [
        {
            "name": "Opioid use disorder",
            "slug": "opioid-use-disorder",
            "url": "http://testserver/conditions/opioid-use-disorder/",
        }
    ]
    assert item["key_takeaways"] == ["Blocks opioids", "Taken daily"]


def test_an_article_numbers_its_sources_with_doi_pmid_and_address_and_lists_its_notes(site, anonymous):
    item = anonymous.get(ARTICLE).json()

    assert item["sources"] == [
        {
            "number": 1,
            "title": "Naltrexone trial",
            "publisher": "NEJM",
            "year": 2021,
            "url": "https://example.org/trial",
            "doi": "10.1000/xyz",
            "pmid": "123456",
        }
    ]
    assert [(note["kind"], note["text"]) for note in item["notes"]] == [("correction", "Corrected the starting dose.")]


def test_the_body_is_rendered_as_the_page_shows_it_with_every_address_absolute(site, anonymous):
    body = anonymous.get(ARTICLE).json()["body_html"]

    assert body == (
        '<h2 id="dosing">Dosing</h2><p>50 mg daily <sup class="cite">[<a '
        'href="http://testserver/articles/naltrexone-basics/#source-1"><span class="visually-hidden">source </span>1'
        '</a>]</sup>. See <a href="http://testserver/conditions/opioid-use-disorder/" rel="noopener noreferrer">OUD</a>.'
        '</p><p><img src="http://testserver/media/articles/chart.png" alt="A chart"></p>'
    )


def test_an_overdue_review_is_flagged_and_the_json_ld_claims_no_last_review(site, anonymous):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    factories.set_stored(Article.objects.filter(pk=site["article"].pk), review_due_at=yesterday)

    item = anonymous.get(ARTICLE).json()

    assert item["review"]["overdue"] is True
    assert item["review"]["review_due"] == yesterday.isoformat()
    assert "lastReviewed" not in item["structured_data"][0]


def test_a_reviewer_whose_licence_lapsed_is_shown_as_expired(site, anonymous):
    Contributor.objects.filter(pk=site["reviewer"].pk).update(licence_expiry=datetime.date(2020, 1, 1))

    assert anonymous.get(ARTICLE).json()["review"]["reviewer"]["licence_status"] == "expired"


def test_the_fields_state_the_same_facts_as_the_pages_own_json_ld(site, anonymous, client):
    item = anonymous.get(ARTICLE).json()
    page_html = client.get(site["article"].get_absolute_url()).content.decode()
    (node,) = item["structured_data"]

    # The same JSON-LD as the public page carries, not a second description of it.
    assert '"@type":"MedicalWebPage"' in page_html
    assert f'"lastReviewed":"{timezone.localdate(site["article"].live_reviewed_at).isoformat()}"' in page_html
    assert node["lastReviewed"] == item["review"]["reviewed_at"][:10]
    assert node["reviewedBy"]["name"] == item["review"]["reviewer"]["name"]
    assert node["reviewedBy"]["honorificSuffix"] == item["review"]["reviewer"]["credentials"]
    assert [citation["name"] for citation in node["citation"]] == [source["title"] for source in item["sources"]]
    assert [c["text"] for c in node["correction"]] == [n["text"] for n in item["notes"] if n["kind"] == "correction"]
    assert [author["name"] for author in node["author"]] == [author["name"] for author in item["authors"]]


def test_a_contributor_shows_public_fields_only(site, anonymous):
    item = anonymous.get("/api/v1/contributors/dana-ames/").json()

    assert item == {
        "name": "Dana Ames",
        "slug": "dana-ames",
        "credentials": "PharmD",
        "url": "http://testserver/contributors/dana-ames/",
        "licence_status": "current",
        "is_writer": False,
        "is_medical_reviewer": True,
        "bio": "",
        "photo": None,
    }
