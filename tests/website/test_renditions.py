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
    return re.search(r'<figure class="hero">(?:<picture>.*?)?(<img[^>]*>)', html).group(1)


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


def test_small_image_is_served_at_its_width_cut_to_the_heros_shape(client, db, run_tasks):
    article = factories.make_live_article(hero_image=factories.image_from(jpeg(300, 200), "Small"))
    run_tasks()

    tag = hero_tag(client.get(article.get_absolute_url()).content.decode())

    assert 'width="300" height="150"' in tag  # the hero is 2:1
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

    hero = f"hero-{_version_of(article)}-2x1-f50x50"
    made = sorted(name for name in default_storage.listdir(folder)[1] if name.startswith(hero))
    assert made == sorted(
        [f"{hero}-{w}w.jpg" for w in (320, 480, 800, 1000)]
        + [f"{hero}-{w}w.webp" for w in (320, 480, 800, 1000)]
        + [f"{hero}.json"]
    )
    # The card (16:9) and portrait (1:1) shapes are made on the same save.
    assert any("-16x9-f50x50-" in name for name in default_storage.listdir(folder)[1])
    assert any("-1x1-f50x50-" in name for name in default_storage.listdir(folder)[1])
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


# Crops around the focal point, and WebP/AVIF sources (issue 28, item 3) ------------------------------------------


@pytest.mark.parametrize(
    ("size", "ratio", "focal", "box"),
    [
        ((1000, 1000), (2, 1), (50, 50), (0, 250, 1000, 750)),
        ((1000, 1000), (2, 1), (50, 10), (0, 0, 1000, 500)),  # stops at the top edge
        ((1000, 1000), (2, 1), (50, 90), (0, 500, 1000, 1000)),  # and at the bottom
        ((2000, 500), (1, 1), (80, 50), (1350, 0, 1850, 500)),
        ((2000, 500), (1, 1), (100, 0), (1500, 0, 2000, 500)),
    ],
)
def test_crop_box_is_the_largest_box_of_the_shape_around_the_focal_point(size, ratio, focal, box):
    from website.renditions import crop_box

    assert crop_box(size, ratio, focal) == box


def two_halves(width: int, height: int) -> SimpleUploadedFile:
    """A picture red on its left half and blue on its right half."""
    picture = Image.new("RGB", (width, height), (220, 0, 0))
    picture.paste((0, 0, 220), (width // 2, 0, width, height))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return SimpleUploadedFile("halves.png", buffer.getvalue(), content_type="image/png")


def test_a_portrait_is_cut_around_the_focal_point(client, db, run_tasks):
    portrait = factories.image_from(two_halves(1200, 600), "Blue side", focal_x=90)
    contributor = factories.make_contributor(photo=portrait)
    run_tasks()

    tag = re.search(
        r'<img[^>]*class="profile-photo"[^>]*>', client.get(contributor.get_absolute_url()).content.decode()
    )
    url = re.search(r'src="([^"]+)"', tag.group(0)).group(1)
    with default_storage.open(url.removeprefix("/media/")) as file:
        picture = Image.open(file).convert("RGB")
    assert picture.size[0] == picture.size[1]
    assert picture.getpixel((5, 5)) == (0, 0, 220)  # the focal point is on the blue half: no red is left


def test_a_page_offers_webp_sources_before_the_fallback(client, db, run_tasks):
    article = factories.make_live_article(hero_image=factories.image_from(jpeg(1000, 500), "Pill bottle"))
    run_tasks()

    figure = re.search(r'<figure class="hero">.*?</figure>', client.get(article.get_absolute_url()).content.decode())

    webp = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="[^"]+">', figure.group(0))
    assert [int(w) for w in re.findall(r"\.webp (\d+)w", webp.group(1))] == [320, 480, 800, 1000]
    assert figure.group(0).index("<source") < figure.group(0).index("<img")
    assert 'type="image/avif"' not in figure.group(0)  # AVIF is off in tests unless asked for


def test_avif_sources_come_first_where_pillow_can_write_them(client, db, run_tasks, settings):
    from PIL import features

    if not features.check("avif"):
        pytest.skip("this Pillow has no AVIF encoder")
    settings.RENDITIONS_AVIF = True
    article = factories.make_live_article(hero_image=factories.image_from(jpeg(500, 250), "Pill bottle"))
    run_tasks()

    figure = re.search(r'<figure class="hero">.*?</figure>', client.get(article.get_absolute_url()).content.decode())

    types = re.findall(r'<source type="([^"]+)"', figure.group(0))
    assert types == ["image/avif", "image/webp"]
    assert re.search(r"\.avif 500w", figure.group(0))


def stored_renditions(name: str) -> list[str]:
    folder = posixpath.join("renditions", posixpath.dirname(name))
    stem = posixpath.splitext(posixpath.basename(name))[0]
    return sorted(file for file in default_storage.listdir(folder)[1] if file.startswith(stem))


def test_deleting_a_library_image_has_the_worker_delete_its_renditions_and_no_other_images(db, run_tasks):
    deleted = factories.image_from(jpeg(1000, 500), "Pill bottle")
    # A name that starts like the deleted one's renditions: "hero-" and a word of eight hex digits.
    kept = factories.image_from(
        SimpleUploadedFile(
            f"{posixpath.splitext(posixpath.basename(deleted.name))[0]}-20261207.jpg", jpeg(800, 400).read()
        ),
        "Kept",
    )
    run_tasks()
    kept_before = stored_renditions(kept.name)
    assert len(stored_renditions(deleted.name)) > len(kept_before) > 0

    deleted.delete()
    run_tasks()

    assert [file for file in stored_renditions(deleted.name) if file not in kept_before] == []
    assert stored_renditions(kept.name) == kept_before


def test_renditions_of_a_file_another_library_image_still_holds_are_kept(db, run_tasks):
    first = factories.image_from(jpeg(1000, 500), "Pill bottle")
    second = factories.image_from(first.name, "The same picture, described again")
    run_tasks()
    made = stored_renditions(first.name)

    second.delete()
    run_tasks()

    assert stored_renditions(first.name) == made


def test_a_page_showing_a_library_picture_asks_the_storage_nothing(client, db, run_tasks, monkeypatch):
    # On S3 each question is a request to the bucket: the picture's size comes from its library row instead.
    from django.core.files.storage import FileSystemStorage

    article = factories.make_live_article(hero_image=factories.image_from(jpeg(1000, 500), "Pill bottle"))
    run_tasks()
    client.get(article.get_absolute_url())  # the manifest is read once per process, then remembered
    asked = []
    for method in ("size", "exists", "open"):
        original = getattr(FileSystemStorage, method)
        monkeypatch.setattr(
            FileSystemStorage,
            method,
            lambda self, name, *args, _m=method, _o=original: asked.append(_m) or _o(self, name, *args),
        )

    tag = hero_tag(client.get(article.get_absolute_url()).content.decode())

    assert [int(w) for w in re.findall(r" (\d+)w", tag)] == [320, 480, 800, 1000]
    assert asked == []
