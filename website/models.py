"""The website app keeps no tables of its own: redirects live in django.contrib.redirects."""
