"""The consent text visitors agree to, kept by version so each request records what it agreed to."""

from django.utils.translation import gettext_lazy as _

# Add a new version (never edit an old one) when the wording changes; the form always shows the newest.
CONSENT_TEXTS = {
    "2026-11-v1": (
        "I agree that Recovery Site's admissions team may store what I send here and contact me about "
        "treatment in the way I chose. Only the intake team can read it, and it is deleted a set time after we "
        "have finished helping. I will not use this form in an emergency."
    ),
}
CONSENT_VERSION = "2026-11-v1"
# What the form shows: the newest version, in the reader's language. The Spanish wording in the catalogue is a
# translation of this same version (locale/es/), so a Spanish request records the version it agreed to.
CONSENT_TEXT = _(
    "I agree that Recovery Site's admissions team may store what I send here and contact me about "
    "treatment in the way I chose. Only the intake team can read it, and it is deleted a set time after we "
    "have finished helping. I will not use this form in an emergency."
)
