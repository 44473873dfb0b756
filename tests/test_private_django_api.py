"""Product code uses Django's public, documented API only: what ruff's SLF001 cannot see of its internals.

SLF001 (pyproject.toml) refuses any underscore name reached on another object (``qs._result_cache``). This
lint keeps the rest: internals without an underscore (``.query.get_compiler(``, ``get_converters(``), internal
constants (``BLOCK_CONTEXT_KEY``) and Django's private names reached through ``self`` in a subclass
(``self._should_delete_form``, ``self._result_cache``), which SLF001 allows.
Migrations are left out (they may do what a data migration needs); so are tests, benchmarks and the venv.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".venv", "tests", "bench", "migrations", "node_modules", "var", ".git"}
# Django internals that have been used here before, or that a speed-up tempts one to reach for.
PRIVATE = re.compile(
    r"_prefetched_objects_cache|_result_cache|_prefetch_done|_known_related_objects|\.get_compiler\(|"
    r"\.from_db\(|get_converters\(|\.query\.set_empty\(|\.query\.add_q\(|_fields_cache|"
    r"BLOCK_CONTEXT_KEY|_should_delete_form"
)


def product_files():
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIPPED_DIRS & set(path.relative_to(ROOT).parts):
            yield path


def test_the_lint_reads_the_product_code():
    names = {path.relative_to(ROOT).as_posix() for path in product_files()}

    assert {"editorial/workflow.py", "website/cache.py", "articles/views.py"} <= names
    assert not any(name.startswith(("tests/", "bench/")) or "/migrations/" in name for name in names)


def test_no_product_module_touches_a_private_django_api():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in product_files()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if PRIVATE.search(line)
    ]

    assert found == [], "private Django APIs in product code:\n" + "\n".join(found)


def test_the_pattern_catches_each_private_api_it_names():
    for sample in (
        "obj._prefetched_objects_cache = {}",
        "qs._result_cache = []",
        "qs._prefetch_done = True",
        "compiler = qs.query.get_compiler(connection=c)",
        "Model.from_db(db, names, values)",
        "from django.template.loader_tags import BLOCK_CONTEXT_KEY",
        "if not self._should_delete_form(form)",
    ):
        assert PRIVATE.search(sample), sample
