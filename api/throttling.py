"""Rate limits: anonymous clients per address, partner keys by their own rate.

docs/architecture.md, "Partner keys, limits and webhooks", says why.

DRF's throttles keep their counts in Django's default cache: Redis in production, so every process shares them.
With Redis down, django-redis ignores the error (IGNORE_EXCEPTIONS): the counts read as empty and the limits
fail open. A read API of public pages stays up rather than refusing everyone because a counter is unreachable.
"""

import datetime
import math

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions, throttling
from rest_framework.request import Request
from rest_framework.views import APIView

from .models import PartnerKey


class AnonymousRate(throttling.SimpleRateThrottle):
    """``API_ANON_RATE`` per client address, for requests without a key."""

    scope = "anon"

    def get_rate(self) -> str | None:
        return settings.API_ANON_RATE

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if isinstance(request.auth, PartnerKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PartnerKeyRate(throttling.SimpleRateThrottle):
    """Each key's own ``rate_per_minute``, counted per key whatever address it comes from."""

    scope = "partner-key"

    def get_rate(self) -> str | None:
        return None  # set per request, from the key

    def allow_request(self, request: Request, view: APIView) -> bool:
        key = request.auth
        if not isinstance(key, PartnerKey):
            return True
        self.rate = f"{key.rate_per_minute}/min"
        self.num_requests, self.duration = key.rate_per_minute, 60
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        # The hash, not the id: a new key never inherits the count of a deleted one that had its id.
        return self.cache_format % {"scope": self.scope, "ident": request.auth.secret_hash[:32]}


class RateLimited(exceptions.Throttled):
    """A 429 whose body says, for a program, when to try again (``Retry-After`` says it in the header)."""

    def __init__(self, wait: float | None) -> None:
        super().__init__(wait)
        seconds = math.ceil(wait or 0)
        retry_at = timezone.now().replace(microsecond=0) + datetime.timedelta(seconds=seconds)
        self.detail = {  # DRF renders a dict detail as the body
            "detail": f"Too many requests. Try again in {seconds} seconds.",
            "retry_after": seconds,
            "retry_at": retry_at.isoformat(),
        }
