"""Trust pages, the corrections log, update notes on pages and the staff previews, as visitors and staff get them."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contact.forms import ContactForm
from editorial import workflow
from tests import factories
from tests.pages.conftest import go_live, text_of

pytestmark = pytest.mark.django_db


def republish(obj, note: str, kind: str, **changes):
    """Edit a live page as a writer and publish the change with a note for readers."""
    for name, value in changes.items():
        setattr(obj, name, value)
    workflow.save_draft(obj, user=factories.make_writer())
    return go_live(obj, note=note, kind=kind)


# Trust pages -----------------------------------------------------------------------------------------


def test_trust_pages_live_at_their_fixed_addresses_and_are_linked_from_every_footer(client):
    for kind in ("editorial-policy", "about", "privacy", "contact-details"):
        go_live(factories.make_site_page(kind=kind, title=f"The {kind} page"))

    for path in ("/editorial-policy/", "/about/", "/privacy/", "/contact-details/"):
        response = client.get(path)
        assert response.status_code == 200
        assert f"The {path.strip('/')} page" in text_of(response)
    footer = client.get("/").content.decode().split('class="site-footer"')[1]
    for path in ("/editorial-policy/", "/about/", "/privacy/", "/contact-details/", "/corrections/"):
        assert f'href="{path}"' in footer


def test_a_trust_page_that_was_never_published_is_not_found(client):
    factories.make_site_page(kind="privacy")

    assert client.get("/privacy/").status_code == 404


def test_trust_pages_state_the_figures_from_settings_not_from_their_text(client, settings):
    settings.CONTACT_RETENTION_DAYS = 90
    settings.REVIEW_INTERVAL_MONTHS = {"articles.article": 6, "conditions.condition": 18}
    settings.ADMISSIONS_PHONE = "(555) 010-0142"
    settings.ADMISSIONS_HOURS = "8 am to 8 pm"
    for kind in ("editorial-policy", "privacy", "contact-details"):
        go_live(factories.make_site_page(kind=kind, body="<p>We keep things for 30 days.</p>"))

    policy = text_of(client.get("/editorial-policy/"))
    assert "at least every 6 months" in policy and "every condition page every 18 months" in policy
    assert 'href="/corrections/"' in client.get("/editorial-policy/").content.decode()
    privacy = text_of(client.get("/privacy/"))
    assert "We delete a request 90 days after it is closed." in privacy
    assert "we store your name, phone number and email address, how you would like us to contact you" in privacy
    details = text_of(client.get("/contact-details/"))
    assert "Admissions: (555) 010-0142 (answered 8 am to 8 pm)" in details

    settings.CONTACT_RETENTION_DAYS = 30
    assert "We delete a request 30 days after it is closed." in text_of(client.get("/privacy/"))


def test_a_medically_reviewed_trust_page_names_its_reviewer(client):
    reviewer = factories.make_reviewer()
    go_live(factories.make_site_page(kind="editorial-policy", makes_medical_claims=True), approver=reviewer)

    assert f"Medically reviewed by {reviewer.contributor.display_name}" in text_of(client.get("/editorial-policy/"))


def test_the_privacy_page_lists_every_field_the_contact_form_stores():
    # templates/pages/facts/privacy.html names these fields: a new one must be added to that text too.
    assert ContactForm.Meta.fields == ["name", "phone", "email", "preferred_contact", "for_whom", "message"]


# Update notes and the corrections log ---------------------------------------------------------------


def test_article_condition_and_site_pages_list_their_dated_update_notes(client):
    pages = [
        factories.make_live_article(),
        factories.make_live_condition(),
        go_live(factories.make_site_page(kind="about", makes_medical_claims=False)),
    ]
    for page in pages:
        republish(page, "Corrected the LDN starting dose.", "correction", body="<p>Start at 3.0 mg [1].</p>")
        republish(page, "Updated with a 2026 study.", "update", body="<p>Start at 3.0 mg [1]; a 2026 study.</p>")
    today = timezone.localdate().strftime("%B %-d, %Y")

    for page in pages:
        text = text_of(client.get(page.get_absolute_url()))
        assert f"Update, {today}: Updated with a 2026 study." in text
        assert f"Correction, {today}: Corrected the LDN starting dose." in text
        assert text.index("Updated with a 2026 study.") < text.index("Corrected the LDN starting dose.")


def test_corrections_log_lists_published_corrections_of_live_pages_only(client):
    article = factories.make_live_article(title="Naltrexone uses")
    republish(article, "Corrected the LDN starting dose.", "correction", body="<p>3.0 mg [1].</p>")
    republish(article, "Updated with a 2026 study.", "update", body="<p>3.0 mg [1], 2026.</p>")
    gone = factories.make_live_condition(name="Old condition")
    republish(gone, "Corrected a symptom list.", "correction", body="<p>Fixed.</p>")
    workflow.unpublish(gone, user=factories.make_editor())
    policy = go_live(factories.make_site_page(kind="editorial-policy"))

    text = text_of(client.get("/corrections/"))

    assert "Naltrexone uses. Corrected the LDN starting dose." in text
    assert 'href="/articles/' in client.get("/corrections/").content.decode()
    assert "Updated with a 2026 study." not in text
    assert "Corrected a symptom list." not in text
    assert 'href="/corrections/"' in client.get(policy.get_absolute_url()).content.decode()


def test_corrections_log_says_so_when_there_are_none(client):
    assert "No corrections have been published yet." in text_of(client.get("/corrections/"))


def test_trust_pages_and_corrections_log_need_few_queries_however_many_corrections(
    client, django_assert_max_num_queries
):
    go_live(factories.make_site_page(kind="privacy", makes_medical_claims=False))
    for n in range(9):
        article = factories.make_live_article()
        republish(article, f"Correction {n}.", "correction", body=f"<p>Fixed {n}.</p>")
        condition = factories.make_live_condition()
        republish(condition, f"Condition correction {n}.", "correction", body=f"<p>Fixed {n}.</p>")

    with django_assert_max_num_queries(8):
        assert client.get("/privacy/").status_code == 200
    with django_assert_max_num_queries(8):
        response = client.get("/corrections/")
    assert len(response.context["corrections"]) == 18


# Staff previews --------------------------------------------------------------------------------------


def test_a_block_draft_preview_shows_the_draft_in_place_to_staff_only():
    block = go_live(factories.make_block(kind="disclaimer", body="<p>Live disclaimer.</p>"))
    block.body = "<p>Draft disclaimer.</p>"
    workflow.save_draft(block, user=factories.make_writer())
    url = reverse("pages:block_preview", args=[block.pk])

    visitor = Client()
    assert visitor.get(url).status_code in (302, 403)
    assert "Draft disclaimer." not in text_of(visitor.get("/"))
    staff = Client()
    factories.login_staff(staff, factories.make_reviewer())
    text = text_of(staff.get(url))
    assert "Draft disclaimer." in text and "Live disclaimer." not in text


def test_a_site_page_draft_preview_shows_the_draft_to_staff_only():
    page = factories.make_site_page(kind="about", title="Draft about page")
    url = reverse("pages:sitepage_preview", args=[page.pk])

    assert Client().get(url).status_code in (302, 403)
    staff = Client()
    factories.login_staff(staff, factories.make_writer())
    assert "Draft about page" in text_of(staff.get(url))


def test_the_sitemap_lists_live_trust_pages_with_their_dates(client):
    page = go_live(factories.make_site_page(kind="about", makes_medical_claims=False))
    factories.make_site_page(kind="privacy")

    assert "/sitemap-pages.xml</loc>" in client.get("/sitemap.xml").content.decode()  # the index names its file
    xml = client.get("/sitemap-pages.xml").content.decode()

    assert "/about/</loc>" in xml and "/privacy/</loc>" not in xml
    assert f"<lastmod>{timezone.localtime(page.last_published_at):%Y-%m-%d}" in xml
