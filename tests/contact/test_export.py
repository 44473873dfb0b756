import pytest

from contact.export import spreadsheet_safe


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
        ("+12125550123", "'+12125550123"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Jordan", "Jordan"),
        (None, ""),
        (42, "42"),
    ],
)
def test_cells_a_spreadsheet_would_run_as_formulas_are_made_text(value, shown):
    assert spreadsheet_safe(value) == shown
