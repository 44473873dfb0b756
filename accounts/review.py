"""The staff access review: every staff account, what it can reach and how it signs in."""

import csv
import datetime
from dataclasses import dataclass, field

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Prefetch, Sum
from django.utils import timezone

from .factors import factor_kind

COLUMNS = (
    "Username",
    "Name",
    "Active",
    "Superuser",
    "Groups",
    "Second factors",
    "Last sign-in",
    "Reviewer licence expires",
    "Locked now",
)


@dataclass
class Row:
    user: User
    groups: list[str]
    factors: list[tuple[str, datetime.datetime | None]] = field(default_factory=list)  # (kind, enrolled at)
    licence_expiry: datetime.date | None = None
    locked: bool = False

    def factor_text(self) -> str:
        # The site's local date, as everywhere staff read dates (the database hands back UTC times).
        return "; ".join(
            f"{kind} (enrolled {timezone.localdate(when):%Y-%m-%d})" if when else kind for kind, when in self.factors
        )

    def as_csv(self) -> list[str]:
        user = self.user
        return [
            user.username,
            user.get_full_name(),
            "yes" if user.is_active else "no",
            "yes" if user.is_superuser else "no",
            ", ".join(self.groups),
            self.factor_text() or "none",
            timezone.localtime(user.last_login).strftime("%Y-%m-%d %H:%M") if user.last_login else "never",
            self.licence_expiry.isoformat() if self.licence_expiry else "",
            "yes" if self.locked else "no",
        ]


def locked_usernames() -> set[str]:
    """Usernames locked out from at least one address right now."""
    since = timezone.now() - get_cool_off()
    totals = (
        AccessAttempt.objects.filter(attempt_time__gte=since)
        .values("username", "ip_address")
        .annotate(total=Sum("failures_since_start"))
        .filter(total__gte=settings.AXES_FAILURE_LIMIT)
    )
    return {row["username"] for row in totals}


def staff_rows() -> list[Row]:
    users = (
        User.objects.filter(is_staff=True)
        .select_related("contributor")
        .prefetch_related(
            "groups",
            Prefetch("totpdevice_set", to_attr="totp_devices"),
            Prefetch("webauthncredential_set", to_attr="passkeys"),
            Prefetch("staticdevice_set", to_attr="recovery_devices"),
        )
        .order_by("username")
    )
    locked = locked_usernames()
    rows = []
    for user in users:
        devices = [d for d in (*user.totp_devices, *user.passkeys, *user.recovery_devices) if d.confirmed]
        contributor = getattr(user, "contributor", None)
        rows.append(
            Row(
                user=user,
                groups=sorted(group.name for group in user.groups.all()),
                factors=[(factor_kind(device), device.created_at) for device in devices],
                licence_expiry=contributor.licence_expiry if contributor and contributor.is_medical_reviewer else None,
                locked=user.username in locked,
            )
        )
    return rows


def spreadsheet_safe(text: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula (usernames may start with + - @)."""
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def write_csv(rows: list[Row], out) -> None:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row.as_csv()])
