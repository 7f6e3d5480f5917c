"""The directory's stored counts (`DirectoryCount`): what the facets show before any filter but the faculty,
read in one query instead of counting 200,000 people on every cold page.

Kept up to date two ways, both in the writing transaction:
- every save and delete of a person moves the counters their row leaves and enters (signals, below: two reads
  by id, and writes only when a counted value changed);
- writes that send no signals (imports, the demo data, bulk scripts, erasure's update) call `rebuild()`, or
  `track(ids)` around the write; `manage.py rebuild_directory_counts` rebuilds them on demand.
A test compares the counters with a fresh count after each kind of change.
"""

from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Count, F
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from alumni.models import Alumnus, DirectoryCount
from alumni.models.people import DIRECTORY_AUDIENCES, DIRECTORY_FIELDS, directory_column, listed_q

LISTED = ""  # the field name of the counter of listed people themselves
_COLUMNS = [directory_column(audience, field) for audience in DIRECTORY_AUDIENCES for field in DIRECTORY_FIELDS]

Key = tuple[str, int, str, str]


def _contributions(rows: Iterable[dict]) -> Counter[Key]:
    counters: Counter[Key] = Counter()
    for row in rows:
        listed = row["status"] == Alumnus.Status.APPROVED and row["consent_directory"]
        for audience in DIRECTORY_AUDIENCES:
            if listed:
                counters[(audience, row["faculty_id"], LISTED, "")] += 1
            for field_name in DIRECTORY_FIELDS:
                value = row[directory_column(audience, field_name)]
                if value is not None:
                    counters[(audience, row["faculty_id"], field_name, str(value))] += 1
    return counters


def contributions_of(ids: Iterable[int]) -> Counter[Key]:
    """The counters these people's rows are counted in now (one query)."""
    ids = list(ids)
    if not ids:
        return Counter()
    rows = Alumnus.objects.filter(pk__in=ids).values("faculty_id", "status", "consent_directory", *_COLUMNS)
    return _contributions(rows)


def apply(before: Counter[Key], after: Counter[Key]) -> None:
    """Move the counters from `before` to `after`: one update per counter that changed (and an insert for a
    counter seen for the first time)."""
    delta = Counter(after)
    delta.subtract(before)
    changed = {key: by for key, by in delta.items() if by}
    if not changed:
        return
    DirectoryCount.objects.bulk_create(
        [
            DirectoryCount(audience=a, faculty_id=f, field_name=n, value=v, count=0)
            for (a, f, n, v), by in changed.items()
            if by > 0
        ],
        ignore_conflicts=True,
    )
    for (audience, faculty_id, field_name, value), by in changed.items():
        DirectoryCount.objects.filter(
            audience=audience, faculty_id=faculty_id, field_name=field_name, value=value
        ).update(count=F("count") + by)


@contextmanager
def track(ids: Iterable[int]):
    """Keep the counters right around a write to these people that sends no signal (an `update()`)."""
    ids = list(ids)
    before = contributions_of(ids)
    yield
    apply(before, contributions_of(ids))


def rebuild(alumnus_model=Alumnus, count_model=DirectoryCount) -> int:
    """Count everyone afresh (one grouped query per stored column, on its index) and replace every counter; the
    models can be a migration's. Returns the number of counters."""
    rows: list = []
    listed = alumnus_model.objects.filter(listed_q())
    for faculty_id, count in (
        listed.order_by().values_list("faculty_id").annotate(n=Count("pk")).values_list("faculty_id", "n")
    ):
        rows += [
            count_model(audience=a, faculty_id=faculty_id, field_name=LISTED, value="", count=count)
            for a in DIRECTORY_AUDIENCES
        ]
    for audience in DIRECTORY_AUDIENCES:
        for field_name in DIRECTORY_FIELDS:
            column = directory_column(audience, field_name)
            grouped = (
                alumnus_model.objects.filter(**{f"{column}__isnull": False})
                .order_by()
                .values_list("faculty_id", column)
                .annotate(n=Count("pk"))
                .values_list("faculty_id", column, "n")
            )
            rows += [
                count_model(audience=audience, faculty_id=faculty_id, field_name=field_name, value=str(value), count=n)
                for faculty_id, value, n in grouped
            ]
    with transaction.atomic():
        count_model.objects.all().delete()
        count_model.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def stored_rows(audience: str) -> list[tuple[int, str, str, int]]:
    """Every counter of this audience above zero: (faculty id, field name, value, count); one query."""
    counters = DirectoryCount.objects.filter(audience=audience, count__gt=0)
    return list(counters.values_list("faculty_id", "field_name", "value", "count"))


def stored_counts(audience: str, faculty_ids: list[int] | None, rows=None) -> dict[str, Counter]:
    """{field name: Counter(value: count)} for this audience over these faculty rows (all when None), and
    {faculty id: listed people} under LISTED; one query (none when given the audience's `stored_rows`)."""
    result: dict[str, Counter] = {field_name: Counter() for field_name in (LISTED, *DIRECTORY_FIELDS)}
    for faculty_id, field_name, value, count in stored_rows(audience) if rows is None else rows:
        if field_name == LISTED:
            result[LISTED][faculty_id] += count
        elif faculty_ids is None or faculty_id in faculty_ids:
            result[field_name][value] += count
    return result


# --- signals -----------------------------------------------------------------------------------------------------


def _before_save(sender, instance, raw=False, **kwargs):
    if instance.pk is not None and not raw:
        instance._directory_counted = contributions_of([instance.pk])


def _after_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    apply(instance.__dict__.pop("_directory_counted", Counter()), contributions_of([instance.pk]))


def _before_delete(sender, instance, **kwargs):
    instance._directory_counted = contributions_of([instance.pk])


def _after_delete(sender, instance, **kwargs):
    apply(instance.__dict__.pop("_directory_counted", Counter()), Counter())


def connect_signals() -> None:
    pre_save.connect(_before_save, sender=Alumnus, dispatch_uid="directory-counts-before-save")
    post_save.connect(_after_save, sender=Alumnus, dispatch_uid="directory-counts-after-save")
    pre_delete.connect(_before_delete, sender=Alumnus, dispatch_uid="directory-counts-before-delete")
    post_delete.connect(_after_delete, sender=Alumnus, dispatch_uid="directory-counts-after-delete")
