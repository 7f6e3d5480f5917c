"""The directory's name search on the database: each typed word is a prefix of a word of a listed person's folded
name, looked up on an index of those words (`NameWord`), the same on SQLite and PostgreSQL.

It replaces matching the full-text index from inside the directory's queries, which SQLite ran once per person
and PostgreSQL ranked over every row: 10,000 matches for "pop" among 200,000 people took 113 ms to find on SQLite
before counting anything, where a range of this index takes a few. The search backend still indexes people for
the site search and Elasticsearch; a test checks both find the same people.

Kept up to date in the writing transaction: every save of a person rewrites their words when their name or
listing changed (signals, below); deleting a person deletes theirs (cascade); writes that send no signals call
`refresh(ids)` (imports, erasure) or `rebuild()` (demo data, bulk scripts, `manage.py rebuild_directory_counts`).

Each word also carries its person's directory row (`NameWord.MIRRORED_COLUMNS`: listed or not, faculty, sort key,
what each audience sees), so a search reads its matches from this index alone instead of looking each of them up
among everyone (10,000 matches: 31 -> 7 ms on PostgreSQL). The database copies that row, never the code: triggers
(`install_mirror`, run after every migration) fill a word in when it is written and rewrite a person's words in the
statement that changes any of those columns, bulk updates included.
"""

import hashlib
import re
from collections.abc import Iterable

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router, transaction
from django.db.models import Q, QuerySet
from django.db.models.signals import post_migrate, post_save, pre_migrate

from alumni.models import Alumnus, NameWord
from alumni.models.name_words import MIRRORED_COLUMNS
from alumni.models.people import LISTED_STATUS, listed_q
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


def matching_words(terms: list[str]) -> QuerySet:
    """The name words (with their people's rows) that match the longest of `terms`, of people with a word matching
    each of the others: a person is there once per matching word. Who may see them: `privacy.visible_name_words`."""
    terms = sorted({term[:WORD_LENGTH] for term in terms if term}, key=len, reverse=True)
    if not terms:
        return NameWord.objects.none()
    words = NameWord.objects.filter(_prefix_q(terms[0]))
    for term in terms[1:]:
        words = words.filter(alumnus_id__in=NameWord.objects.filter(_prefix_q(term)).values("alumnus_id"))
    return words


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
    """Every listed person's words afresh; returns the number of words.

    On PostgreSQL, people's rows cannot change until it commits (their table held in SHARE mode, which lets reads
    through): each new word's trigger reads its person `FOR SHARE` while every old word is locked for deletion, so a
    profile saved meanwhile would wait on the words while the rebuild waited on the person (a deadlock)."""
    connection = connections[router.db_for_write(NameWord)]
    with transaction.atomic(using=connection.alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {connection.ops.quote_name(Alumnus._meta.db_table)} IN SHARE MODE")
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


def connect_signals(app_config) -> None:
    post_save.connect(_after_save, sender=Alumnus, dispatch_uid="name-words-after-save")
    pre_migrate.connect(_before_migrate, sender=app_config, dispatch_uid="name-words-mirror-off")
    post_migrate.connect(_after_migrate, sender=app_config, dispatch_uid="name-words-mirror")


# --- the copies of people's rows, kept by the database ------------------------------------------------------------

MIRROR_PREFIX = "alumni_mirror_"


def _mirror_sql(vendor: str) -> tuple[set[str], list[str], list[str]]:
    """(the triggers' names, which hold their version, the statements that create them, the statements that copy
    every word's row afresh) for this database. Every name in them comes from the models."""
    words, people = NameWord._meta.db_table, Alumnus._meta.db_table
    targets = ("listed", *MIRRORED_COLUMNS)
    listed = f"(a.status = '{LISTED_STATUS}' AND a.consent_directory)"
    sources = ", ".join((listed, *(f"a.{column}" for column in MIRRORED_COLUMNS)))
    watched = ("status", "consent_directory", *MIRRORED_COLUMNS)
    if vendor == "postgresql":
        changed = " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in watched)
        into = ", ".join(f"NEW.{target}" for target in targets)
        # FOR SHARE: a person's row being changed by another transaction is read once that one commits (its own
        # trigger cannot see this word yet), so a word written beside a withdrawn consent never says "listed".
        copy_word = f"SELECT {sources} INTO {into} FROM {people} a WHERE a.id = NEW.alumnus_id FOR SHARE OF a"  # noqa: S608 - names from the models
        # Rewriting a word's person makes the word's own trigger copy the row afresh.
        touch_words = f"UPDATE {words} SET alumnus_id = NEW.id WHERE alumnus_id = NEW.id"  # noqa: S608 - names from the models
        body = [
            "CREATE FUNCTION {name}_word() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"{copy_word}; IF NOT FOUND THEN NEW.listed := false; NEW.sort_key := ''; END IF; RETURN NEW; END $$",
            f"CREATE TRIGGER {{name}}_word BEFORE INSERT OR UPDATE ON {words} "
            "FOR EACH ROW EXECUTE FUNCTION {name}_word()",
            "CREATE FUNCTION {name}_person() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"{touch_words}; RETURN NULL; END $$",
            f"CREATE TRIGGER {{name}}_person AFTER UPDATE ON {people} "
            f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {{name}}_person()",
        ]
        copy_all = [f"UPDATE {words} SET alumnus_id = alumnus_id"]  # noqa: S608 - names from the models
    elif vendor == "sqlite":
        changed = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in watched)
        row = f"SELECT {sources} FROM {people} a WHERE a.id = {words}.alumnus_id"  # noqa: S608 - names from the models
        found = f"EXISTS (SELECT 1 FROM {people} a WHERE a.id = {words}.alumnus_id)"  # noqa: S608 - names from the models
        copy = f"UPDATE {words} SET ({', '.join(targets)}) = ({row}) WHERE {found}"  # noqa: S608 - names from the models
        orphan = f"UPDATE {words} SET listed = 0 WHERE NOT {found}"  # noqa: S608 - names from the models
        word = f"{copy} AND {words}.id = NEW.id; {orphan} AND {words}.id = NEW.id;"
        body = [
            f"CREATE TRIGGER {{name}}_word AFTER INSERT ON {words} BEGIN {word} END",
            # A word edited in place is copied again (a trigger never fires itself on SQLite).
            f"CREATE TRIGGER {{name}}_edit AFTER UPDATE ON {words} BEGIN {word} END",
            f"CREATE TRIGGER {{name}}_person AFTER UPDATE ON {people} WHEN {changed} "
            f"BEGIN {copy} AND {words}.alumnus_id = NEW.id; END",
        ]
        copy_all = [copy, orphan]  # a word without its person is never listed
    else:
        raise _unsupported(vendor)
    version = hashlib.sha256("\n".join(body).encode()).hexdigest()[:10]
    name = f"{MIRROR_PREFIX}{version}"
    triggers = {f"{name}_{suffix}" for suffix in ("word", "person", *(("edit",) if vendor == "sqlite" else ()))}
    return triggers, [statement.replace("{name}", name) for statement in body], copy_all


def _unsupported(vendor: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(
        f"The alumni directory runs on SQLite or PostgreSQL (DATABASE_URL), not {vendor}: its name search needs "
        "the triggers that copy people's rows into their name words."
    )


def _installed_triggers(connection) -> set[str]:
    if connection.vendor not in ("postgresql", "sqlite"):
        raise _unsupported(connection.vendor)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s", [MIRROR_PREFIX + "%"]
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [MIRROR_PREFIX + "%"]
            )
        return {name for (name,) in cursor.fetchall()}


def install_mirror(using: str = "default") -> bool:
    """Make sure this database's triggers are the current code's, and when they were not (a first install, a change
    of the copied columns, or SQLite rebuilding a table, which drops its triggers), install them and copy every
    word's row afresh. Returns whether it installed anything; idempotent and cheap otherwise (one query)."""
    connection = connections[using]
    triggers, statements, copy_all = _mirror_sql(connection.vendor)
    installed = _installed_triggers(connection)
    if installed == triggers:
        return False
    with transaction.atomic(using=using), connection.cursor() as cursor:
        _drop_triggers(connection, cursor, installed)
        for statement in [*statements, *copy_all]:
            cursor.execute(statement)
    return True


def _drop_triggers(connection, cursor, installed: set[str]) -> None:
    words, people = (
        connection.ops.quote_name(NameWord._meta.db_table),
        connection.ops.quote_name(Alumnus._meta.db_table),
    )
    for trigger in sorted(installed):
        if connection.vendor == "postgresql":
            table = people if trigger.endswith("_person") else words
            cursor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {trigger}()")
        else:
            cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    if connection.vendor == "postgresql":
        cursor.execute("SELECT proname FROM pg_proc WHERE proname LIKE %s", [MIRROR_PREFIX + "%"])
        for (function,) in cursor.fetchall():
            cursor.execute(f"DROP FUNCTION IF EXISTS {function}()")


def remove_mirror(using: str = "default") -> None:
    """Drop the triggers (before the copied columns go: PostgreSQL refuses to drop a column a trigger reads)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        _drop_triggers(connection, cursor, _installed_triggers(connection))


def _before_migrate(sender, using="default", plan=None, **kwargs):
    """Drop the triggers before a run that migrates anything: SQLite rebuilds a table to alter it and checks every
    trigger naming it on the way (it fails), PostgreSQL refuses to change the type of a column a trigger reads.
    The run's end installs them again and copies every word afresh."""
    if plan and router.allow_migrate_model(using, NameWord):
        remove_mirror(using)


def _after_migrate(sender, using="default", apps=None, **kwargs):
    """Install the triggers after a migration run that leaves the copied columns in place (not after migrating the
    alumni app back before them)."""
    if not router.allow_migrate_model(using, NameWord):
        return
    if apps is not None:
        try:
            fields = {field.name for field in apps.get_model("alumni", "NameWord")._meta.get_fields()}
        except LookupError:
            return
        if not {"listed", *MIRRORED_COLUMNS} <= fields:
            return
    install_mirror(using)
