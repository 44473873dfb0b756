"""Caching of what is keyed by content, below every app that shows content (``caching.content``)."""
