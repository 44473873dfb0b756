"""Dependencies point one way: an app imports only from the layers below its own (docs/architecture.md, "Layers").

The layers are listed once, here, bottom first. Apps in one layer are siblings and never import each other.
Every import counts: module level or inside a function, ``import x``, ``from x import y`` and
``importlib.import_module("x")`` with a written-out name. Not imports: relative imports (they stay in their
app), model references by string ("conditions.Condition", ``apps.get_model``) and settings. Migrations are
left out (their dependencies are the migration graph's business); so are tests, benchmarks and the venv.
`make lint` runs this module, so CI fails on a forbidden import.
"""

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".venv", "tests", "bench", "migrations", "node_modules", "var", ".git"}

LAYERS = (
    ("caching",),  # the one helper for caches keyed by content; imports no app of the project
    ("jobs",),  # background work: the outbox, retries, the worker's schedule
    ("accounts",),  # staff sign-in, sessions, the security log
    ("editorial",),  # ReviewedContent, the workflow and what it announces (editorial/signals.py)
    ("comments", "library"),  # review comments on a draft; the media library pages choose pictures from
    ("sharing",),  # share links for outside reviewers, who may comment
    ("articles", "conditions"),  # the content types
    ("pages",),  # trust pages and reusable blocks, which link to content
    ("website",),  # what is site-wide: home, search, sitemaps, the page cache, redirects
    ("api", "calendars", "contact", "imports"),  # features built on the site: the read API, calendar, intake, imports
    ("recovery_site",),  # the project: settings and urls
)
LAYER_OF = {app: number for number, apps in enumerate(LAYERS) for app in apps}


def imported_modules(tree: ast.AST, package: list[str]):
    """Yield (line, dotted name) of every absolute import in ``tree``, relative ones resolved from ``package``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            yield node.lineno, ".".join([*base, *filter(None, [node.module])])
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def forbidden_imports(relative_path: str, source: str) -> list[str]:
    """Return, for one product module, each import of an app in its own layer or a layer above, as file:line."""
    parts = relative_path.removesuffix(".py").split("/")
    app = parts[0]
    found = []
    for line, name in imported_modules(ast.parse(source, relative_path), parts[:-1]):
        other = name.split(".")[0]
        if other == app or other not in LAYER_OF:
            continue
        if LAYER_OF[other] >= LAYER_OF[app]:
            where = "a sibling in its layer" if LAYER_OF[other] == LAYER_OF[app] else "a layer above"
            found.append(f"{relative_path}:{line}: {app} imports {name} ({where}: {other})")
    return found


def product_files():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if len(relative.parts) > 1 and not SKIPPED_DIRS & set(relative.parts):
            yield relative.as_posix(), path


def test_every_app_and_the_project_package_has_a_layer():
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")} - SKIPPED_DIRS

    assert packages == set(LAYER_OF), "place each app in LAYERS (and docs/architecture.md), or remove it there"


def test_the_check_reads_the_product_code():
    names = {name for name, _ in product_files()}

    assert {"editorial/workflow.py", "website/apps.py", "website/management/commands/load_demo.py"} <= names
    assert not any(name.startswith(("tests/", "bench/")) or "/migrations/" in name for name in names)


def test_no_app_imports_a_sibling_or_a_layer_above_it():
    found = [problem for name, path in product_files() for problem in forbidden_imports(name, path.read_text())]

    assert found == [], "imports against the layers (tests/test_architecture.py, LAYERS):\n" + "\n".join(found)


def test_the_diagram_in_the_architecture_notes_shows_these_layers():
    notes = (ROOT / "docs" / "architecture.md").read_text()
    diagram = notes.split("### Apps and what each owns, in layers", 1)[1].split("```")[1]
    rows = re.findall(r"^\s*(\d+)\s+((?:[a-z_]+/\s+)+)", diagram, flags=re.MULTILINE)
    drawn = [tuple(sorted(re.findall(r"([a-z_]+)/", apps))) for _, apps in sorted(rows, key=lambda row: int(row[0]))]

    assert drawn == [tuple(sorted(apps)) for apps in LAYERS]


# The check itself, on sources written for it -----------------------------------------------------------------


def test_the_check_names_file_line_and_import_of_an_upward_import():
    source = "import datetime\n\nfrom editorial.models import Revision\nfrom website import cache\n"

    assert forbidden_imports("editorial/workflow.py", source) == [
        "editorial/workflow.py:4: editorial imports website (a layer above: website)"
    ]


def test_the_check_catches_an_import_inside_a_function_and_a_plain_import():
    source = "def publish(page):\n    import website.cache\n    from comments.models import open_counts\n"

    assert forbidden_imports("editorial/views.py", source) == [
        "editorial/views.py:2: editorial imports website.cache (a layer above: website)",
        "editorial/views.py:3: editorial imports comments.models (a layer above: comments)",
    ]


def test_the_check_catches_a_sibling_import():
    source = "from conditions.models import Condition\n"

    assert forbidden_imports("articles/views.py", source) == [
        "articles/views.py:1: articles imports conditions.models (a sibling in its layer: conditions)"
    ]


def test_the_check_catches_import_module_with_a_written_out_name():
    source = "from importlib import import_module\n\ntasks = import_module('website.tasks')\n"

    assert forbidden_imports("editorial/notifications.py", source) == [
        "editorial/notifications.py:3: editorial imports website.tasks (a layer above: website)"
    ]


def test_the_check_allows_imports_downwards_within_the_app_and_of_other_packages():
    source = (
        "from django.db import models\n"
        "from editorial.models import ReviewedContent\n"
        "from jobs.delivery import enqueue\n"
        "from . import cache\n"
        "from .models import Block\n"
        "from website.cache import enabled\n"
    )

    assert forbidden_imports("website/blocks.py", source) == []


def test_a_relative_import_is_resolved_inside_its_package():
    source = "from .. import renditions\nfrom ...editorial import workflow\n"

    # website/management/commands: ".." is website.management; "..." is website itself, never another app.
    assert forbidden_imports("website/management/commands/load_demo.py", source) == []


def test_mypy_checks_every_app():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())

    assert set(config["tool"]["mypy"]["files"]) == set(LAYER_OF), "list each app in [tool.mypy] files"
