"""The directory's name search on the database: each typed word is a prefix of a word of a listed person's folded
name, looked up on an index of those words (`NameWord`), the same on SQLite and PostgreSQL.

It replaces matching the full-text index from inside the directory's queries, which SQLite ran once per person
and PostgreSQL ranked over every row: 10,000 matches for "pop" among 200,000 people took 113 ms to find on SQLite
before counting anything, where a range of this index takes a few. The search backend still indexes people for
the site search and Elasticsearch; a test checks both find the same people.

Kept up to date in the writing transaction: every save of a person rewrites their words when their name or
listing changed (signals, below); deleting a person deletes theirs (cascade); writes that send no signals call
`refresh(ids)` (imports, erasure) or `rebuild()` (demo data, bulk scripts, `manage.py rebuild_directory_counts`).
"""

import re
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.signals import post_save

from alumni.models import Alumnus, NameWord
from alumni.models.people import listed_q
from home.text import fold_diacritics

CHUNK = 5000
WORD_LENGTH = 100


def words_of(folded_name: str) -> set[str]:
    """The distinct words of a folded name, as a search splits what is typed (`alumni.filters.search_terms`)."""
    return {word[:WORD_LENGTH] for word in re.findall(r"\w+", fold_diacritics(folded_name))}


def _prefix_q(term: str) -> Q:
    # Words are folded to lower-case letters and digits: every word starting with `term` sorts in [term, next).
    upper = term[:-1] + chr(ord(term[-1]) + 1)
    return Q(word__gte=term, word__lt=upper)


def matching_ids(terms: list[str]) -> QuerySet:
    """A subquery of the ids of listed people with a word of their name starting with each of `terms` (plain
    word characters, folded: `alumni.filters.search_terms`)."""
    terms = sorted({term[:WORD_LENGTH] for term in terms if term}, key=len, reverse=True)
    if not terms:
        return Alumnus.objects.none().values("pk")
    ids = NameWord.objects.filter(_prefix_q(terms[0]))
    for term in terms[1:]:
        ids = ids.filter(alumnus_id__in=NameWord.objects.filter(_prefix_q(term)).values("alumnus_id"))
    return ids.values("alumnus_id")


def _rows(people) -> list[NameWord]:
    return [NameWord(alumnus_id=pk, word=word) for pk, name in people for word in words_of(name)]


def refresh(ids: Iterable[int]) -> None:
    """Rewrite the words of these people: the listed ones' from their names, none for the others."""
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        NameWord.objects.filter(alumnus_id__in=chunk).delete()
        listed = Alumnus.objects.filter(listed_q(), pk__in=chunk).values_list("pk", "folded_name")
        NameWord.objects.bulk_create(_rows(listed), batch_size=2000)


def rebuild() -> int:
    """Every listed person's words afresh; returns the number of words."""
    with transaction.atomic():
        NameWord.objects.all().delete()
        listed = Alumnus.objects.filter(listed_q()).order_by().values_list("pk", "folded_name")
        rows = _rows(listed.iterator(chunk_size=CHUNK))
        NameWord.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _after_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    wanted = words_of(instance.folded_name) if instance.is_listed else set()
    stored = set(NameWord.objects.filter(alumnus_id=instance.pk).values_list("word", flat=True))
    if wanted != stored:
        NameWord.objects.filter(alumnus_id=instance.pk, word__in=stored - wanted).delete()
        NameWord.objects.bulk_create([NameWord(alumnus_id=instance.pk, word=word) for word in wanted - stored])


def connect_signals() -> None:
    post_save.connect(_after_save, sender=Alumnus, dispatch_uid="name-words-after-save")
