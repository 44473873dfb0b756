"""Old addresses keep working: a slug changed and published answers with a 301, editable by staff."""

import pytest

from editorial import workflow
from tests import factories
from website.models import Redirect

pytestmark = pytest.mark.django_db


def rename(page, slug: str):
    """Change the slug through the real workflow: edit, review, approve, publish."""
    page.slug = slug
    workflow.save_draft(page, user=factories.make_writer())
    return factories.publish(page)


def test_old_article_address_redirects_permanently_after_the_new_slug_is_published(client):
    article = factories.make_live_article(slug="naltrexone-uses")
    rename(article, "what-is-naltrexone-used-for")

    response = client.get("/articles/naltrexone-uses/")

    assert response.status_code == 301
    assert response["Location"] == "/articles/what-is-naltrexone-used-for/"
    assert client.get(response["Location"]).status_code == 200


def test_changed_slug_waiting_for_review_changes_nothing_yet(client):
    article = factories.make_live_article(slug="naltrexone-uses")
    article.slug = "new-name"
    workflow.save_draft(article, user=factories.make_writer())
    factories.approve_draft(article)

    assert client.get("/articles/naltrexone-uses/").status_code == 200
    assert client.get("/articles/new-name/").status_code == 404
    assert not Redirect.objects.exists()


def test_old_condition_address_redirects_after_a_rename(client):
    condition = factories.make_live_condition(slug="crohns")
    rename(condition, "crohns-disease")

    response = client.get("/conditions/crohns/")

    assert response.status_code == 301
    assert response["Location"] == "/conditions/crohns-disease/"


def test_renaming_twice_sends_the_first_address_to_the_newest_in_one_hop(client):
    article = factories.make_live_article(slug="first")
    rename(article, "second")
    rename(article, "third")

    assert client.get("/articles/first/")["Location"] == "/articles/third/"
    assert client.get("/articles/second/")["Location"] == "/articles/third/"


def test_renaming_back_serves_the_page_at_its_old_address_again(client):
    article = factories.make_live_article(slug="first")
    rename(article, "second")
    rename(article, "first")

    assert client.get("/articles/first/").status_code == 200
    assert client.get("/articles/second/")["Location"] == "/articles/first/"
    assert list(Redirect.objects.values_list("old_path", "new_path")) == [("/articles/second/", "/articles/first/")]


def test_first_publish_records_no_redirect(client):
    factories.make_live_article(slug="new")

    assert not Redirect.objects.exists()


def test_a_live_page_at_a_recorded_address_wins_over_the_redirect(client):
    factories.make_live_article(slug="taken")
    Redirect.objects.create(old_path="/articles/taken/", new_path="/articles/elsewhere/")

    assert client.get("/articles/taken/").status_code == 200


def test_unknown_address_is_still_a_404(client):
    assert client.get("/articles/never-existed/").status_code == 404


def test_staff_see_recorded_redirects_in_the_admin_and_can_change_them(client):
    rename(factories.make_live_article(slug="old"), "new")
    factories.login_staff(client, factories.make_user(is_superuser=True))
    redirect = Redirect.objects.get()

    listing = client.get("/admin/website/redirect/").content.decode()
    response = client.post(
        f"/admin/website/redirect/{redirect.pk}/change/",
        {"old_path": "/articles/old/", "new_path": "/conditions/"},
    )

    assert "/articles/old/" in listing and "/articles/new/" in listing
    assert response.status_code == 302
    assert client.get("/articles/old/")["Location"] == "/conditions/"


def test_admin_refuses_a_redirect_that_is_not_a_site_path(client):
    factories.login_staff(client, factories.make_user(is_superuser=True))

    response = client.post("/admin/website/redirect/add/", {"old_path": "articles/x", "new_path": "javascript:x"})

    assert response.status_code == 200
    assert "Start the address with a slash" in response.content.decode()
    assert not Redirect.objects.exists()
