"""The directory's search and facets on Elasticsearch, answered in the shape of the SQL path
(alumni.directory): ids in Romanian alphabetical order, the total, and {facet: {value: count}}.

`DirectorySearch` is an elasticsearch-dsl `FacetedSearch` over `DirectoryPerson`. Like the SQL path, counts are
disjunctive (a facet's counts ignore its own filters, alumni.filters.FACET_FILTERS) and the guarded fields are
read from the viewer's audience block only, so a count never reveals a field the viewer may not see. Every
terms aggregation is sized for all its values (faculties counted in the database, sectors, cycles and years
from their choices, countries from ELASTICSEARCH_COUNTRY_FACET_SIZE): Elasticsearch's default of 10 buckets
would silently drop the rest.

A signed-in alumnus's own fields that they keep for the office are not in the index; the SQL path counts them
for their own eyes, this one does not.
"""

from typing import Any

from django.conf import settings
from elasticsearch.dsl import FacetedSearch, Q, TermsFacet
from elasticsearch.dsl.faceted_search import Facet

from alumni.filters import ANY_HELP, FACET_FILTERS, FIRST_DECADE, DirectoryFilterSet, decade_of, search_terms
from alumni.models import FIRST_GRADUATION_YEAR, HelpOffer, Sector, StudyCycle, Visibility, last_graduation_year
from home.models import Faculty
from search.elastic.documents import DOCUMENT_TYPES, DirectoryPerson


class HelpFacet(Facet):
    """Willing to help: any kind of help, or one kind, as one `filters` aggregation with a bucket each."""

    agg_type = "filters"

    def __init__(self, field: str):
        self.field = field
        filters = {ANY_HELP: {"exists": {"field": field}}}
        filters |= {offer: {"term": {field: offer}} for offer in HelpOffer.values}
        super().__init__(filters=filters)

    def get_value_filter(self, filter_value):
        if filter_value == ANY_HELP:
            return Q("exists", field=self.field)
        return Q("term", **{self.field: filter_value})


class YearFacet(TermsFacet):
    """Graduation years (the decade facet adds them up); a decade or a year filters on the same field."""

    def get_value_filter(self, filter_value):
        kind, value = filter_value
        if kind == "year":
            return Q("term", **{self._params["field"]: int(value)})
        start = int(value)
        first = FIRST_GRADUATION_YEAR if start == FIRST_DECADE else start
        return Q("range", **{self._params["field"]: {"gte": first, "lte": start + 9}})

    def add_filter(self, filter_values):
        return Facet.add_filter(self, filter_values)


def facet_sizes() -> dict[str, int]:
    """How many buckets each terms aggregation asks for: every value there can be."""
    return {
        "faculty": max(Faculty.objects.count(), 1),
        "cycle": len(StudyCycle.values),
        "decade": last_graduation_year() - FIRST_GRADUATION_YEAR + 1,
        "sector": len(Sector.values),
        "country": settings.ELASTICSEARCH_COUNTRY_FACET_SIZE,
    }


class DirectorySearch(FacetedSearch):
    doc_types = [DirectoryPerson]

    def __init__(self, query: str = "", filters: dict | None = None, *, audience: str = Visibility.PUBLIC, using=None):
        self.index = DOCUMENT_TYPES["directory"].alias
        self.using = using or "default"
        block = "alumni" if audience in (Visibility.ALUMNI, Visibility.OFFICE) else "public"
        sizes = facet_sizes()
        self.facets = {
            "faculty": TermsFacet(field="faculty_key", size=sizes["faculty"]),
            "cycle": TermsFacet(field=f"{block}.study_cycle", size=sizes["cycle"]),
            "decade": YearFacet(field=f"{block}.graduation_year", size=sizes["decade"]),
            "sector": TermsFacet(field=f"{block}.sector", size=sizes["sector"]),
            "country": TermsFacet(field=f"{block}.country", size=sizes["country"]),
            "help": HelpFacet(f"{block}.help_offers"),
        }
        super().__init__(query or None, filters or {}, sort=["sort_key", "_id"])

    def search(self):
        # Total counts exact past 10,000 people; no highlighting or scores: the listing is alphabetical.
        return super().search().extra(track_total_hits=True).source(False)

    def query(self, search, query):
        terms = search_terms(query or "")
        if not terms:
            return search
        return search.query("match", **{"name.prefix": {"query": terms, "operator": "and"}})

    def highlight(self, search):
        return search

    def aggregate(self, search):
        """Each facet's counts under every active filter except its own (FACET_FILTERS): a chosen year is
        the decade facet's own filter too."""
        for name, facet in self.facets.items():
            scope = Q("match_all")
            for filter_name, filter_query in self._filters.items():
                if filter_name not in FACET_FILTERS[name]:
                    scope &= filter_query
            search.aggs.bucket(f"_filter_{name}", "filter", filter=scope).bucket(name, facet.get_aggregation())


def filters_from(filterset: DirectoryFilterSet) -> dict[str, Any]:
    """The FacetedSearch filters of a valid filterset's values (faculty short names become translation keys)."""
    data = filterset.form.cleaned_data
    filters: dict[str, Any] = {}
    if data.get("faculty") and "faculty" in filterset.filters:
        filters["faculty"] = str(filterset.faculties.key_for_short_name[data["faculty"]])
    if filterset.faculty_key is not None:
        filters["faculty"] = str(filterset.faculty_key)
    if data.get("cycle"):
        filters["cycle"] = data["cycle"]
    if data.get("year") not in (None, ""):
        filters["decade"] = [("year", data["year"])]
        if data.get("decade"):
            filters["decade"].append(("decade", data["decade"]))
    elif data.get("decade"):
        filters["decade"] = [("decade", data["decade"])]
    if data.get("sector"):
        filters["sector"] = data["sector"]
    if (data.get("country") or "").strip():
        filters["country"] = data["country"].strip()
    if data.get("help"):
        filters["help"] = data["help"]
    return filters


def directory_search(filterset: DirectoryFilterSet, *, using=None) -> DirectorySearch:
    search = DirectorySearch(
        filterset.form.cleaned_data.get("q") or "",
        filters_from(filterset),
        audience=filterset.viewer.audience,
        using=using,
    )
    return search


def counts_from_response(response: dict[str, Any], filterset: DirectoryFilterSet) -> dict[str, dict[str, int]]:
    """{facet: {value: count}} as alumni.directory.facets.facet_counts gives it, from a raw search response."""
    aggregations = response.get("aggregations", {})

    def buckets(name: str):
        data = aggregations.get(f"_filter_{name}", {}).get(name, {}).get("buckets", [])
        return data.items() if isinstance(data, dict) else ((bucket["key"], bucket) for bucket in data)

    counts: dict[str, dict[str, int]] = {}
    if "faculty" in filterset.filters:
        faculty_counts: dict[str, int] = {}
        keys = {str(key): key for key in filterset.faculties.by_key}
        for key, bucket in buckets("faculty"):
            short_name = filterset.faculties.short_name_for_key(keys.get(str(key)))
            if short_name:
                faculty_counts[short_name] = faculty_counts.get(short_name, 0) + bucket["doc_count"]
        counts["faculty"] = faculty_counts
    counts["cycle"] = {key: bucket["doc_count"] for key, bucket in buckets("cycle")}
    decades: dict[str, int] = {}
    for year, bucket in buckets("decade"):
        decades[decade_of(int(year))] = decades.get(decade_of(int(year)), 0) + bucket["doc_count"]
    counts["decade"] = decades
    counts["sector"] = {key: bucket["doc_count"] for key, bucket in buckets("sector")}
    countries: dict[str, list] = {}
    for spelling, bucket in buckets("country"):
        entry = countries.setdefault(spelling.casefold(), [spelling, 0, 0])
        if bucket["doc_count"] > entry[1]:
            entry[0], entry[1] = spelling, bucket["doc_count"]
        entry[2] += bucket["doc_count"]
    counts["country"] = {spelling: total for spelling, _most, total in countries.values()}
    counts["help"] = {value: bucket["doc_count"] for value, bucket in buckets("help")}
    for value in (ANY_HELP, *HelpOffer.values):
        counts["help"].setdefault(value, 0)
    return counts


def ids_from_response(response: dict[str, Any]) -> list[int]:
    return [int(hit["_id"]) for hit in response.get("hits", {}).get("hits", [])]


def total_from_response(response: dict[str, Any]) -> int:
    total = response.get("hits", {}).get("total", 0)
    return total["value"] if isinstance(total, dict) else int(total)


class SearchedDirectory:
    """The directory's answer from Elasticsearch for one filterset, as alumni.directory reads it: `count()`,
    `facet_counts`, and slices of person ids in alphabetical order. The first request brings the total and the
    facets; each slice asks for its page of ids only."""

    def __init__(self, filterset: DirectoryFilterSet, client=None):
        from search.elastic.indexing import get_client

        self.filterset = filterset
        self.client = client or get_client()
        self.search = directory_search(filterset)
        response = self._send(self.search._s[:0].to_dict())
        self.total = total_from_response(response)
        self.facet_counts = counts_from_response(response, filterset)

    def _send(self, body: dict[str, Any]) -> dict[str, Any]:
        response = self.client.search(index=self.search.index, body=body)
        return response.body if hasattr(response, "body") else response

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("Take a slice of the directory's results.")
        start, stop = key.start or 0, key.stop if key.stop is not None else self.total
        if stop <= start:
            return []
        body = self.search._s.extra(size=stop - start, from_=start).to_dict()
        body.pop("aggs", None)
        return ids_from_response(self._send(body))


def register() -> None:
    """Make the directory answer from Elasticsearch (called from search's ready() when ELASTICSEARCH_URL is set)."""
    from alumni.directory.listing import register_directory_search
    from search.elastic.resilient import searched_directory

    register_directory_search(searched_directory)  # the database answers while the cluster is unreachable
