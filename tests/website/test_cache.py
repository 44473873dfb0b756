"""The anonymous page cache (website/cache.py) and the caching headers of every response."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from caching import content as content_cache
from editorial import workflow
from tests import factories
from website import cache as site_cache


@pytest.fixture
def staff(db):
    """The newsroom, made before any page is cached (making a contributor invalidates the cache)."""
    return {"writer": factories.make_writer(), "reviewer": factories.make_reviewer(), "editor": factories.make_editor()}


@pytest.fixture
def live_article(staff):
    article = factories.make_article(title="Naltrexone uses", body="<p>First version.</p>", user=staff["writer"])
    return factories.publish(article, reviewer=staff["reviewer"], editor=staff["editor"])


def edit_and_publish(obj, staff, **changes):
    """Change a live page and take the change live through review, as the newsroom would."""
    for name, value in changes.items():
        setattr(obj, name, value)
    workflow.save_draft(obj, user=staff["writer"])
    return factories.publish(obj, reviewer=staff["reviewer"], editor=staff["editor"])


def test_second_anonymous_visit_is_a_cache_hit_without_queries(
    client, page_cache, live_article, django_assert_num_queries
):
    first = client.get(live_article.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"

    with django_assert_num_queries(0):
        second = client.get(live_article.get_absolute_url())

    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_public_page_may_be_kept_by_browsers_and_a_cdn_but_is_revalidated_every_time(client, live_article):
    response = client.get(live_article.get_absolute_url())

    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert response["ETag"]


def test_revalidating_an_unchanged_page_gets_a_304(client, live_article):
    etag = client.get(live_article.get_absolute_url())["ETag"]

    response = client.get(live_article.get_absolute_url(), headers={"If-None-Match": etag})

    assert response.status_code == 304


def test_a_max_age_can_be_allowed_where_brief_staleness_is_acceptable(client, live_article, settings):
    settings.PUBLIC_CACHE_MAX_AGE = 60

    response = client.get(live_article.get_absolute_url())

    assert "max-age=60" in response["Cache-Control"]
    assert "no-cache" not in response["Cache-Control"]


def test_publishing_a_new_version_shows_at_once(
    client, page_cache, staff, live_article, django_capture_on_commit_callbacks
):
    client.get(live_article.get_absolute_url())
    client.get("/articles/")

    with django_capture_on_commit_callbacks(execute=True):
        edit_and_publish(live_article, staff, title="Naltrexone uses, revised", body="<p>Second version.</p>")

    page = client.get(live_article.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    assert b"Second version." in page.content
    assert b"Naltrexone uses, revised" in client.get("/articles/").content


def test_unpublishing_removes_the_page_at_once(
    client, page_cache, staff, live_article, django_capture_on_commit_callbacks
):
    assert client.get(live_article.get_absolute_url()).status_code == 200
    assert b"Naltrexone uses" in client.get("/articles/").content

    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(live_article, user=staff["editor"], note="Outdated")

    assert client.get(live_article.get_absolute_url()).status_code == 404
    assert b"Naltrexone uses" not in client.get("/articles/").content


def test_scheduled_publish_shows_as_soon_as_it_runs(client, page_cache, staff, django_capture_on_commit_callbacks):
    article = factories.make_article(title="Scheduled piece", user=staff["writer"])
    factories.approve_draft(article, reviewer=staff["reviewer"])
    workflow.publish(article, user=staff["editor"], at=timezone.now() + datetime.timedelta(minutes=1))
    assert b"Scheduled piece" not in client.get("/articles/").content

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("publish_scheduled")
        listing = client.get("/articles/")

    assert b"Scheduled piece" in listing.content


def test_editing_a_contributor_shows_at_once(client, page_cache, db, django_capture_on_commit_callbacks):
    reviewer = factories.make_reviewer()
    article = factories.publish(factories.make_article(), reviewer=reviewer)
    contributor = reviewer.contributor
    assert contributor.name.encode() in client.get(article.get_absolute_url()).content

    with django_capture_on_commit_callbacks(execute=True):
        contributor.name = "Sample Renamed Reviewer"
        contributor.save()

    assert b"Sample Renamed Reviewer" in client.get(article.get_absolute_url()).content


def test_a_new_day_renders_pages_afresh(client, page_cache, live_article):
    client.get(live_article.get_absolute_url())

    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        assert client.get(live_article.get_absolute_url())["X-Page-Cache"] == "miss"


def test_staff_pages_are_private_and_never_stored(client, page_cache, live_article):
    factories.login_staff(client, factories.make_editor())

    staff_view = client.get(live_article.get_absolute_url())

    assert "X-Page-Cache" not in staff_view
    assert "private" in staff_view["Cache-Control"]
    assert "no-store" in staff_view["Cache-Control"]
    client.logout()
    client.cookies.clear()
    assert client.get(live_article.get_absolute_url())["X-Page-Cache"] == "miss"


def test_preview_of_a_draft_is_private_and_never_stored(client, page_cache, live_article):
    factories.login_staff(client, factories.make_editor())

    preview = client.get(f"/articles/preview/{live_article.pk}/")

    assert preview.status_code == 200
    assert "no-store" in preview["Cache-Control"]
    assert "X-Page-Cache" not in preview


def test_visitor_with_a_session_cookie_bypasses_the_cache(client, page_cache, live_article):
    client.get(live_article.get_absolute_url())
    client.cookies["sessionid"] = "not-a-real-session"

    response = client.get(live_article.get_absolute_url())

    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_search_results_are_not_stored(client, page_cache, live_article):
    client.get("/search/?q=naltrexone")

    assert "X-Page-Cache" not in client.get("/search/?q=naltrexone")


def test_unknown_query_parameters_bypass_the_cache(client, page_cache, live_article):
    client.get("/articles/?sort=title")

    assert "X-Page-Cache" not in client.get("/articles/?sort=title")
    assert "X-Page-Cache" not in client.get("/articles/?sort=title&utm_source=newsletter")


def test_a_visitor_from_a_campaign_link_gets_the_cached_page(client, page_cache, live_article):
    url = live_article.get_absolute_url()
    plain = client.get(url)

    from_newsletter = client.get(url + "?utm_source=newsletter&utm_medium=email&utm_campaign=december")
    from_facebook = client.get(url + "?fbclid=IwAR3x9f2kQ")

    assert plain["X-Page-Cache"] == "miss"
    assert from_newsletter["X-Page-Cache"] == from_facebook["X-Page-Cache"] == "hit"
    assert from_newsletter.content == from_facebook.content == plain.content


def test_a_page_first_asked_for_from_an_ad_is_stored_for_everyone(client, page_cache, live_article):
    url = live_article.get_absolute_url()

    first = client.get(url + "?gclid=Cj0KCQiA&utm_source=google")
    second = client.get(url)

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert b"gclid" not in first.content  # the canonical address and links name the page without it


def test_tracking_parameters_keep_the_page_number_they_came_with(client, page_cache, staff):
    for number in range(13):  # the list shows twelve a page
        factories.publish(
            factories.make_article(title=f"Recovery guide {number:02}", user=staff["writer"]),
            reviewer=staff["reviewer"],
            editor=staff["editor"],
        )
    second_page = client.get("/articles/?page=2")

    tagged = client.get("/articles/?utm_source=newsletter&page=2")
    first_page = client.get("/articles/?utm_source=newsletter")

    assert tagged["X-Page-Cache"] == "hit"
    assert tagged.content == second_page.content
    assert first_page["X-Page-Cache"] == "miss"
    assert first_page.content != second_page.content


def test_page_rendering_a_csrf_token_is_private_and_never_stored(client, page_cache, settings, db):
    settings.ROOT_URLCONF = "tests.website.urls_csrf"

    first = client.get("/form/")
    second = client.get("/form/")

    assert "csrftoken" in first.cookies
    assert "no-store" in first["Cache-Control"]
    assert "X-Page-Cache" not in second
    assert "csrftoken" in second.cookies


def test_admin_login_page_is_never_stored(client, page_cache, db):
    response = client.get("/admin/login/")

    assert "no-store" in response["Cache-Control"]
    assert "X-Page-Cache" not in client.get("/admin/login/")


def test_a_live_article_is_deleted_only_once_unpublished_and_then_disappears_at_once(
    admin_client, client, page_cache, live_article, django_capture_on_commit_callbacks
):

    assert client.get(live_article.get_absolute_url()).status_code == 200
    delete_url = f"/admin/articles/article/{live_article.pk}/delete/"

    # Taking a live page off the site is unpublishing (a recorded transition), not a deletion.
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert client.get(live_article.get_absolute_url()).status_code == 200

    workflow.unpublish(live_article, user=factories.make_editor())
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(delete_url, {"post": "yes"})

    assert response.status_code == 302
    assert client.get(live_article.get_absolute_url()).status_code == 404


def test_pages_still_render_when_the_cache_is_down(client, page_cache, live_article, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "get_many", broken)
    monkeypatch.setattr(cache, "set", broken)

    response = client.get(live_article.get_absolute_url())

    assert response.status_code == 200
    assert b"Naltrexone uses" in response.content


def test_a_hit_asks_only_for_its_tags_versions_in_one_round_trip_and_takes_the_page_from_the_process_copy(
    client, page_cache, live_article, monkeypatch
):
    client.get(live_article.get_absolute_url())  # a miss, stored in the shared cache and this process's copy
    asked, inside = [], []
    for method in ("get", "get_many"):
        real = getattr(cache, method)

        def recorded(keys, *args, _real=real, **kwargs):
            if not inside:  # a memory cache answers get_many with its own get: one call from outside
                asked.append([keys] if isinstance(keys, str) else list(keys))
            inside.append(keys)
            try:
                return _real(keys, *args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(cache, method, recorded)

    hit = client.get(live_article.get_absolute_url())

    assert hit["X-Page-Cache"] == "hit"
    [keys] = asked  # one round trip
    assert f"content-tags:tag:articles.article:{live_article.pk}" in keys
    assert f"content-tags:tag:editorial.contributor:{live_article.live_reviewed_by_id}" in keys
    assert "content-tags:tag:pages.block" in keys  # the blocks every page shows
    assert not any(key.startswith("page-cache:") for key in keys)  # the page itself came from the copy


def test_a_process_copy_is_never_served_once_another_process_changed_what_it_shows(client, page_cache, live_article):
    assert client.get(live_article.get_absolute_url())["X-Page-Cache"] == "miss"
    assert client.get(live_article.get_absolute_url())["X-Page-Cache"] == "hit"

    content_cache.content_changed(f"articles.article:{live_article.pk}")  # what a publish elsewhere does

    assert client.get(live_article.get_absolute_url())["X-Page-Cache"] == "miss"
    assert client.get(live_article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_process_copy_is_never_served_while_the_shared_cache_cannot_say_the_versions(
    client, page_cache, live_article, monkeypatch
):
    client.get(live_article.get_absolute_url())
    assert client.get(live_article.get_absolute_url())["X-Page-Cache"] == "hit"
    # Redis down: with IGNORE_EXCEPTIONS django-redis answers every read with None.
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    monkeypatch.setattr(cache, "get_many", lambda *args, **kwargs: {})
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)

    response = client.get(live_article.get_absolute_url())

    assert response.status_code == 200 and b"Naltrexone uses" in response.content
    assert "X-Page-Cache" not in response


def test_contact_form_and_its_errors_are_private_and_never_stored(client, page_cache, db):
    form = client.get("/contact/")
    with_errors = client.post("/contact/", {"name": ""})

    for response in (form, with_errors):
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
    assert "X-Page-Cache" not in client.get("/contact/")


def test_a_signed_in_users_page_is_never_stored_in_the_shared_cache(client, page_cache, live_article, monkeypatch):
    stored_keys = []
    real_set = cache.set
    monkeypatch.setattr(
        cache, "set", lambda key, *args, **kwargs: (stored_keys.append(key), real_set(key, *args, **kwargs))[1]
    )
    reader = factories.make_user()  # signed in, but no staff role: the page looks public
    client.force_login(reader)

    first = client.get(live_article.get_absolute_url())
    second = client.get(live_article.get_absolute_url())

    assert first.status_code == second.status_code == 200
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert "no-store" in second["Cache-Control"]
    assert not [key for key in stored_keys if key.startswith("page-cache:page:")]
    client.logout()
    client.cookies.clear()
    assert client.get(live_article.get_absolute_url())["X-Page-Cache"] == "miss"


def test_a_cache_hit_reuses_the_stored_etag_instead_of_hashing_the_page_again(
    client, page_cache, live_article, monkeypatch
):
    from django.middleware import http as conditional_get

    miss = client.get(live_article.get_absolute_url())
    hashed = []
    real = conditional_get.set_response_etag
    monkeypatch.setattr(conditional_get, "set_response_etag", lambda response: hashed.append(1) or real(response))

    hit = client.get(live_article.get_absolute_url())
    not_modified = client.get(live_article.get_absolute_url(), HTTP_IF_NONE_MATCH=miss["ETag"])

    assert hit["X-Page-Cache"] == "hit" and hit["ETag"] == miss["ETag"]
    assert not_modified.status_code == 304
    assert hashed == []


def test_a_published_body_is_rendered_once_per_version_and_a_new_version_needs_no_invalidation(
    client, live_article, staff
):
    from articles.models import Article

    first = client.get(live_article.get_absolute_url()).content.decode()
    # The column changed behind the workflow's back: the same version's body comes from the fragment cache.
    factories.set_stored(Article.objects.filter(pk=live_article.pk), body="<p>Changed behind the back.</p>")
    again = client.get(live_article.get_absolute_url()).content.decode()
    assert "First version." in first and "First version." in again and "behind the back" not in again

    edit_and_publish(live_article, staff, body="<p>Second version.</p>")
    second = client.get(live_article.get_absolute_url()).content.decode()

    assert "Second version." in second and "First version." not in second


def test_warming_a_page_stores_it_so_the_first_visitor_gets_a_hit(client, page_cache, live_article, settings):
    from website import cache as page_cache_module

    settings.SITE_URL = "http://testserver"

    assert page_cache_module.warm(live_article.get_absolute_url())

    assert client.get(live_article.get_absolute_url())["X-Page-Cache"] == "hit"
    assert not page_cache_module.warm("/articles/no-such-page/")


def test_a_page_cached_over_https_never_answers_a_plain_http_request(client, page_cache, live_article, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get(live_article.get_absolute_url(), secure=True)["X-Page-Cache"] == "miss"
    assert client.get(live_article.get_absolute_url(), secure=True)["X-Page-Cache"] == "hit"
    plain = client.get(live_article.get_absolute_url())

    assert plain.status_code == 301 and plain["Location"].startswith("https://")


def test_a_page_is_kept_as_plain_data_and_a_hit_gets_its_status_headers_and_body(
    client, page_cache, live_article, monkeypatch
):
    stored = {}
    real_set = cache.set
    monkeypatch.setattr(
        cache, "set", lambda key, value, **kwargs: (stored.update({key: value}), real_set(key, value, **kwargs))[1]
    )

    miss = client.get(live_article.get_absolute_url())
    hit = client.get(live_article.get_absolute_url())

    [(versions, status, headers, body)] = [value for key, value in stored.items() if key.startswith("page-cache:page:")]
    assert (type(versions), status, type(headers), body) == (dict, 200, dict, miss.content)
    assert {type(name) for name in versions} | {type(version) for version in versions.values()} == {str, int}
    assert hit.status_code == 200 and hit.content == miss.content
    assert {name: hit[name] for name in headers} == {**headers, "X-Page-Cache": "hit"}
    assert hit["ETag"] == miss["ETag"] and hit["Content-Security-Policy"] == miss["Content-Security-Policy"]


def test_a_host_the_site_does_not_serve_never_gets_a_stored_page(client, page_cache, live_article):
    assert client.get(live_article.get_absolute_url(), HTTP_HOST="localhost")["X-Page-Cache"] == "miss"
    assert client.get(live_article.get_absolute_url(), HTTP_HOST="localhost")["X-Page-Cache"] == "hit"

    response = client.get(live_article.get_absolute_url(), HTTP_HOST="attacker.example")

    assert response.status_code == 400
    assert "X-Page-Cache" not in response


class SignedInMarkMiddleware:
    """Write the signed-in user's name into the page, as any page showing something personal would."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            mark = f"<p>Signed in as {request.user.username}</p></body>".encode()
            response.content = response.content.replace(b"</body>", mark)
        return response


@pytest.mark.parametrize("make_signed_in", [factories.make_editor, factories.make_user], ids=["staff", "reader"])
def test_a_signed_in_visitors_page_never_enters_the_shared_cache_nor_reaches_an_anonymous_visitor(
    client, page_cache, live_article, settings, make_signed_in
):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.website.test_cache.SignedInMarkMiddleware"]
    url = live_article.get_absolute_url()
    key = site_cache.page_key(RequestFactory().get(url))  # the key an anonymous visit to this page uses
    user = make_signed_in()
    factories.login_staff(client, user) if user.is_staff else client.force_login(user)
    mark = f"Signed in as {user.username}".encode()

    signed_in = client.get(url)

    assert signed_in.status_code == 200 and mark in signed_in.content
    assert "X-Page-Cache" not in signed_in
    assert cache.get(key) is None and site_cache.local_copies().get(key) is None
    anonymous = Client().get(url)
    assert anonymous.status_code == 200 and anonymous["X-Page-Cache"] == "miss"
    assert mark not in anonymous.content and b"Naltrexone uses" in anonymous.content
    assert mark not in cache.get(key)[3]  # what the anonymous visit stored: (versions, status, headers, body)
    assert mark in client.get(url).content


def test_a_signed_in_request_is_never_public_even_without_a_session_cookie(db):
    # The second guard: authentication that arrives without the session cookie still keeps the page private.
    request = RequestFactory().get("/articles/naltrexone/")
    request.user = factories.make_user()
    assert not site_cache.is_public(request, HttpResponse("<p>page</p>"))

    request.user = AnonymousUser()
    assert site_cache.is_public(request, HttpResponse("<p>page</p>"))


# What a front cache is told (Varnish, a CDN) ---------------------------------------------------------------


def test_a_public_page_names_what_it_shows_for_a_front_cache_and_may_be_kept_by_shared_caches(
    client, live_article, settings
):
    settings.SHARED_CACHE_SECONDS = 86400

    response = client.get(live_article.get_absolute_url())

    tags = response["xkey"].split(" ")
    assert f"articles.article:{live_article.pk}" in tags
    assert f"editorial.contributor:{live_article.live_reviewed_by_id}" in tags
    assert "pages.block" in tags
    assert "s-maxage=86400" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert "no-cache" not in response["Cache-Control"]


def test_the_tag_header_takes_the_name_a_cdn_reads(client, live_article, settings):
    settings.CACHE_TAG_HEADER = "Surrogate-Key"

    response = client.get(live_article.get_absolute_url())

    assert f"articles.article:{live_article.pk}" in response["Surrogate-Key"].split(" ")
    assert "xkey" not in response


def test_without_a_shared_cache_lifetime_a_page_is_not_offered_to_shared_caches(client, live_article):
    response = client.get(live_article.get_absolute_url())

    assert "s-maxage" not in response["Cache-Control"]


def test_a_signed_in_page_is_never_tagged_or_offered_to_a_shared_cache(client, live_article, staff, settings):
    settings.SHARED_CACHE_SECONDS = 86400
    client.force_login(staff["editor"])

    response = client.get(live_article.get_absolute_url())

    assert "xkey" not in response
    assert "s-maxage" not in response.get("Cache-Control", "")
