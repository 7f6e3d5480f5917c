"""Which faculties an admin user works for: the unit every admin listing, export and queue is cut along.

A faculty editor's groups hold page permissions on their faculty's section; that is the one place the link
is recorded, so the alumni, registrations and reports scope by it too.
"""

from django.db.models import Q
from wagtail.models import GroupPagePermission, Page

from home.models import Faculty, FacultyPage


def faculty_ids_for_user(user) -> frozenset[int] | None:
    """The ids of the faculties (in every language) the user may work with, or None for all of them.

    Superusers, and groups with page permissions on the home page or the root, see every faculty.
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return None
    paths = list(
        Page.objects.filter(pk__in=GroupPagePermission.objects.filter(group__user=user).values("page_id")).values_list(
            "path", flat=True
        )
    )
    if any(len(path) <= 2 * Page.steplen for path in paths):
        return None
    if not paths:
        return frozenset()
    # Faculty sections at or below a permitted page, and the section a permitted page sits in.
    related = Q()
    for path in paths:
        related |= Q(path__startswith=path)
        related |= Q(path__in=[path[:end] for end in range(Page.steplen, len(path), Page.steplen)])
    translation_keys = FacultyPage.objects.filter(related).values("faculty__translation_key")
    return frozenset(Faculty.objects.filter(translation_key__in=translation_keys).values_list("pk", flat=True))
