"""Readable differences between two content snapshots: text, relations and sources.

Rich text is compared as the text a reader sees (one line per paragraph, heading
or list item, with link targets kept), changed lines word by word. The result is
plain data; templates render it with autoescaping, so no stored HTML reaches the page.
"""

import difflib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.db import models

from editorial.models import ReviewedContent, model_field

BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "tr", "br", "div", "figcaption", "table"}
CONTEXT_LINES = 2


@dataclass
class Segment:
    kind: str  # "equal", "insert" or "delete"
    text: str


@dataclass
class Line:
    kind: str  # "equal", "insert", "delete", "change" or "skip" (unchanged lines left out)
    segments: list[Segment] = field(default_factory=list)
    skipped: int = 0


@dataclass
class FieldDiff:
    label: str
    lines: list[Line]

    @property
    def changed(self) -> bool:
        return any(line.kind not in ("equal", "skip") for line in self.lines)


@dataclass
class SnapshotDiff:
    fields: list[FieldDiff]

    @property
    def changed_fields(self) -> list[FieldDiff]:
        return [diff for diff in self.fields if diff.changed]

    @property
    def unchanged_labels(self) -> list[str]:
        return [diff.label for diff in self.fields if not diff.changed]


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines = [""]
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self.lines.append("")
        if tag == "li":
            self.lines[-1] += "• "
        if tag == "a":
            self.links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.lines[-1] += f" <{href}>"
        if tag in BLOCK_TAGS:
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        self.lines[-1] += data


def html_to_lines(html: str) -> list[str]:
    """Return the visible text of rich text, one line per block."""
    parser = _TextExtractor()
    parser.feed(html or "")
    parser.close()
    return [text for text in (" ".join(line.split()) for line in parser.lines) if text]


def word_diff(old: str, new: str) -> list[Segment]:
    """Return the segments of one changed line, compared word by word."""
    # Words, spaces and punctuation apart, so "summary." and "summary," share "summary".
    old_words, new_words = re.findall(r"\s+|\w+|[^\w\s]", old), re.findall(r"\s+|\w+|[^\w\s]", new)
    segments = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("equal", "".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("delete", "".join(old_words[i1:i2])))
        if j2 > j1:
            segments.append(Segment("insert", "".join(new_words[j1:j2])))
    return segments


def diff_lines(old: list[str], new: list[str]) -> list[Line]:
    """Return line-level differences, changed lines paired up for a word-level view."""
    lines = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            lines += [Line("equal", [Segment("equal", text)]) for text in old[i1:i2]]
            continue
        removed, added = old[i1:i2], new[j1:j2]
        paired = min(len(removed), len(added)) if op == "replace" else 0
        for a, b in zip(removed[:paired], added[:paired], strict=True):
            lines += _changed_line(a, b)
        lines += [Line("delete", [Segment("delete", text)]) for text in removed[paired:]]
        lines += [Line("insert", [Segment("insert", text)]) for text in added[paired:]]
    return _collapse_unchanged(lines)


def _changed_line(old: str, new: str) -> list[Line]:
    """Show a lightly edited line word by word, a rewritten one as a whole line out and a whole line in."""
    segments = word_diff(old, new)
    kept = sum(len(segment.text) for segment in segments if segment.kind == "equal" and segment.text.strip())
    if kept * 2 >= max(len(old), len(new)):
        return [Line("change", segments)]
    return [Line("delete", [Segment("delete", old)]), Line("insert", [Segment("insert", new)])]


def _collapse_unchanged(lines: list[Line]) -> list[Line]:
    """Keep a little context around each change and fold long unchanged runs into one line."""
    result: list[Line] = []
    run: list[Line] = []
    for index, line in enumerate(lines + [Line("end")]):
        if line.kind == "equal":
            run.append(line)
            continue
        at_start, at_end = len(result) == 0, index == len(lines)
        head = [] if at_start else run[:CONTEXT_LINES]
        tail = [] if at_end else run[-CONTEXT_LINES:]
        if len(run) > len(head) + len(tail):
            result += [*head, Line("skip", skipped=len(run) - len(head) - len(tail)), *tail]
        else:
            result += run
        if not at_end:
            result.append(line)
        run = []
    return result


def source_line(source: dict) -> str:
    """Return one source as a single readable line."""
    parts = [source.get("title") or ""]
    parts += [str(source[name]) for name in ("publisher", "year") if source.get(name)]
    parts += [
        f"{label} {source[name]}" for name, label in (("url", ""), ("doi", "DOI"), ("pmid", "PMID")) if source.get(name)
    ]
    return ". ".join(part.strip() for part in parts if part.strip())


def _field_lines(model: type[ReviewedContent], name: str, value: Any) -> list[str]:
    model_field = model._meta.get_field(name)
    if name in model.rich_text_fields:
        return html_to_lines(value)
    if isinstance(model_field, models.ForeignKey):
        related_model: Any = model_field.related_model  # a class once the models are loaded
        related = related_model.objects.filter(pk=value).first() if value else None
        return [str(related)] if related else []
    return [line for line in str(value or "").splitlines() if line.strip()]


def _related_lines(model: type[ReviewedContent], name: str, ids: list[int]) -> list[str]:
    related_model: Any = model_field(model, name).related_model  # a draft_m2m field's model
    related = related_model.objects.filter(pk__in=ids or [])
    return sorted(str(obj) for obj in related)


def snapshot_lines(model: type[ReviewedContent], snapshot: dict) -> list[tuple[str, list[str]]]:
    """Return (label, lines of text) for every part of a snapshot, for reading one version."""
    snapshot = model.upgrade_snapshot(snapshot)
    parts = [
        (_label(model, name), _field_lines(model, name, snapshot["fields"].get(name))) for name in model.draft_fields
    ]
    parts += [(_label(model, name), _related_lines(model, name, snapshot["m2m"].get(name))) for name in model.draft_m2m]
    parts.append(("Sources", [source_line(source) for source in snapshot["sources"]]))
    return parts


def diff_snapshots(model: type[ReviewedContent], old: dict | None, new: dict | None) -> SnapshotDiff:
    """Return one FieldDiff per draft field, relation and the sources, from ``old`` to ``new``."""
    empty: dict[str, Any] = {"fields": {}, "m2m": {}, "sources": []}
    old, new = model.upgrade_snapshot(old or empty), model.upgrade_snapshot(new or empty)
    diffs = []
    for name in model.draft_fields:
        before = _field_lines(model, name, old["fields"].get(name))
        after = _field_lines(model, name, new["fields"].get(name))
        diffs.append(FieldDiff(_label(model, name), diff_lines(before, after)))
    for name in model.draft_m2m:
        before = _related_lines(model, name, old["m2m"].get(name))
        after = _related_lines(model, name, new["m2m"].get(name))
        diffs.append(FieldDiff(_label(model, name), diff_lines(before, after)))
    before = [source_line(source) for source in old["sources"]]
    after = [source_line(source) for source in new["sources"]]
    diffs.append(FieldDiff("Sources", diff_lines(before, after)))
    return SnapshotDiff(diffs)


def _label(model: type[ReviewedContent], name: str) -> str:
    return str(model_field(model, name).verbose_name).capitalize()
