"""The editor's image upload keeps each picture as a library item."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from library.models import Image, Tag
from library.usage import usages
from tests import factories
from tests.editorial.test_uploads import jpeg_with_gps_and_trailer

pytestmark = pytest.mark.django_db
UPLOAD_URL = "/ckeditor5/image_upload/"


def test_an_editor_upload_becomes_a_library_image_without_its_exif(client):
    writer = factories.login_staff(client, factories.make_writer())
    upload = SimpleUploadedFile("morning-walk.jpg", jpeg_with_gps_and_trailer(), content_type="image/jpeg")

    response = client.post(UPLOAD_URL, {"upload": upload})

    assert response.status_code == 200
    image = Image.objects.get()
    assert response.json() == {"url": image.url, "library_id": image.pk}
    assert image.title == "Morning walk" and image.uploaded_by == writer and not image.ready
    assert b"<?php" not in image.file.read()


def test_a_body_image_from_the_editor_is_listed_where_used(client):
    factories.login_staff(client, factories.make_writer())
    url = client.post(UPLOAD_URL, {"upload": SimpleUploadedFile("a.png", factories.image_bytes())}).json()["url"]
    article = factories.make_article(body=f'<p>Text</p><img src="{url}" alt="A chart">')

    assert [use.obj for use in usages(Image.objects.get())] == [article]


def test_someone_without_upload_permission_is_refused(client):
    response = client.post(UPLOAD_URL, {"upload": SimpleUploadedFile("a.png", factories.image_bytes())})

    assert response.status_code in (302, 403)
    assert not Image.objects.exists()


# The chooser's search (library/views.py image_choices), as the chooser dialog asks for it ----------------------

CHOICES_URL = "/admin/library/image/choices/"


def tagged(tag: str, **kwargs) -> Image:
    image = factories.make_image(**kwargs)
    image.tags.add(Tag.objects.get_or_create(name=tag)[0])
    return image


def test_anonymous_visitors_are_sent_to_sign_in_and_get_no_images(client):
    factories.make_image(title="Two capsules")

    response = client.get(CHOICES_URL)

    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert b"capsules" not in response.content


def test_staff_without_the_library_permission_are_refused(client):
    factories.make_image(title="Two capsules")
    factories.login_staff(client, factories.make_intake())

    response = client.get(CHOICES_URL)

    assert response.status_code == 403
    assert "results" not in response.json()


def test_an_editor_gets_each_image_with_its_address_and_alt_text(client):
    described = factories.make_image(title="Two capsules", alt_text="Two white capsules on a table")
    decorative = factories.make_image(
        title="Soft background", alt_text="", decorative=True, decorative_reason="Pattern"
    )
    undescribed = factories.make_image(title="New upload", alt_text="")
    factories.login_staff(client, factories.make_editor())

    data = client.get(CHOICES_URL).json()

    assert data["count"] == 3 and data["page"] == 1 and data["pages"] == 1
    by_title = {row["title"]: row for row in data["results"]}
    assert by_title["Two capsules"] == {
        "id": described.pk,
        "title": "Two capsules",
        "url": f"/media/{described.file.name}",
        "alt": "Two white capsules on a table",
        "decorative": False,
        "ready": True,
        "width": 64,
        "height": 48,
        "change_url": f"/admin/library/image/{described.pk}/change/",
    }
    assert by_title["Soft background"]["alt"] == "" and by_title["Soft background"]["ready"]
    assert not by_title["New upload"]["ready"]
    assert [row["id"] for row in data["results"]] == [undescribed.pk, decorative.pk, described.pk]  # newest first


def test_the_search_finds_images_by_title_or_tag_each_once(client):
    by_title = factories.make_image(title="Naltrexone tablets")
    by_tag = tagged("naltrexone", title="Pharmacy shelf")
    both = tagged("naltrexone", title="Naltrexone box")
    both.tags.add(Tag.objects.create(name="naltrexone dosing"))
    factories.make_image(title="Walking group")
    factories.login_staff(client, factories.make_writer())

    data = client.get(CHOICES_URL, {"q": "NALTREXONE"}).json()

    assert sorted(row["id"] for row in data["results"]) == sorted([by_title.pk, by_tag.pk, both.pk])
    assert data["count"] == 3 and data["query"] == "NALTREXONE"
    assert client.get(CHOICES_URL, {"q": "naltrexone shelf"}).json()["count"] == 1  # every word must match


def test_the_list_comes_a_page_of_twelve_at_a_time(client):
    images = [factories.make_image(title=f"Picture {n:02d}") for n in range(14)]
    factories.login_staff(client, factories.make_editor())

    first = client.get(CHOICES_URL).json()
    second = client.get(CHOICES_URL, {"page": 2}).json()
    beyond = client.get(CHOICES_URL, {"page": 9}).json()

    assert (first["count"], first["pages"], len(first["results"])) == (14, 2, 12)
    assert [row["id"] for row in second["results"]] == [images[1].pk, images[0].pk]
    assert beyond["page"] == 2  # past the end reads as the last page, as the admin's lists do


@pytest.mark.parametrize("how_many", [3, 30])
def test_the_choices_take_two_queries_however_many_images(client, how_many):
    for n in range(how_many):
        tagged("walking", title=f"Walk {n}")
    factories.login_staff(client, factories.make_editor())

    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHOICES_URL, {"q": "walk"})

    assert response.json()["count"] == how_many
    library = [query["sql"] for query in queries.captured_queries if "library_" in query["sql"]]
    assert len(library) == 2  # the count and one page of rows, tags joined in both
    # The rest is the admin's sign-in (session unless it is in Redis, user, second factor, permissions).
    others = [query["sql"] for query in queries.captured_queries if "library_" not in query["sql"]]
    assert len(others) <= 5 and all(any(t in sql for t in ("django_session", "auth_", "otp_")) for sql in others)


def test_every_admin_with_a_rich_text_field_loads_the_chooser_the_editor_config_names():
    """CKEditor fails to start when a plug-in its config names is missing, so each such admin must load it."""
    from django.apps import apps
    from django.contrib import admin
    from django_ckeditor_5.fields import CKEditor5Field

    with_editor = [
        admin.site.get_model_admin(model)
        for model in apps.get_models()
        if admin.site.is_registered(model)
        and any(isinstance(field, CKEditor5Field) for field in model._meta.get_fields())
    ]

    assert {type(model_admin).__name__ for model_admin in with_editor} >= {"ArticleAdmin", "ConditionAdmin"}
    for model_admin in with_editor:
        assert "js/library-chooser.js" in str(model_admin.media), type(model_admin).__name__
