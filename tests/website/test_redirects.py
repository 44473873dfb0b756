"""Old addresses keep working (django.contrib.redirects): a slug changed and published answers with a 301."""

import pytest
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site

from editorial import workflow
from tests import factories

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
    Redirect.objects.create(site_id=1, old_path="/articles/taken/", new_path="/articles/elsewhere/")

    assert client.get("/articles/taken/").status_code == 200


def test_unknown_address_is_still_a_404(client):
    assert client.get("/articles/never-existed/").status_code == 404


def test_staff_see_recorded_redirects_in_the_admin_and_can_change_them(client):
    rename(factories.make_live_article(slug="old"), "new")
    factories.login_staff(client, factories.make_user(is_superuser=True))
    redirect = Redirect.objects.get()

    listing = client.get("/admin/redirects/redirect/").content.decode()
    response = client.post(
        f"/admin/redirects/redirect/{redirect.pk}/change/",
        {"site": 1, "old_path": "/articles/old/", "new_path": "/conditions/"},
    )

    assert "/articles/old/" in listing and "/articles/new/" in listing
    assert response.status_code == 302
    assert client.get("/articles/old/")["Location"] == "/conditions/"


@pytest.mark.parametrize(
    ("old_path", "new_path", "error"),
    [
        ("articles/x", "/conditions/", "Start the address with one slash"),
        ("/articles/x/", "javascript:alert(1)", "Use a path on this site"),
        ("/articles/x/", "//evil.example/phish", "Use a path on this site"),
        ("/articles/x/", "/\\evil.example/phish", "Use a path on this site"),
        ("/articles/x/", "https://evil.example/phish", "Use a path on this site"),
    ],
)
def test_admin_refuses_a_redirect_that_is_not_a_site_path(client, old_path, new_path, error):
    factories.login_staff(client, factories.make_user(is_superuser=True))

    response = client.post("/admin/redirects/redirect/add/", {"site": 1, "old_path": old_path, "new_path": new_path})

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Redirect.objects.exists()


def test_admin_accepts_a_full_address_on_an_allowed_host(client, settings):
    settings.REDIRECT_ALLOWED_HOSTS = ["www.partner.example"]
    factories.login_staff(client, factories.make_user(is_superuser=True))

    response = client.post(
        "/admin/redirects/redirect/add/",
        {"site": 1, "old_path": "/articles/x/", "new_path": "https://www.partner.example/guide/"},
    )

    assert response.status_code == 302
    assert client.get("/articles/x/")["Location"] == "https://www.partner.example/guide/"


@pytest.mark.parametrize("target", ["//evil.example/phish", "/\\evil.example/phish", "javascript:alert(1)"])
def test_an_unsafe_redirect_stored_by_code_is_never_followed(client, target):
    Redirect.objects.create(site=Site.objects.get_current(), old_path="/articles/x/", new_path=target)

    response = client.get("/articles/x/")

    assert response.status_code == 404
    assert not response.has_header("Location")
