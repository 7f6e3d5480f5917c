"""What the feature apps' API v3 routers share: the `locale` parameter, public access (anonymous or with a
token), and limit/offset pagination with its maximum in the schema that loads each page's rows in one step."""

from typing import Any, Literal

from django.conf import settings
from django.db.models import QuerySet
from ninja import Field
from ninja.pagination import LimitOffsetPagination
from ninja.parser import Parser
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.models import Locale

# A language the site is in, as the `locale` parameter of a route (validated: another value is a 422).
LanguageCode = Literal[tuple(code for code, _name in settings.LANGUAGES)]


class AnonymousReader(AllowAnonymous):
    """Anonymous reads for requests that present no credentials. A request whose Authorization header is not a
    valid token answers 401 (RFC 6750, section 3.1) instead of being read silently as anonymous, so that a client
    with a revoked or mistyped token finds out."""

    def __call__(self, request):
        if request.headers.get("Authorization"):
            return None
        return super().__call__(request)


# Public routes: anyone may read them; a valid token is accepted but grants nothing more, an invalid one is a 401.
PUBLIC_AUTH = [BearerTokenAuth(), AnonymousReader()]
# Far beyond any listing people page through; larger values are a 422 (see home.middleware.ApiGuardMiddleware,
# which applies the same bound to Wagtail's own routes), not a database overflow.
MAX_OFFSET = 10_000


class SingleValueParser(Parser):
    """Reads query strings as the OpenAPI document states them: a parameter declared as one value but given more
    than once (`?country=a&country=b`) stays a list, so that validation answers 422 rather than the last value
    silently winning; parameters declared as arrays are read as lists, as before."""

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        for key, values in data.lists():
            if key not in list_fields and len(values) > 1:
                result[key] = values
        return result


def locale_field(description: str) -> Any:
    """The `locale` parameter of a route's filters: a LanguageCode, the site's default language unless given."""
    return Field(settings.LANGUAGE_CODE, description=description)


def locale_id_for(language_code: str) -> int | None:
    """The id of the site's locale in this language, or None when the site has none."""
    return Locale.objects.filter(language_code=language_code).values_list("pk", flat=True).first()


def limited_input(max_limit: int, noun: str) -> type[LimitOffsetPagination.Input]:
    class Input(LimitOffsetPagination.Input):
        limit: int = Field(default=20, ge=1, le=max_limit, description=f"{noun} per page, at most {max_limit}.")
        offset: int = Field(default=0, ge=0, le=MAX_OFFSET)

    return Input


class LoadingPagination(LimitOffsetPagination):
    """Limit/offset pagination in API v3's envelope, {"count", "items"}: at most `max_limit` items a request (a
    larger limit is a 422, like any invalid parameter). `load_items` turns the requested slice of the queryset
    into what the route returns, so that names, counts and related rows are fetched for those rows only (with
    home.pagination.rows_for_ids where the rows are wide)."""

    max_limit = 50
    noun = "Items"
    Input = limited_input(max_limit, noun)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.Input = limited_input(cls.max_limit, cls.noun)

    def __init__(self, **kwargs):
        kwargs["max_limit"] = self.max_limit
        super().__init__(**kwargs)

    def paginate_queryset(self, queryset: QuerySet, pagination, request, **params) -> dict[str, Any]:
        count = self._items_count(queryset)
        return {"count": count, "items": self.load_items(queryset, pagination.offset, pagination.limit, request)}

    def load_items(self, queryset: QuerySet, start: int, size: int, request) -> list:
        """The items `queryset[start:start + size]`, as the route returns them."""
        return list(queryset[start : start + size])
