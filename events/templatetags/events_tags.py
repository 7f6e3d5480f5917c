"""Template tags that put upcoming events on pages outside the events app (home and faculty pages)."""

from django import template
from django.db.models import Q
from django.utils import timezone

from events.models import EventPage
from home.images import prefetch_images

register = template.Library()


@register.inclusion_tag("events/includes/upcoming_events.html", takes_context=True)
def upcoming_events(context, page, limit: int = 3):
    """The next `limit` live, public events below `page`, in three queries whatever their number."""
    now = timezone.now()
    events = (
        EventPage.objects.descendant_of(page)
        .live()
        .public()
        .filter(Q(start__gte=now) | Q(end__gte=now))
        .order_by("start", "pk")
    )
    return {
        "request": context.get("request"),
        "events": list(prefetch_images(events, "listing_image", "image")[:limit]),
        "page": page,
    }
