"""The library's admin through the test client: several uploads at once, search, filters, where used, delete."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from editorial.models import ReviewEvent
from library.models import Document, Image, Tag
from tests import factories

pytestmark = pytest.mark.django_db
LIST = "/admin/library/image/"


@pytest.fixture
def writer_client(client):
    factories.login_staff(client, factories.make_writer())
    return client


@pytest.fixture
def editor_client(client):
    factories.login_staff(client, factories.make_editor())
    return client


def png(name: str, colour=(10, 20, 30)) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, factories.image_bytes(colour=colour), content_type="image/png")


def test_a_writer_uploads_several_images_at_once_each_waiting_for_alt_text(writer_client):
    tag = Tag.objects.create(name="capsules")

    response = writer_client.post(
        LIST + "upload/",
        {"images": [png("two-capsules.png"), png("blue_tablet.png")], "tags": [tag.pk], "credit": "Sample Artist"},
    )

    assert response.status_code == 302
    assert response["Location"].endswith("?missing=alt")
    images = Image.objects.order_by("title")
    assert [image.title for image in images] == ["Blue tablet", "Two capsules"]
    assert all(not image.ready and image.credit == "Sample Artist" for image in images)
    assert all(list(image.tags.all()) == [tag] for image in images)
    assert {image.uploaded_by.username for image in images} == {response.wsgi_request.user.username}


def test_the_upload_form_has_a_multiple_file_input(writer_client):
    response = writer_client.get(LIST + "upload/")

    assert response.status_code == 200
    assert b'type="file" name="images" multiple' in response.content


def test_one_bad_file_refuses_the_whole_upload_naming_it(writer_client):
    bad = SimpleUploadedFile("notes.png", b"not a picture", content_type="image/png")

    response = writer_client.post(LIST + "upload/", {"images": [png("good.png"), bad]})

    assert response.status_code == 200
    assert "notes.png: This file is not an image" in response.content.decode()
    assert not Image.objects.exists()


def test_a_reviewer_cannot_upload(client):
    factories.login_staff(client, factories.make_reviewer())

    assert client.post(LIST + "upload/", {"images": [png("a.png")]}).status_code == 403
    assert not Image.objects.exists()


def test_search_finds_images_by_alt_text_credit_and_tag(writer_client):
    capsules = factories.make_image(alt_text="Two white capsules", credit="Sample Artist")
    capsules.tags.add(Tag.objects.create(name="medication"))
    factories.make_image(alt_text="A green field")

    for query in ("capsules", "Sample Artist", "medication"):
        response = writer_client.get(LIST, {"q": query})
        assert list(response.context["cl"].result_list) == [capsules], query


def test_filters_show_missing_alt_missing_credit_and_unused(writer_client):
    undescribed = factories.make_image(alt_text="", credit="Someone")
    uncredited = factories.make_image()
    in_text = factories.make_image(credit="Someone")
    factories.make_article(body=f'<p>Text</p><img src="{in_text.url}" alt="x">')

    def listed(**params):
        return set(writer_client.get(LIST, params).context["cl"].result_list)

    assert listed(missing="alt") == {undescribed}
    assert listed(missing="credit") == {uncredited}
    assert listed(use="unused") == {undescribed, uncredited}


def test_the_change_page_lists_where_the_image_is_used(writer_client):
    image = factories.make_image()
    article = factories.make_article(title="What naltrexone is", body=f'<img src="{image.url}" alt="x">')

    response = writer_client.get(f"{LIST}{image.pk}/change/")

    page = response.content.decode()
    assert f'href="/admin/articles/article/{article.pk}/change/">What naltrexone is</a>: in the text' in page


def test_an_image_used_by_a_page_cannot_be_deleted(editor_client):
    image = factories.make_image(title="Capsules")
    factories.make_article(title="What naltrexone is", body=f'<img src="{image.url}" alt="x">')

    page = editor_client.get(f"{LIST}{image.pk}/delete/")
    refused = editor_client.post(f"{LIST}{image.pk}/delete/", {"post": "yes"})

    assert "What naltrexone is" in page.content.decode()
    assert "would require deleting the following protected related objects" in page.content.decode()
    assert refused.status_code == 200  # the same refusal, nothing deleted
    assert Image.objects.filter(pk=image.pk).exists()


def test_an_unused_image_can_be_deleted(editor_client):
    image = factories.make_image()

    editor_client.post(f"{LIST}{image.pk}/delete/", {"post": "yes"})

    assert not Image.objects.filter(pk=image.pk).exists()


def change_data(client, image, **changes):
    response = client.get(f"{LIST}{image.pk}/change/")
    return factories.admin_change_data(response, **changes)


def test_changing_alt_text_of_a_used_image_asks_for_confirmation_first(writer_client):
    image = factories.make_image(alt_text="Two capsules")
    article = factories.make_article(title="What naltrexone is", body=f'<img src="{image.url}" alt="x">')

    response = writer_client.post(f"{LIST}{image.pk}/change/", change_data(writer_client, image, alt_text="Three"))

    assert response.status_code == 200
    assert "This picture is used on 1 page(s): What naltrexone is" in response.content.decode()
    image.refresh_from_db()
    assert image.alt_text == "Two capsules"
    assert not ReviewEvent.objects.filter(object_id=article.pk, action=ReviewEvent.Action.MEDIA_CHANGED).exists()


def test_confirmed_alt_text_change_is_noted_in_each_pages_review_history(writer_client, caplog):
    image = factories.make_image(alt_text="Two capsules")
    article = factories.make_article(body=f'<img src="{image.url}" alt="x">')
    data = change_data(writer_client, image, alt_text="Three round tablets", confirm_pages="on")

    with caplog.at_level("INFO", logger="library.admin"):
        response = writer_client.post(f"{LIST}{image.pk}/change/", data)

    assert response.status_code == 302
    event = ReviewEvent.objects.get(object_id=article.pk, action=ReviewEvent.Action.MEDIA_CHANGED)
    assert "from “Two capsules” to “Three round tablets”" in event.note
    assert event.to_state == article.review_state
    assert f"Library image {image.pk} changed (alt_text); pages noted: 1" in caplog.text


def test_changing_only_the_credit_of_a_used_image_needs_no_confirmation(writer_client):
    image = factories.make_image()
    factories.make_article(body=f'<img src="{image.url}" alt="x">')

    response = writer_client.post(f"{LIST}{image.pk}/change/", change_data(writer_client, image, credit="A. Artist"))

    assert response.status_code == 302
    assert not ReviewEvent.objects.filter(action=ReviewEvent.Action.MEDIA_CHANGED).exists()


def test_a_document_upload_must_be_a_pdf(writer_client):
    fake = SimpleUploadedFile("handout.pdf", b"<html></html>", content_type="application/pdf")
    real = SimpleUploadedFile("handout.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
    data = {"title": "LDN handout", "licence": "own"}

    refused = writer_client.post("/admin/library/document/add/", {**data, "file": fake})
    kept = writer_client.post("/admin/library/document/add/", {**data, "file": real})

    assert "not a PDF" in refused.content.decode()
    assert kept.status_code == 302
    document = Document.objects.get()
    assert document.size == 15
    assert document.uploaded_by is not None


def test_replacing_the_file_of_an_image_used_in_a_text_asks_first_then_notes_it(writer_client):
    image = factories.make_image(alt_text="Two capsules")
    article = factories.make_article(body=f'<img src="{image.url}" alt="x">')
    new_file = SimpleUploadedFile("capsules-v2.png", factories.image_bytes(colour=(200, 10, 10)))

    refused = writer_client.post(f"{LIST}{image.pk}/change/", change_data(writer_client, image, file=new_file))
    assert "This picture is used on 1 page(s)" in refused.content.decode()

    new_file.seek(0)
    data = change_data(writer_client, image, file=new_file, confirm_pages="on")
    assert writer_client.post(f"{LIST}{image.pk}/change/", data).status_code == 302
    event = ReviewEvent.objects.get(object_id=article.pk, action=ReviewEvent.Action.MEDIA_CHANGED)
    assert "its file was replaced" in event.note


def test_deleting_an_unused_image_removes_its_file(editor_client, django_capture_on_commit_callbacks):
    from django.core.files.storage import default_storage

    image = factories.make_image()
    name = image.name
    assert default_storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(f"{LIST}{image.pk}/delete/", {"post": "yes"})

    assert not default_storage.exists(name)


def test_deleting_a_document_removes_its_file(editor_client, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    document = Document(title="LDN handout")
    document.file.save("handout.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
    document.save()
    name = document.file.name
    assert default_storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(f"/admin/library/document/{document.pk}/delete/", {"post": "yes"})

    assert not Document.objects.exists()
    assert not default_storage.exists(name)


def test_the_uploader_filter_lists_only_people_who_uploaded_under_a_readable_heading(editor_client):
    uploader = factories.make_writer("uploader-writer")
    factories.make_writer("never-uploaded")
    factories.make_image(uploaded_by=uploader)

    page = editor_client.get(LIST).content.decode()

    assert "By uploader" in page and "By uploaded by" not in page
    assert "uploader-writer" in page and "never-uploaded" not in page
    assert "By what is missing" in page
