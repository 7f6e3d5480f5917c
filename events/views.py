"""The event index's two views of the same filtered occurrences: a paginated list and a month grid.

Both query occurrences (EventOccurrence rows joined to live, public event pages): filtering, sorting and
counting happen in SQL over every occurrence (the free-places filter with a subquery); what a listing shows
besides the event (names in the visitor's language, places left) is added to the displayed rows afterwards, in
one query each. The number of queries does not depend on the number of events.
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dates import WEEKDAYS

from events.filters import FIRST_YEAR, LAST_YEAR, MonthFilterSet, next_month, previous_month
from events.models import EventOccurrence, EventPage, EventType, Registration
from home.images import prefetch_images
from home.models import Faculty


def occurrence_queryset(events):
    """Occurrences of `events` (a page queryset), soonest first, with their event."""
    return EventOccurrence.objects.filter(event__in=events).select_related("event").order_by("start", "pk")


def with_confirmed_count(occurrences):
    """`confirmed_count`, the confirmed registrations of each occurrence's event, as a subquery to filter on."""
    confirmed = (
        Registration.objects.filter(event_id=OuterRef("event_id"), status=Registration.Status.CONFIRMED)
        .order_by()
        .values("event_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return occurrences.alias(confirmed_count=Coalesce(Subquery(confirmed, output_field=IntegerField()), Value(0)))


def describe(occurrences, locale_id: int, *, names: bool = True, faculty_names=None, type_names=None) -> None:
    """Set on each occurrence what listings show: `places_left` (None when unlimited) and, with `names`,
    `faculty_short_name`, `faculty_name`, `type_id` and `type_name` in the given locale (falling back to the
    row the event points to). One query for the places, one for each map of names not given
    (`faculty_names`: {translation key: name}; `type_names`: {translation key: (id, name)})."""
    occurrences = list(occurrences)
    confirmed = confirmed_counts({occurrence.event_id for occurrence in occurrences})
    if names:
        events = [occurrence.event for occurrence in occurrences]
        if faculty_names is None:
            keys = {event.faculty.translation_key for event in events if event.faculty}
            faculty_names = dict(
                Faculty.objects.filter(translation_key__in=keys, locale_id=locale_id).values_list(
                    "translation_key", "name"
                )
            )
        if type_names is None:
            keys = {event.event_type.translation_key for event in events if event.event_type}
            type_names = {
                key: (pk, name)
                for key, pk, name in EventType.objects.filter(
                    translation_key__in=keys, locale_id=locale_id
                ).values_list("translation_key", "pk", "name")
            }
    for occurrence in occurrences:
        event = occurrence.event
        capacity = event.capacity
        occurrence.places_left = None if capacity is None else max(capacity - confirmed.get(event.pk, 0), 0)
        if not names:
            continue
        faculty, event_type = event.faculty, event.event_type
        occurrence.faculty_short_name = faculty.short_name if faculty else None
        occurrence.faculty_name = faculty_names.get(faculty.translation_key, faculty.name) if faculty else None
        localized_type = type_names.get(event_type.translation_key) if event_type else None
        occurrence.type_id, occurrence.type_name = localized_type or (
            (event_type.pk, event_type.name) if event_type else (None, None)
        )


def confirmed_counts(event_ids) -> dict[int, int]:
    """Confirmed registrations per event, for the events that have any: one query."""
    if not event_ids:
        return {}
    return dict(
        Registration.objects.filter(event_id__in=event_ids, status=Registration.Status.CONFIRMED)
        .order_by()
        .values_list("event_id")
        .annotate(count=Count("pk"))
    )


def load_page(page_obj, filterset, images, request) -> None:
    """Fill a page of the paginated occurrence list in two steps: the page's ids, sorted and filtered over every
    matching occurrence, then those rows with everything they show. Sorting thousands of narrow rows instead of
    wide ones (each with its event page) halves the listing's query time on a large calendar."""
    paginator = page_obj.paginator
    start = (page_obj.number - 1) * paginator.per_page
    ids = list(
        paginator.object_list.prefetch_related(None).values_list("pk", flat=True)[start : start + paginator.per_page]
    )
    rows = EventOccurrence.objects.filter(pk__in=ids).select_related("event__faculty", "event__event_type")
    rows = {row.pk: row for row in prefetch_images(rows, *images)} if ids else {}
    page_obj.object_list = [rows[pk] for pk in ids if pk in rows]
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


def query_string(request, **changes) -> str:
    """The current query string with some parameters replaced (a None value removes one); never the page."""
    params = request.GET.copy()
    params.pop("page", None)
    for name, value in changes.items():
        params.pop(name, None)
        if value is not None:
            params[name] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@dataclass
class GridEntry:
    """An occurrence in a day cell: only what the cell shows. A busy month has hundreds: plain values cost a
    fraction of the page objects (and of date filters in the template)."""

    title: str
    url: str | None
    start: datetime.datetime  # local time
    full: bool

    @property
    def iso(self) -> str:
        return self.start.isoformat()

    @property
    def time(self) -> str:
        return self.start.strftime("%H:%M")


def grid_entries(occurrences, request) -> list[GridEntry]:
    """The filtered occurrences of a month as grid entries, in two queries (occurrences, registrations)."""
    fields = ("start", "event_id", "event__title", "event__slug", "event__path", "event__depth", "event__url_path")
    rows = list(occurrences.values(*fields, "event__locale_id", "event__capacity"))
    confirmed = confirmed_counts({row["event_id"] for row in rows if row["event__capacity"] is not None})
    urls, zone = SiblingUrls(request), timezone.get_current_timezone()

    def page(row):
        return EventPage(
            id=row["event_id"],
            path=row["event__path"],
            depth=row["event__depth"],
            slug=row["event__slug"],
            url_path=row["event__url_path"],
            locale_id=row["event__locale_id"],
        )

    return [
        GridEntry(
            title=row["event__title"],
            url=urls.url(row["event__path"], row["event__slug"], lambda row=row: page(row)),
            start=timezone.localtime(row["start"], zone),
            full=row["event__capacity"] is not None and confirmed.get(row["event_id"], 0) >= row["event__capacity"],
        )
        for row in rows
    ]


@dataclass
class CalendarDay:
    date: datetime.date
    in_month: bool
    is_today: bool
    occurrences: list = field(default_factory=list)


def month_weeks(month: datetime.date, entries, today: datetime.date) -> list[list[CalendarDay]]:
    """Monday-first weeks covering the month; each day with its grid entries (by local start date)."""
    by_day = defaultdict(list)
    for entry in entries:
        by_day[entry.start.date()].append(entry)
    return [
        [
            CalendarDay(day, day.month == month.month, day == today, by_day[day] if day.month == month.month else [])
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(month.year, month.month)
    ]


def weekday_headers() -> list[dict[str, str]]:
    """Monday to Sunday in the active language (lowercase in Romanian), with a three-letter short form."""
    return [{"name": str(WEEKDAYS[day]), "short": str(WEEKDAYS[day])[:3]} for day in range(7)]


def describe_errors(filterset) -> None:
    """Point each invalid field at its error message (rendered with the id `<field id>_error`)."""
    if not filterset.is_bound:
        return
    form = filterset.form
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": f"{form[name].auto_id}_error"}
            )


def list_links(request) -> dict[str, str]:
    """From the list: the month grid with the same faculty, type and free-places filters."""
    return {"month_view_query": query_string(request, view="month", **{"from": None, "to": None, "when": None})}


def month_context(page, request) -> dict:
    """The month grid: the month's occurrences, filtered like the list, with links to the months around it."""
    filterset = MonthFilterSet(
        request.GET or None,
        queryset=page.get_listing_queryset(request),
        request=request,
        aggregated=page.is_aggregated,
        locale_id=page.locale_id,
    )
    context = {
        "filterset": filterset,
        "calendar_view": "month",
        "list_view_query": query_string(request, view=None, month=None),
        "weekdays": weekday_headers(),
    }
    today = timezone.localdate()
    context["this_month_query"] = query_string(request, view="month", month=today.strftime("%Y-%m"))
    month = filterset.month_shown
    describe_errors(filterset)
    if month is None:
        return context
    before, after = previous_month(month), next_month(month)
    weeks = month_weeks(month, grid_entries(filterset.qs, request), today)
    context.update(
        month=month,
        weeks=weeks,
        month_has_events=any(day.occurrences for week in weeks for day in week),
        previous_month=before,
        next_month=after,
        previous_month_query=(
            query_string(request, view="month", month=before.strftime("%Y-%m")) if before.year >= FIRST_YEAR else None
        ),
        next_month_query=(
            query_string(request, view="month", month=after.strftime("%Y-%m")) if after.year <= LAST_YEAR else None
        ),
        is_this_month=(month.year, month.month) == (today.year, today.month),
    )
    return context
