"""JSON-LD on every public page type, parsed from the HTML and checked field by field."""

import datetime
import json
import re

import pytest
from django.utils import timezone

from articles.models import Article
from editorial import workflow
from tests import factories

pytestmark = pytest.mark.django_db
BASE = "http://testserver"
SOURCES = [
    {"title": "Low-dose naltrexone for fibromyalgia", "publisher": "National Institutes of Health",
     "url": "https://www.nih.gov/", "year": 2013, "pmid": "23359310"},
    {"title": "Naltrexone labeling", "publisher": "U.S. Food and Drug Administration", "doi": "10.1000/xyz"},
]  # fmt: skip


def json_ld(response) -> dict[str, dict]:
    """Return the page's JSON-LD nodes by @type; fail if a type appears twice."""
    html = response.content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    nodes = [json.loads(block) for block in blocks]
    types = [node["@type"] for node in nodes]
    assert len(types) == len(set(types)), types
    return {node["@type"]: node for node in nodes}


@pytest.fixture
def reviewer():
    user = factories.make_reviewer()
    user.contributor.name, user.contributor.credentials = "Sample Reviewer", "PharmD, BCPS"
    user.contributor.save()
    return user


@pytest.fixture
def author():
    return factories.make_contributor(name="Sample Writer", slug="sample-writer", credentials="MA", is_writer=True)


@pytest.fixture
def condition(author, reviewer):
    return factories.publish(
        factories.make_condition(
            name="Multiple sclerosis",
            slug="multiple-sclerosis",
            also_known_as="MS, disseminated sclerosis",
            summary="An immune-mediated disease of the brain and spinal cord.",
            authors=[author],
            sources=SOURCES[:1],
        ),
        reviewer=reviewer,
    )


@pytest.fixture
def article(author, reviewer, condition):
    hidden = factories.make_condition(name="Unpublished condition")
    return factories.publish(
        factories.make_article(
            title="What is naltrexone used for?",
            slug="naltrexone",
            summary="How naltrexone helps recovery.",
            meta_description="Naltrexone for opioid and alcohol use disorder, and low-dose naltrexone.",
            topic=factories.make_topic(name="Medicines"),
            authors=[author],
            conditions=[condition, hidden],
            sources=SOURCES,
        ),
        reviewer=reviewer,
    )


def test_article_is_a_medical_web_page_with_every_trust_field(client, article, reviewer):
    article.refresh_from_db()
    page = json_ld(client.get("/articles/naltrexone/"))["MedicalWebPage"]

    assert page["@context"] == "https://schema.org"
    assert page["url"] == page["@id"] == f"{BASE}/articles/naltrexone/"
    assert page["name"] == page["headline"] == "What is naltrexone used for?"
    assert page["description"] == "Naltrexone for opioid and alcohol use disorder, and low-dose naltrexone."
    assert page["about"] == [
        {"@type": "MedicalCondition", "name": "Multiple sclerosis", "url": f"{BASE}/conditions/multiple-sclerosis/"}
    ]
    assert page["author"] == [
        {
            "@type": "Person",
            "name": "Sample Writer",
            "url": f"{BASE}/contributors/sample-writer/",
            "honorificSuffix": "MA",
            "hasCredential": [{"@type": "EducationalOccupationalCredential", "name": "MA"}],
        }
    ]
    assert page["reviewedBy"]["@type"] == "Person"
    assert page["reviewedBy"]["name"] == "Sample Reviewer"
    assert page["reviewedBy"]["honorificSuffix"] == "PharmD, BCPS"
    assert [c["name"] for c in page["reviewedBy"]["hasCredential"]] == ["PharmD", "BCPS"]
    assert page["reviewedBy"]["url"] == f"{BASE}{reviewer.contributor.get_absolute_url()}"
    assert page["lastReviewed"] == timezone.localdate(article.live_reviewed_at).isoformat()
    assert datetime.datetime.fromisoformat(page["datePublished"]) == article.first_published_at
    assert datetime.datetime.fromisoformat(page["dateModified"]) == article.last_published_at
    assert page["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "Low-dose naltrexone for fibromyalgia",
            "url": "https://www.nih.gov/",
            "publisher": {"@type": "Organization", "name": "National Institutes of Health"},
            "datePublished": "2013",
            "identifier": [{"@type": "PropertyValue", "propertyID": "PMID", "value": "23359310"}],
        },
        {
            "@type": "CreativeWork",
            "name": "Naltrexone labeling",
            "publisher": {"@type": "Organization", "name": "U.S. Food and Drug Administration"},
            "identifier": [{"@type": "PropertyValue", "propertyID": "DOI", "value": "10.1000/xyz"}],
        },
    ]
    assert page["publisher"]["name"] == "Recovery Site"


def test_article_without_related_conditions_is_about_its_topic(client):
    factories.make_live_article(slug="plain", topic=factories.make_topic(name="Family support"))

    page = json_ld(client.get("/articles/plain/"))["MedicalWebPage"]

    assert page["about"] == {"@type": "Thing", "name": "Family support"}


def test_article_breadcrumbs_follow_the_visible_trail(client, article):
    crumbs = json_ld(client.get("/articles/naltrexone/"))["BreadcrumbList"]

    assert crumbs["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{BASE}/"},
        {"@type": "ListItem", "position": 2, "name": "Articles", "item": f"{BASE}/articles/"},
        {
            "@type": "ListItem",
            "position": 3,
            "name": "What is naltrexone used for?",
            "item": f"{BASE}/articles/naltrexone/",
        },
    ]


def test_reviewed_by_names_who_approved_the_live_version_not_a_later_draft(client, article, reviewer):
    other = factories.make_reviewer()
    article.summary = "A changed summary waiting for review."
    workflow.save_draft(article, user=factories.make_writer())
    factories.approve_draft(article, reviewer=other)

    page = json_ld(client.get("/articles/naltrexone/"))["MedicalWebPage"]

    assert page["reviewedBy"]["name"] == "Sample Reviewer"
    assert page["description"] == "Naltrexone for opioid and alcohol use disorder, and low-dose naltrexone."


def test_page_without_a_recorded_approval_claims_no_review(client, article):
    factories.set_stored(Article.objects.filter(pk=article.pk), live_reviewed_by=None)

    page = json_ld(client.get("/articles/naltrexone/"))["MedicalWebPage"]

    assert "reviewedBy" not in page
    assert "lastReviewed" not in page


def test_last_reviewed_disappears_once_the_review_is_overdue(client, article):
    factories.set_stored(
        Article.objects.filter(pk=article.pk), review_due_at=timezone.localdate() - datetime.timedelta(days=1)
    )

    page = json_ld(client.get("/articles/naltrexone/"))["MedicalWebPage"]

    assert "lastReviewed" not in page
    assert page["reviewedBy"]["name"] == "Sample Reviewer"


def test_condition_page_describes_the_condition_with_its_other_names(client, condition, reviewer):
    nodes = json_ld(client.get("/conditions/multiple-sclerosis/"))
    url = f"{BASE}/conditions/multiple-sclerosis/"

    assert nodes["MedicalCondition"] == {
        "@context": "https://schema.org",
        "@type": "MedicalCondition",
        "@id": url + "#condition",
        "name": "Multiple sclerosis",
        "alternateName": ["MS", "disseminated sclerosis"],
        "description": "An immune-mediated disease of the brain and spinal cord.",
        "url": url,
    }
    page = nodes["MedicalWebPage"]
    assert page["about"] == {"@type": "MedicalCondition", "@id": url + "#condition", "name": "Multiple sclerosis"}
    assert page["reviewedBy"]["name"] == "Sample Reviewer"
    assert page["citation"][0]["name"] == "Low-dose naltrexone for fibromyalgia"
    assert [item["name"] for item in nodes["BreadcrumbList"]["itemListElement"]] == [
        "Home",
        "Conditions",
        "Multiple sclerosis",
    ]


def test_home_page_names_the_organization_and_its_search(client, db):
    nodes = json_ld(client.get("/"))

    organization = nodes["Organization"]
    assert organization["name"] == "Recovery Site"
    assert organization["url"] == f"{BASE}/"
    assert organization["contactPoint"][0]["telephone"] == "+15550100199"
    assert organization["contactPoint"][0]["contactType"] == "admissions"
    action = nodes["WebSite"]["potentialAction"]
    assert action["target"]["urlTemplate"] == f"{BASE}/search/?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"
    assert nodes["BreadcrumbList"]["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{BASE}/"}
    ]


def test_contributor_page_is_a_profile_of_a_credentialed_person(client, reviewer):
    contributor = reviewer.contributor
    contributor.bio = "Pharmacist with ten years in addiction medicine."
    contributor.save()

    profile = json_ld(client.get(contributor.get_absolute_url()))["ProfilePage"]

    assert profile["mainEntity"]["@type"] == "Person"
    assert profile["mainEntity"]["name"] == "Sample Reviewer"
    assert profile["mainEntity"]["honorificSuffix"] == "PharmD, BCPS"
    assert profile["mainEntity"]["description"] == "Pharmacist with ten years in addiction medicine."
    assert profile["mainEntity"]["jobTitle"] == "Medical reviewer"


def test_profile_person_names_title_training_memberships_credentials_picture_and_other_profiles(client, reviewer):
    contributor = reviewer.contributor
    contributor.slug, contributor.job_title = "sample-reviewer", "Clinical pharmacist"
    contributor.licence_issuer, contributor.licence_expiry = (
        "Sample State Board of Pharmacy",
        datetime.date(2099, 1, 31),
    )
    contributor.expertise = "Opioid use disorder\nPain management"
    contributor.other_profiles = "https://register.example.org/sample-reviewer\njavascript:alert(1)"
    contributor.photo = factories.make_image(alt_text="Drawn portrait", credit="Illustration: Sample Studio")
    contributor.save()
    contributor.education.create(degree="Doctor of Pharmacy (PharmD)", institution="Sample University", year=2012)
    contributor.education.create(degree="Residency", institution="Sample University", position=1)
    contributor.affiliations.create(kind="certification", name="BCPS (sample)", organisation="Sample Board")
    contributor.affiliations.create(kind="membership", name="Sample Society", url="https://society.example/")
    contributor.affiliations.create(kind="position", name="Pharmacist", organisation="Example Clinic")
    picture = contributor.photo

    person = json_ld(client.get(contributor.get_absolute_url()))["ProfilePage"]["mainEntity"]

    assert person["url"] == f"{BASE}/contributors/sample-reviewer/"
    assert person["jobTitle"] == "Clinical pharmacist"
    assert person["knowsAbout"] == ["Opioid use disorder", "Pain management"]
    assert person["alumniOf"] == [{"@type": "EducationalOrganization", "name": "Sample University"}]
    assert person["memberOf"] == [
        {"@type": "Organization", "name": "Sample Society", "url": "https://society.example/"}
    ]
    assert person["affiliation"] == [{"@type": "Organization", "name": "Example Clinic"}]
    assert person["sameAs"] == ["https://register.example.org/sample-reviewer"]  # never a script address
    assert person["image"] == {
        "@type": "ImageObject",
        "url": f"{BASE}{picture.url}",
        "caption": "Drawn portrait",
        "creditText": "Illustration: Sample Studio",
        "width": 64,
        "height": 48,
    }
    board = {"@type": "Organization", "name": "Sample Board"}
    university = {"@type": "Organization", "name": "Sample University"}
    credential = "EducationalOccupationalCredential"
    assert person["hasCredential"] == [
        {"@type": credential, "name": "PharmD"},
        {"@type": credential, "name": "BCPS"},
        {"@type": credential, "name": "Doctor of Pharmacy (PharmD)", "credentialCategory": "degree",
         "recognizedBy": university},
        {"@type": credential, "name": "Residency", "credentialCategory": "degree", "recognizedBy": university},
        {"@type": credential, "name": "BCPS (sample)", "credentialCategory": "certification", "recognizedBy": board},
        {"@type": credential, "name": "Professional licence", "credentialCategory": "license",
         "recognizedBy": {"@type": "Organization", "name": "Sample State Board of Pharmacy"},
         "validUntil": "2099-01-31"},
    ]  # fmt: skip
    assert contributor.licence_number not in json.dumps(person)


def test_profile_claims_no_licence_once_it_has_lapsed(client, reviewer):
    contributor = reviewer.contributor
    contributor.licence_expiry = datetime.date(2020, 1, 31)
    contributor.save()

    person = json_ld(client.get(contributor.get_absolute_url()))["ProfilePage"]["mainEntity"]

    assert [item.get("credentialCategory") for item in person["hasCredential"]] == [None, None]


@pytest.mark.parametrize(
    ("url", "trail"),
    [
        ("/articles/", ["Home", "Articles"]),
        ("/articles/topic/medicines/", ["Home", "Articles", "Medicines"]),
        ("/conditions/", ["Home", "Conditions A–Z"]),
        ("/search/?q=naltrexone", ["Home", "Search"]),
        ("/contact/", ["Home", "Contact admissions"]),
        ("/no-such-page/", ["Home", "Page not found"]),
    ],
)
def test_every_other_page_type_has_a_breadcrumb_list(client, article, url, trail):
    crumbs = json_ld(client.get(url))["BreadcrumbList"]

    assert [item["name"] for item in crumbs["itemListElement"]] == trail
    assert [item["position"] for item in crumbs["itemListElement"]] == list(range(1, len(trail) + 1))


def test_json_ld_cannot_break_out_of_its_script_element(client):
    title = '</script><script>alert("x")</script> & more'
    factories.make_live_article(slug="tricky", title=title)

    response = client.get("/articles/tricky/")

    assert '</script><script>alert("x")' not in response.content.decode()
    assert json_ld(response)["MedicalWebPage"]["name"] == title


def test_preview_of_a_draft_carries_no_structured_data(client, article):
    factories.login_staff(client, factories.make_user(is_superuser=True))

    response = client.get(f"/articles/preview/{article.pk}/")

    assert response.status_code == 200
    assert json_ld(response) == {}


def test_published_corrections_are_correction_comments_and_updates_are_not(client, article, condition):
    for page in (article, condition):
        page.body = "<p>Start at 3.0 mg [1].</p>"
        workflow.save_draft(page, user=factories.make_writer())
        factories.approve_draft(page)
        workflow.publish(page, user=factories.make_editor(), note="Corrected the LDN starting dose.", kind="correction")
        page.body = "<p>Start at 3.0 mg [1]; see the 2026 study.</p>"
        workflow.save_draft(page, user=factories.make_writer())
        factories.approve_draft(page)
        workflow.publish(page, user=factories.make_editor(), note="Updated with a 2026 study.", kind="update")

    for page in (article, condition):
        node = json_ld(client.get(page.get_absolute_url()))["MedicalWebPage"]
        corrections = node["correction"]
        assert [(c["@type"], c["text"]) for c in corrections] == [
            ("CorrectionComment", "Corrected the LDN starting dose.")
        ]
        published = datetime.datetime.fromisoformat(corrections[0]["datePublished"])
        assert timezone.localdate(published) == timezone.localdate()


def test_a_page_without_corrections_has_no_correction_property(client, article):
    assert "correction" not in json_ld(client.get(article.get_absolute_url()))["MedicalWebPage"]


def jpeg(width: int, height: int):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 160)).save(buffer, format="JPEG")
    return SimpleUploadedFile("picture.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_page_names_its_hero_image_with_size_and_its_publisher_logo(client, run_tasks):
    article = factories.make_live_article(hero_image=factories.image_from(jpeg(1200, 600), "Tablets on a table"))
    run_tasks()

    page = json_ld(client.get(article.get_absolute_url()))["MedicalWebPage"]

    assert page["image"] == {
        "@type": "ImageObject",
        "url": f"{BASE}{article.hero_image.url}",
        "caption": "Tablets on a table",
        "width": 1200,
        "height": 600,
    }
    assert page["publisher"]["@id"] == f"{BASE}/#organization"
    assert page["publisher"]["logo"]["@type"] == "ImageObject"
    assert page["publisher"]["logo"]["url"].startswith(f"{BASE}/static/img/logo")
    assert (page["publisher"]["logo"]["width"], page["publisher"]["logo"]["height"]) == (512, 512)


def test_home_organization_logo_is_the_square_logo(client, db):
    organization = json_ld(client.get("/"))["Organization"]

    assert organization["logo"]["url"].startswith(f"{BASE}/static/img/logo")
    assert organization["logo"]["width"] == organization["logo"]["height"] == 512


def test_image_without_a_description_is_not_claimed(client):
    # The checks refuse to publish such a hero now; pages published before them (or imported) may still have one.
    article = factories.make_live_article(hero_image=factories.image_from(jpeg(800, 400), "Tablets"))
    type(article.hero_image).objects.filter(pk=article.hero_image.pk).update(alt_text="")

    assert "image" not in json_ld(client.get(article.get_absolute_url()))["MedicalWebPage"]


def test_author_with_a_photo_carries_it_and_a_condition_page_its_hero(client, run_tasks):
    writer = factories.make_contributor(
        name="Ann", is_writer=True, photo=factories.image_from(jpeg(400, 400), "Ann smiling")
    )
    condition = factories.make_live_condition(
        authors=[writer], hero_image=factories.image_from(jpeg(1000, 500), "Drawing of joints")
    )

    page = json_ld(client.get(condition.get_absolute_url()))["MedicalWebPage"]

    assert page["author"][0]["image"] == f"{BASE}{writer.photo.url}"
    assert page["image"]["url"] == f"{BASE}{condition.hero_image.url}"
    assert page["image"]["caption"] == "Drawing of joints"
