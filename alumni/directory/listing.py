"""The directory's people for one viewer: everyone they may see (of one faculty), filtered, in alphabetical order.

The directory page and the API list the same people in the same order through these functions.

A search service may answer the directory page instead of the database (search/ registers Elasticsearch's when
ELASTICSEARCH_URL is set): `register_directory_search(fn)`, where `fn(filterset)` returns an object with
`count()`, `facet_counts` ({facet: {value: count}}, as `facets.facet_counts`) and slices of person ids in this
module's order. The database stays the default; alumni never imports the service.
"""

from collections.abc import Callable
from typing import Any

from alumni.filters import DirectoryFilterSet
from alumni.models import Alumnus
from alumni.privacy import Viewer, people_showing, visible_alumni
from home.models import Faculty


def people(viewer: Viewer, faculty_key=None, showing: str | None = None):
    """Everyone this viewer may see in the directory (of one faculty, when given), through the privacy function;
    with `showing`, only those of them who show that field to the viewer (`privacy.people_showing`)."""
    queryset = people_showing(viewer, showing) if showing else visible_alumni(viewer, Alumnus.objects.all())
    if faculty_key is not None:
        queryset = queryset.filter(faculty_id__in=Faculty.objects.filter(translation_key=faculty_key).values("pk"))
    return queryset


def directory_filterset(data, viewer: Viewer, locale_id: int, faculty_key=None) -> DirectoryFilterSet:
    return DirectoryFilterSet(
        data, queryset=people(viewer, faculty_key), viewer=viewer, locale_id=locale_id, faculty_key=faculty_key
    )


def sorted_results(filterset: DirectoryFilterSet):
    """The filtered people in Romanian alphabetical order (last name, then first name), or none if invalid."""
    if not filterset.is_valid():
        return filterset.queryset.none()
    return filterset.qs.order_by("sort_key", "pk")


_directory_search: list[Callable[[DirectoryFilterSet], Any]] = []


def register_directory_search(search: Callable[[DirectoryFilterSet], Any] | None) -> None:
    """Answer the directory page through `search` (None: through the database again)."""
    _directory_search.clear()
    if search is not None:
        _directory_search.append(search)


def external_search(filterset: DirectoryFilterSet):
    """The registered service's answer for a valid filterset, or None when the database answers."""
    if not _directory_search or not filterset.is_valid():
        return None
    return _directory_search[0](filterset)
