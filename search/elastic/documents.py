"""What Elasticsearch holds of the site's records, as elasticsearch-dsl documents: public fields only.

- A listed person (`DirectoryPerson`): their name and faculty, which whoever may see the listing sees, and each
  guarded field (cycle, year, sector, country, help offers) twice at most: under `public` when everyone may see
  it, under `alumni` when signed-in alumni may. Both come from `alumni.privacy.profile_for`, so a field a person
  keeps for the office, their e-mail, phone, employer and notes never reach the index. The directory's search
  reads the block of the viewer's audience (search.elastic.directory).
- An active protocol (`ActiveProtocol`): what its public listing shows; never the terms, the registration
  number, the signed file or the evaluation.
- A gala winner (`GalaWinner`): what the winners' archive shows (name, category, faculty, year); never the
  reason, the proposer or the jury's notes.

Each kind's `source(instance)` is the document for one record, or None when the record must not be indexed.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from elasticsearch.dsl import Date, Document, InnerDoc, Integer, Keyword, Long, Object, Text

from search.elastic.analysis import folded_keyword, name_folded, name_prefix, romanian_folded

# The guarded fields a directory listing filters and counts by (alumni.filters.GUARDED_BY).
GUARDED_FIELDS = ("study_cycle", "graduation_year", "sector", "country", "help_offers")


def _name_field() -> Text:
    return Text(
        analyzer=name_folded,
        fields={
            "prefix": Text(analyzer=name_prefix, search_analyzer=name_folded),
            "folded": Keyword(normalizer=folded_keyword),
        },
    )


def _text_field(analyzer) -> Text:
    """Text as the site search reads it: analysed, and whole as a folded keyword (`.folded`) for its word parts."""
    return Text(analyzer=analyzer, fields={"folded": Keyword(normalizer=folded_keyword)})


class GuardedFields(InnerDoc):
    """The guarded fields one audience may see of a person; absent when hidden from it or empty."""

    study_cycle = Keyword()
    graduation_year = Integer()
    sector = Keyword()
    country = Keyword()
    help_offers = Keyword(multi=True)


class DirectoryPerson(Document):
    name = _name_field()
    sort_key = Keyword()
    faculty_id = Integer()
    faculty_key = Keyword()
    public = Object(GuardedFields)
    alumni = Object(GuardedFields)


class ActiveProtocol(Document):
    title = Text(
        analyzer=romanian_folded,
        fields={
            "prefix": Text(analyzer=name_prefix, search_analyzer=name_folded),
            "folded": Keyword(normalizer=folded_keyword),
            "sort": Keyword(),  # the database path's order: title as written, then id
        },
    )
    partner_name = _name_field()
    target_programme = _text_field(romanian_folded)
    faculty_id = Integer()
    faculty_key = Keyword()
    starts_on = Date()
    ends_on = Date()
    record_id = Long()  # the tie-breaker of the site search's order (sorting on _id is off in Elasticsearch 8)


class GalaWinner(Document):
    name = Text(
        analyzer=name_folded,
        fields={
            "prefix": Text(analyzer=name_prefix, search_analyzer=name_folded),
            "folded": Keyword(normalizer=folded_keyword),
            "sort": Keyword(),
        },
    )
    category_key = Keyword()
    faculty_key = Keyword()
    edition_key = Keyword()
    year = Integer()
    edition_starts_at = Date()  # newest edition first, as the winners' archive and the database path
    record_id = Long()


def _guarded(profile) -> dict[str, Any]:
    return {name: profile.fields[name] for name in GUARDED_FIELDS if name in profile.fields}


def person_source(alumnus) -> dict[str, Any] | None:
    """The directory document of one person (loaded with faculty and communities), or None unless listed."""
    from alumni.models import Visibility
    from alumni.privacy import PUBLIC, Viewer, profile_for

    public = profile_for(alumnus, PUBLIC)
    if public is None:
        return None
    alumni = profile_for(alumnus, Viewer(audience=Visibility.ALUMNI))
    return {
        "name": public.full_name,
        "sort_key": alumnus.sort_key,
        "faculty_id": alumnus.faculty_id,
        "faculty_key": str(alumnus.faculty.translation_key),
        "public": _guarded(public),
        "alumni": _guarded(alumni),
    }


def protocol_source(protocol) -> dict[str, Any] | None:
    from protocols.models import Protocol

    if not (protocol.live and protocol.stage == Protocol.Stage.ACTIVE):
        return None
    return {
        "title": protocol.title,
        "partner_name": protocol.partner_name,
        "target_programme": protocol.target_programme,
        "faculty_id": protocol.faculty_id,
        "faculty_key": str(protocol.faculty.translation_key),
        "starts_on": protocol.starts_on,
        "ends_on": protocol.ends_on,
        "record_id": protocol.pk,
    }


def winner_source(nomination) -> dict[str, Any] | None:
    from gala.models import Nomination

    if nomination.status != Nomination.Status.WINNER:
        return None
    return {
        "name": nomination.nominee_name,
        "category_key": str(nomination.category.translation_key),
        "faculty_key": str(nomination.faculty.translation_key),
        "edition_key": str(nomination.edition.translation_key),
        "year": nomination.edition.starts_at.year,
        "edition_starts_at": nomination.edition.starts_at.isoformat(),
        "record_id": nomination.pk,
    }


def _people() -> QuerySet:
    from alumni.models import Alumnus
    from alumni.privacy import PUBLIC, visible_alumni, with_profile_relations

    return with_profile_relations(visible_alumni(PUBLIC, Alumnus.objects.all())).order_by("pk")


def _protocols() -> QuerySet:
    from protocols.models import Protocol

    return Protocol.objects.shown_publicly().select_related("faculty").order_by("pk")


def _winners() -> QuerySet:
    from gala.models import Nomination

    return Nomination.objects.winners().select_related("category", "faculty", "edition").order_by("pk")


@dataclass(frozen=True)
class DocumentType:
    """One kind of indexed record: its document class, the model, the records to index and how each looks."""

    kind: str
    document: type[Document]
    model_label: str
    indexed: Callable[[], QuerySet]
    source: Callable[[Any], dict[str, Any] | None]

    @property
    def alias(self) -> str:
        """The name the site reads and writes: an alias of the newest built index."""
        return f"{settings.ELASTICSEARCH_INDEX_PREFIX}{self.kind}"

    def body(self) -> dict[str, Any]:
        """The new index's settings (our analyzers) and mappings (the document's fields)."""
        from search.elastic.analysis import analysis_settings

        return {
            "settings": {"analysis": analysis_settings()},
            "mappings": self.document._doc_type.mapping.to_dict(),
        }

    def sources(self, records: Iterable[Any]) -> list[tuple[int, dict[str, Any] | None]]:
        return [(record.pk, self.source(record)) for record in records]


DOCUMENT_TYPES: dict[str, DocumentType] = {
    "directory": DocumentType("directory", DirectoryPerson, "alumni.Alumnus", _people, person_source),
    "protocols": DocumentType("protocols", ActiveProtocol, "protocols.Protocol", _protocols, protocol_source),
    "winners": DocumentType("winners", GalaWinner, "gala.Nomination", _winners, winner_source),
}


def document_type_for(model) -> DocumentType | None:
    label = model._meta.label
    return next((doc_type for doc_type in DOCUMENT_TYPES.values() if doc_type.model_label == label), None)
