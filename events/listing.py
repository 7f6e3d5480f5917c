"""What a listing of occurrences shows besides its event: places left, faculty and type names in the listing's
language, and the event pages' addresses. Added to the rows a page shows, in one query each, whatever their
number (the calendar's list and the API)."""

from events.models import EventOccurrence, EventPage, EventType, Registration
from home.images import prefetch_images
from home.models import Faculty
from home.pagination import fill_page


def describe(occurrences, locale_id: int, *, faculty_names=None, type_names=None) -> None:
    """Set on each occurrence `places_left` (None when unlimited), `faculty_short_name`, `faculty_name`, `type_id`
    and `type_name` in the given locale (falling back to the row the event points to). One query for the places,
    one for each map of names not given (`faculty_names`: {translation key: name}; `type_names`:
    {translation key: (id, name)})."""
    occurrences = list(occurrences)
    confirmed = Registration.objects.confirmed_counts({occurrence.event_id for occurrence in occurrences})
    events = [occurrence.event for occurrence in occurrences]
    if faculty_names is None:
        keys = {event.faculty.translation_key for event in events if event.faculty}
        faculties = Faculty.objects.filter(translation_key__in=keys, locale_id=locale_id)
        faculty_names = dict(faculties.values_list("translation_key", "name"))
    if type_names is None:
        keys = {event.event_type.translation_key for event in events if event.event_type}
        types = EventType.objects.filter(translation_key__in=keys, locale_id=locale_id)
        type_names = {key: (pk, name) for key, pk, name in types.values_list("translation_key", "pk", "name")}
    for occurrence in occurrences:
        event = occurrence.event
        capacity = event.capacity
        occurrence.places_left = None if capacity is None else max(capacity - confirmed.get(event.pk, 0), 0)
        faculty, event_type = event.faculty, event.event_type
        occurrence.faculty_short_name = faculty.short_name if faculty else None
        occurrence.faculty_name = faculty_names.get(faculty.translation_key, faculty.name) if faculty else None
        localized_type = type_names.get(event_type.translation_key) if event_type else None
        occurrence.type_id, occurrence.type_name = localized_type or (
            (event_type.pk, event_type.name) if event_type else (None, None)
        )


def load_page(page_obj, filterset, images, request) -> None:
    """Fill a page of the paginated occurrence list, ids first (home.pagination.fill_page), with everything its
    rows show: their event, faculty, type and image, names in the filter set's language, places left, URLs."""

    def rows(ids):
        occurrences = EventOccurrence.objects.filter(pk__in=ids).select_related("event__faculty", "event__event_type")
        return prefetch_images(occurrences, *images)

    fill_page(page_obj, rows)
    describe(
        page_obj.object_list,
        filterset.locale_id,
        faculty_names=filterset.faculty_names,
        type_names=filterset.type_names,
    )
    attach_urls(page_obj.object_list, request)


class SiblingUrls:
    """Event page addresses for a listing. Wagtail builds the first one under each event index; its siblings get
    the same address with their own slug, which is what Wagtail would build, without reversing a URL for each
    of the hundreds of events of a busy month."""

    def __init__(self, request):
        self.request = request
        self.prefixes = {}

    def url(self, path: str, slug: str, get_page) -> str | None:
        parent_path = path[: -EventPage.steplen]
        prefix = self.prefixes.get(parent_path)
        if prefix is not None:
            return f"{prefix}{slug}/"
        url = get_page().get_url(self.request)
        suffix = f"/{slug}/"
        if url and url.endswith(suffix):
            self.prefixes[parent_path] = url[: -len(suffix) + 1]
        return url


def attach_urls(occurrences, request) -> None:
    """Set each occurrence's `url` to its event page's address."""
    urls = SiblingUrls(request)
    for occurrence in occurrences:
        event = occurrence.event
        occurrence.url = urls.url(event.path, event.slug, lambda event=event: event)
