"""Responsive images: renditions made by the worker, sizes and lazy loading (website/renditions.py, templatetags/images.py)."""

import hashlib
import io
import posixpath
import re

import pytest
from django.core.cache import cache, caches
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult
from PIL import Image

from tests import factories


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Renditions are remembered in the caches, which outlive each test's media folder.
    cache.clear()
    caches["template_fragments"].clear()
    yield
    cache.clear()
    caches["template_fragments"].clear()


def jpeg(width: int, height: int) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 160)).save(buffer, format="JPEG")
    return SimpleUploadedFile("hero.jpg", buffer.getvalue(), content_type="image/jpeg")


def hero_tag(html: str) -> str:
    return re.search(r'<figure class="hero">(<img[^>]*>)', html).group(1)


def test_article_hero_has_dimensions_and_a_srcset_of_smaller_copies(client, db, run_tasks):
    article = factories.make_live_article(
        hero_image=factories.image_from(jpeg(2000, 1000), "A pharmacist at a counter")
    )
    run_tasks()

    tag = hero_tag(client.get(article.get_absolute_url()).content.decode())

    assert 'width="2000" height="1000"' in tag
    assert 'alt="A pharmacist at a counter"' in tag
    widths = [int(w) for w in re.findall(r" (\d+)w", tag)]
    assert widths == [320, 480, 800, 1200, 1600, 2000]
    assert 'sizes="' in tag


def test_each_rendition_is_stored_at_its_width(client, db, run_tasks):
    article = factories.make_live_article(hero_image=factories.image_from(jpeg(1000, 500), "Pill bottle"))
    run_tasks()

    tag = hero_tag(client.get(article.get_absolute_url()).content.decode())

    urls = dict((int(w), url) for url, w in re.findall(r"(\S+) (\d+)w", re.search(r'srcset="([^"]*)"', tag).group(1)))
    assert sorted(urls) == [320, 480, 800, 1000]
    name = urls[480].removeprefix("/media/")
    with default_storage.open(name) as file:
        assert Image.open(file).size == (480, 240)


def test_hero_image_above_the_fold_loads_at_once(client, db, run_tasks):
    article = factories.make_live_article(hero_image=factories.image_from(jpeg(900, 600), "Hero"))
    run_tasks()

    tag = hero_tag(client.get(article.get_absolute_url()).content.decode())

    assert 'loading="eager"' in tag
    assert 'fetchpriority="high"' in tag


def test_images_in_the_article_body_load_lazily(client, db):
    article = factories.make_live_article(
        body='<p>Text</p><figure><img src="/media/uploads/chart.png" alt="Chart"></figure>'
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<img loading="lazy" decoding="async" src="/media/uploads/chart.png" alt="Chart">' in html


def test_small_image_is_served_as_is_with_its_size(client, db, run_tasks):
    article = factories.make_live_article(hero_image=factories.image_from(jpeg(300, 200), "Small"))
    run_tasks()

    tag = hero_tag(client.get(article.get_absolute_url()).content.decode())

    assert 'width="300" height="200"' in tag
    assert re.findall(r" (\d+)w", tag) == ["300"]


def test_unreadable_image_still_renders_a_plain_image(client, db, run_tasks):
    broken = SimpleUploadedFile("hero.jpg", b"not an image", content_type="image/jpeg")
    article = factories.make_live_article(hero_image=factories.image_from(broken, "Broken"))
    run_tasks()

    tag = hero_tag(client.get(article.get_absolute_url()).content.decode())

    assert 'alt="Broken"' in tag
    assert "srcset" not in tag


def test_profile_photo_is_shown_at_160_px_with_sharper_copies_to_choose_from(client, db, run_tasks):
    photo = jpeg(1000, 1000)
    photo.name = "reviewer.jpg"
    contributor = factories.make_contributor(photo=factories.image_from(photo, "Portrait of the reviewer"))
    run_tasks()

    html = client.get(contributor.get_absolute_url()).content.decode()
    tag = re.search(r'<img[^>]*class="profile-photo"[^>]*>', html).group(0)

    assert 'width="160" height="160"' in tag
    assert 'sizes="160px"' in tag
    assert [int(w) for w in re.findall(r" (\d+)w", tag)] == [320, 480, 800, 1000]


def test_upload_queues_the_renditions_so_the_first_visitor_gets_them(client, db, run_tasks):
    article = factories.make_live_article(hero_image=factories.image_from(jpeg(1000, 500), "Pill bottle"))
    folder = "renditions/" + posixpath.dirname(article.hero_image.name)
    assert not default_storage.exists(folder)

    run_tasks()

    assert sorted(default_storage.listdir(folder)[1]) == sorted(
        [f"hero-{v}-{w}w.jpg" for v in [_version_of(article)] for w in (320, 480, 800)]
        + [f"hero-{_version_of(article)}.json"]
    )
    assert re.findall(r" (\d+)w", hero_tag(client.get(article.get_absolute_url()).content.decode())) == [
        "320",
        "480",
        "800",
        "1000",
    ]


def test_page_shown_before_the_worker_ran_has_the_original_and_queues_the_renditions_once(client, db, run_tasks):
    article = factories.make_live_article(hero_image=factories.image_from(jpeg(1000, 500), "Pill bottle"))
    cache.clear()  # as if the upload's task had been lost: the page must ask again
    caches["template_fragments"].clear()
    DBTaskResult.objects.all().delete()

    first = hero_tag(client.get(article.get_absolute_url()).content.decode())
    client.get(article.get_absolute_url())

    assert "srcset" not in first and 'alt="Pill bottle"' in first
    assert [row.task_path for row in DBTaskResult.objects.all()] == ["website.renditions.make_renditions"]
    run_tasks()
    assert 'width="1000" height="500"' in hero_tag(client.get(article.get_absolute_url()).content.decode())


def test_another_process_finds_the_renditions_through_storage_without_resizing_again(client, db, run_tasks):
    article = factories.make_live_article(hero_image=factories.image_from(jpeg(1000, 500), "Pill bottle"))
    run_tasks()
    cache.clear()  # a web process that never saw the worker's caches
    caches["template_fragments"].clear()
    DBTaskResult.objects.all().delete()

    tag = hero_tag(client.get(article.get_absolute_url()).content.decode())

    assert [int(w) for w in re.findall(r" (\d+)w", tag)] == [320, 480, 800, 1000]
    assert not DBTaskResult.objects.exists()


def _version_of(article) -> str:
    return hashlib.sha256(f"{article.hero_image.name}:{article.hero_image.size}".encode()).hexdigest()[:8]
