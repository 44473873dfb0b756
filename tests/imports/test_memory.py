"""The memory bound: importing a large export holds about one item at a time, not the file."""

import tracemalloc

import pytest

from articles.models import Article
from imports.management.commands import import_wordpress
from imports.models import ImportedItem
from tests.imports.conftest import export
from tests.imports.generate_wxr import write_export

pytestmark = pytest.mark.django_db


def start_afresh() -> None:
    ImportedItem.objects.all().delete()
    Article.objects.all().delete()


def peak_memory_of_import(run_import, path) -> int:
    start_afresh()
    tracemalloc.start()
    try:
        run_import(str(path), "--no-progress")
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_importing_a_large_export_takes_memory_independent_of_its_size(run_import, tmp_path, monkeypatch):
    # Collect the drafts' leftover cycles every 10 items instead of 100, so a short test shows the bound.
    monkeypatch.setattr(import_wordpress, "COLLECT_EVERY", 10)
    smaller, larger = tmp_path / "smaller.xml", tmp_path / "larger.xml"
    write_export(smaller, 40, paragraphs=200)  # posts of about 120 kB each
    write_export(larger, 120, paragraphs=200)
    run_import(export("site.xml"), "--no-progress")  # loads every module first: no cost of the file's size

    smaller_peak = peak_memory_of_import(run_import, smaller)
    larger_peak = peak_memory_of_import(run_import, larger)

    size = larger.stat().st_size
    assert size > 13_000_000
    assert Article.objects.count() == 120
    message = f"peak {larger_peak / 1e6:.1f} MB for {size / 1e6:.1f} MB, {smaller_peak / 1e6:.1f} MB for a third of it"
    assert larger_peak < size / 2, message
    # Three times the file, about the same memory.
    assert larger_peak < smaller_peak * 1.5, message
