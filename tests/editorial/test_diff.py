"""Readable diffs between versions: the text a reader sees, relations and sources, always escaped."""

import pytest
from django.template.loader import render_to_string

from articles.models import Article
from editorial.diff import diff_lines, diff_snapshots, html_to_lines, snapshot_lines, word_diff
from tests import factories


def changed(diff):
    return {field.label: field for field in diff.changed_fields}


def test_html_becomes_one_line_per_block_with_link_targets_kept():
    html = "<h2>Dosing</h2><p>Take <strong>3 mg</strong> at night.</p><ul><li>See <a href='https://www.fda.gov/'>FDA</a></li></ul>"

    assert html_to_lines(html) == ["Dosing", "Take 3 mg at night.", "• See FDA <https://www.fda.gov/>"]


def test_a_changed_line_is_shown_word_by_word():
    segments = word_diff("Take 3 mg at night.", "Take 4.5 mg at night.")

    assert [(s.kind, s.text) for s in segments] == [
        ("equal", "Take "),
        ("delete", "3"),
        ("insert", "4.5"),
        ("equal", " mg at night."),
    ]


def test_long_unchanged_runs_fold_into_one_line_keeping_context_around_changes():
    old = [f"Paragraph {n} of the leaflet." for n in range(20)]
    new = [*old[:10], "Paragraph 10 of the new leaflet.", *old[11:]]

    kinds = [line.kind for line in diff_lines(old, new)]

    assert kinds == ["skip", "equal", "equal", "change", "equal", "equal", "skip"]
    assert diff_lines(old, new)[0].skipped == 8


@pytest.mark.django_db
def test_snapshot_diff_reports_text_relations_and_sources_that_changed():
    condition = factories.make_live_condition(name="Fibromyalgia")
    article = factories.make_article(
        body="<p>Old wording.</p>", sources=[{"title": "FDA labeling", "publisher": "FDA", "year": 2023}]
    )
    old = article.draft
    article.body = "<p>New wording.</p>"
    article.set_relation("conditions", [condition])
    article.set_sources([{"title": "FDA labeling", "publisher": "FDA", "year": 2024}, {"title": "SAMHSA guide"}])

    diff = diff_snapshots(Article, old, article.snapshot())

    assert set(changed(diff)) == {"Body", "Related conditions", "Sources"}
    assert [line.kind for line in changed(diff)["Sources"].lines] == ["change", "insert"]
    assert changed(diff)["Related conditions"].lines[0].segments[0].text == "Fibromyalgia"
    assert "Title" in diff.unchanged_labels


@pytest.mark.django_db
def test_rendered_diff_escapes_whatever_text_the_versions_hold():
    article = factories.make_article(title="Safe title")
    old = article.draft
    new = {**old, "fields": {**old["fields"], "title": "<script>alert(1)</script> & <img src=x onerror=alert(2)>"}}

    html = render_to_string("admin/editorial/includes/diff.html", {"diffs": diff_snapshots(Article, old, new)})

    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img" in html and "&amp;" in html
    assert '<span class="visually-hidden">Removed: </span>Safe' in html


@pytest.mark.django_db
def test_snapshot_lines_show_one_version_as_readable_text():
    article = factories.make_article(
        title="Naltrexone", body="<p>It blocks opioid receptors.</p>", sources=[{"title": "FDA labeling"}]
    )

    parts = dict(snapshot_lines(Article, article.draft))

    assert parts["Title"] == ["Naltrexone"]
    assert parts["Body"] == ["It blocks opioid receptors."]
    assert parts["Sources"] == ["FDA labeling"]


def test_a_rewritten_line_is_shown_whole_rather_than_as_scattered_words():
    lines = diff_lines(["Naltrexone is a prescription medicine."], ["A new summary from the writer."])

    assert [(line.kind, line.segments[0].text) for line in lines] == [
        ("delete", "Naltrexone is a prescription medicine."),
        ("insert", "A new summary from the writer."),
    ]
