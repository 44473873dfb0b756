"""The consent text visitors agree to, kept by version so each request records what it agreed to."""

# Add a new version (never edit an old one) when the wording changes; the form always shows the newest.
CONSENT_TEXTS = {
    "2026-11-v1": (
        "I agree that Recovery Site's admissions team may store what I send here and contact me about "
        "treatment in the way I chose. Only our intake staff can read it; it is deleted after we have finished "
        "helping, within the retention period in our privacy notice. Do not use this form in an emergency."
    ),
}
CONSENT_VERSION = "2026-11-v1"
CONSENT_TEXT = CONSENT_TEXTS[CONSENT_VERSION]
