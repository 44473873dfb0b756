"""Spot crisis wording (suicide, self-harm, overdose) so a request can be answered first."""

import re

# Plain phrases people write in distress; a false positive only moves a request up the queue.
CRISIS_PATTERNS = [
    r"suicid\w*",
    r"kill(ing)? (my ?self|me)",
    r"end(ing)? (my|it all|my own) li(fe|ves)",
    r"end it all",
    r"take my (own )?life",
    r"(want|wants|wanted|going) to die",
    r"better off dead",
    r"no reason to live",
    r"(don'?t|do not) want to (live|be alive|wake up)",
    r"self[- ]?harm\w*",
    r"hurt(ing)? (my ?self|themsel(f|ves)|himself|herself)",
    r"cutting (my ?self|himself|herself|themselves)",
    r"over ?dos(e|ed|es|ing)",
    r"od(?:'d|'ed|ed|'ing|ing)\b",
    r"took too many (pills|tablets)",
    r"(not|isn'?t|stopped) breathing",
    r"unconscious|unresponsive",
]
CRISIS_RE = re.compile(r"\b(?:" + "|".join(CRISIS_PATTERNS) + r")", re.IGNORECASE)


def suggests_crisis(text: str) -> bool:
    """Return whether the text contains wording that suggests a crisis."""
    normalised = (text or "").replace("\u2019", "'").replace("\u2018", "'")
    return bool(CRISIS_RE.search(normalised))
