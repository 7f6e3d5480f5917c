"""The event index's two views of the same filtered occurrences: a paginated list (the page's address) and a
month grid (its `month/` route).

Both query occurrences (EventOccurrence rows joined to live, public event pages): filtering, sorting and
counting happen in SQL over every occurrence (the free-places filter with a subquery); what a view shows
besides the event (names in the visitor's language, places left) is added to the displayed rows afterwards, in
one query each. The number of queries does not depend on the number of events.
"""

import datetime
from calendar import MONDAY, Calendar
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.dates import WEEKDAYS

from events.dates import FIRST_YEAR, LAST_YEAR, next_month, previous_month
from events.filters import EventFilterSet, MonthFilterSet
from events.listing import SiblingUrls, load_page
from events.models import EventIndexPage, EventPage, Registration
from home.pagination import paginate


def list_context(page: EventIndexPage, request) -> dict:
    """The list: a page of the filtered occurrences, with a link to the month grid keeping the filters."""
    filterset = calendar_filterset(EventFilterSet, page, request)
    occurrences = filterset.queryset.none() if filterset.is_bound and not filterset.is_valid() else filterset.qs
    events = paginate(request, occurrences, page.items_per_page)
    load_page(events, filterset, page.listing_images, request)
    describe_errors(filterset)
    month_query = query_string(request, **{"from": None, "to": None, "when": None})
    return {
        "filterset": filterset,
        "events": events,
        "calendar_view": "list",
        "list_url": f"?{request.GET.urlencode()}",
        "month_url": page.month_url(request) + month_query,
    }


def month_context(page: EventIndexPage, request) -> dict:
    """The month grid: the month's occurrences, filtered like the list, with links to the months around it."""
    filterset = calendar_filterset(MonthFilterSet, page, request)
    today = timezone.localdate()
    context = {
        "filterset": filterset,
        "calendar_view": "month",
        "list_url": page.get_url(request) + query_string(request, month=None),
        "month_url": f"?{request.GET.urlencode()}",
        "weekdays": weekday_headers(),
        "this_month_query": query_string(request, month=today.strftime("%Y-%m")),
    }
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
        previous_month_query=query_string(request, month=f"{before:%Y-%m}") if before.year >= FIRST_YEAR else None,
        next_month_query=query_string(request, month=f"{after:%Y-%m}") if after.year <= LAST_YEAR else None,
        is_this_month=(month.year, month.month) == (today.year, today.month),
    )
    return context


def calendar_filterset(filterset_class, page: EventIndexPage, request):
    """A filter set of the calendar's occurrences, from the query string, in the page's language; a faculty's
    calendar has no faculty filter."""
    return filterset_class(
        request.GET or None,
        queryset=page.occurrences(),
        request=request,
        aggregated=page.is_aggregated,
        locale_id=page.locale_id,
    )


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


# The month grid -------------------------------------------------------------------------------------------


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


@dataclass
class CalendarDay:
    date: datetime.date
    in_month: bool
    is_today: bool
    occurrences: list = field(default_factory=list)


def grid_entries(occurrences, request) -> list[GridEntry]:
    """The filtered occurrences of a month as grid entries, in two queries (occurrences, registrations)."""
    fields = ("start", "event_id", "event__title", "event__slug", "event__path", "event__depth", "event__url_path")
    rows = list(occurrences.values(*fields, "event__locale_id", "event__capacity"))
    confirmed = Registration.objects.confirmed_counts(
        {row["event_id"] for row in rows if row["event__capacity"] is not None}
    )
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
        for week in Calendar(firstweekday=MONDAY).monthdatescalendar(month.year, month.month)
    ]


def weekday_headers() -> list[dict[str, str]]:
    """Monday to Sunday in the active language (lowercase in Romanian), with a three-letter short form."""
    return [{"name": str(WEEKDAYS[day]), "short": str(WEEKDAYS[day])[:3]} for day in range(7)]
