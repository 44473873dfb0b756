"""The consent text visitors agree to, kept by version so each request records what it agreed to."""

# Add a new version (never edit an old one) when the wording changes; the form always shows the newest.
CONSENT_TEXTS = {
    "2026-11-v1": (
        "I agree that Recovery Site's admissions team may store what I send here and contact me about "
        "treatment in the way I chose. Only the intake team can read it, and it is deleted a set time after we "
        "have finished helping. I will not use this form in an emergency."
    ),
}
CONSENT_VERSION = "2026-11-v1"
CONSENT_TEXT = CONSENT_TEXTS[CONSENT_VERSION]
