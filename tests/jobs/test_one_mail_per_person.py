"""Every notification goes through ``jobs.delivery.mail_each``: one message per person, no shared addresses."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCT_APPS = [path.parent for path in ROOT.glob("*/apps.py")]
# The one helper, and the SMTP backend it sends through, may build messages; nothing else may.
MAIL_BUILDERS = {
    "EmailMessage",
    "EmailMultiAlternatives",
    "send_mail",
    "send_mass_mail",
    "mail_admins",
    "mail_managers",
}
ALLOWED = {ROOT / "jobs" / "delivery.py", ROOT / "jobs" / "mail.py"}


def mail_built_outside_the_helper(source: str) -> list[int]:
    """Return the lines of ``source`` that call one of Django's mail builders directly."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in MAIL_BUILDERS:
                lines.append(node.lineno)
    return lines


def test_no_product_module_builds_its_own_mail():
    found = {
        f"{path.relative_to(ROOT)}:{line}"
        for app in PRODUCT_APPS
        for path in app.rglob("*.py")
        if path not in ALLOWED and "migrations" not in path.parts
        for line in mail_built_outside_the_helper(path.read_text())
    }
    assert found == set(), "send notifications with jobs.delivery.mail_each"


def test_the_check_sees_a_direct_send():
    source = "from django.core.mail import EmailMessage\nEmailMessage('s', 'b', to=['a@x', 'b@x']).send()\n"
    assert mail_built_outside_the_helper(source) == [2]
    assert mail_built_outside_the_helper("from django.core import mail\nmail.send_mail('s', 'b', 'f', ['a'])\n") == [2]
