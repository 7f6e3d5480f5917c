"""Rendition specs shared by templates and the listings that prefetch them."""

from django.db.models import Prefetch, QuerySet
from wagtail.images import get_image_model

# Cards: 16:9 crops in WebP, two widths for the srcset. Templates use the same specs.
CARD_RENDITIONS = ("fill-480x270|format-webp", "fill-960x540|format-webp")
HERO_RENDITIONS = ("fill-800x400|format-webp", "fill-1600x800|format-webp")


def prefetch_images(queryset: QuerySet, *fields: str, specs=CARD_RENDITIONS) -> QuerySet:
    """Load each image field of a listing and its renditions in two queries per field, whatever the length."""
    image_queryset = get_image_model().objects.prefetch_renditions(*specs)
    return queryset.prefetch_related(*(Prefetch(field, queryset=image_queryset) for field in fields))
