"""Fixtures for the WordPress import: the shipped exports, a copy of wp-content/uploads, the command."""

from io import StringIO
from pathlib import Path

import lxml.html
import pytest
from django.core.management import call_command
from PIL import Image

from editorial import checks, workflow
from tests import factories

FIXTURES = Path(__file__).parent / "fixtures"


def export(name: str) -> str:
    """Return the path of a shipped WXR fixture."""
    return str(FIXTURES / name)


def write_uploads(tmp_path: Path) -> Path:
    """Write a copy of wp-content/uploads holding the images site.xml uses, except gone.jpg and leaflet.pdf."""
    folder = tmp_path / "uploads"
    (folder / "2024" / "01").mkdir(parents=True)
    for name in ("hero.jpg", "pills.jpg", "meal.jpg"):
        Image.new("RGB", (12, 8), "teal").save(folder / "2024" / "01" / name)
    Image.new("RGB", (12, 8), "navy").save(folder / "2024" / "01" / "chart.png")
    return folder


@pytest.fixture
def uploads(tmp_path) -> Path:
    return write_uploads(tmp_path)


@pytest.fixture
def importer(db):
    """The staff account the drafts are saved as: a writer."""
    return factories.make_writer("importer")


@pytest.fixture
def run_import(importer):
    """Run import_wordpress as a person would; return its report (stdout) and progress output (stderr)."""

    def run(path: str, *options: str) -> tuple[str, str]:
        out, err = StringIO(), StringIO()
        call_command("import_wordpress", path, "--user", importer.username, *options, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    return run


def publish_imported(article):
    """Give an imported draft what the pre-publish checks require, as its editor would, then publish it."""
    prepare_imported(article)
    return factories.publish(article)


def prepare_imported(article):
    """Give an imported draft what the pre-publish checks require, as its editor would; return it.

    That is: alt text for every image, a source, and no links to old WordPress addresses that are no page here.
    """
    dead = {href for href, _ in checks.dead_internal_links(checks.as_draft(article))}
    tree = lxml.html.fragment_fromstring(article.body or "", create_parent="div")
    for image in tree.iter("img"):
        image.set("alt", image.get("alt") or "An illustration")
    for link in [link for link in tree.iter("a") if link.get("href") in dead]:
        link.drop_tag()
    article.body = (tree.text or "") + "".join(lxml.html.tostring(child, encoding=str) for child in tree)
    sources = [source.as_dict() for source in article.related_objects("sources")]
    article.set_sources(sources or factories.sample_sources(article.pk))
    return workflow.save_draft(article, user=factories.make_writer())
