"""Who is who in the workflow: the staff groups and the licensed medical reviewers."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.utils import timezone

from editorial.models import Contributor

WRITERS = "Writers"
MEDICAL_REVIEWERS = "Medical reviewers"
EDITORS = "Editors"
INTAKE_STAFF = "Intake staff"

# Whom a request is from (request.user): a signed-in account or the anonymous user.
AnyUser = User | AnonymousUser


def in_group(user: AnyUser | None, name: str) -> bool:
    """Return whether an active user belongs to the group; superusers count as members of every group."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return any(group.name == name for group in user.groups.all())


def reviewer_profile(user: AnyUser) -> Contributor | None:
    """Return the user's contributor profile if they may review medically today."""
    if not in_group(user, MEDICAL_REVIEWERS) or not isinstance(user, User):  # a group member is a signed-in User
        return None
    contributor = Contributor.objects.filter(user=user).first()
    if contributor and contributor.has_current_licence():
        return contributor
    return None


def licensed_reviewers() -> QuerySet[User]:
    """Return the active users who may review medically today."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=MEDICAL_REVIEWERS,
            contributor__is_medical_reviewer=True,
            contributor__licence_expiry__gte=timezone.localdate(),
        )
        .distinct()
    )


def group_members(name: str) -> QuerySet[User]:
    """Return the active users in a group, plus active superusers."""
    return get_user_model().objects.filter(Q(groups__name=name) | Q(is_superuser=True), is_active=True).distinct()
