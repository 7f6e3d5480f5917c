"""Romanian-aware text helpers: diacritic folding for search and a collation key for sorting."""

import re
import unicodedata

# The old cedilla forms (ş ţ) are still common in data typed on older keyboards; treat them as ș ț.
_CEDILLA_TO_COMMA = str.maketrans({"ş": "ș", "Ş": "Ș", "ţ": "ț", "Ţ": "Ț"})

# Romanian alphabet order: a < ă < â < b ... i < î < j ... s < ș < t < ț < u.
_ROMANIAN_LETTER_RANK = {"ă": ("a", "1"), "â": ("a", "2"), "î": ("i", "1"), "ș": ("s", "1"), "ț": ("t", "1")}


def normalize_cedillas(text: str) -> str:
    """Replace the cedilla letters ş ţ with the correct comma-below ș ț."""
    return text.translate(_CEDILLA_TO_COMMA)


def fold_diacritics(text: str) -> str:
    """Lowercase ASCII-ish form used to match a search whatever diacritics either side typed."""
    decomposed = unicodedata.normalize("NFKD", normalize_cedillas(text or "").casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def romanian_sort_key(text: str) -> str:
    """A string that sorts in Romanian alphabetical order under plain byte comparison.

    Each letter becomes its base letter plus a rank digit, so "ab" < "ăa" < "âa" < "b",
    and the database can order by the key with no collation support.
    """
    key = []
    for char in unicodedata.normalize("NFC", normalize_cedillas(text or "").casefold()):
        if char in _ROMANIAN_LETTER_RANK:
            key.extend(_ROMANIAN_LETTER_RANK[char])
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        key.append(base or char)
        key.append("0")
    return "".join(key)


MAX_SEARCH_WORDS = 12
MAX_SEARCH_WORD_LENGTH = 60


def search_terms(query: str | None) -> str:
    """The words of a visitor's query, safe for every search backend: letters and digits only (quotes, brackets,
    operators, control characters and NUL bytes become spaces), at most MAX_SEARCH_WORDS words of at most
    MAX_SEARCH_WORD_LENGTH characters. SQLite's FTS5 and PostgreSQL's tsquery both raise on what is left out."""
    words = "".join(char if char.isalnum() else " " for char in (query or "")[:2000]).split()
    return " ".join(word[:MAX_SEARCH_WORD_LENGTH] for word in words[:MAX_SEARCH_WORDS])


GREETING_NAME_LENGTH = 40
# Links, addresses and domains go whole, markup too; then every character a name does not have.
_NOT_A_NAME_PART = re.compile(r"\S*(?:://|www\.|@|\.[^\W\d_]{2,})\S*|<[^>]*>", re.IGNORECASE)
_NOT_IN_A_NAME = re.compile(r"[^\w\s'’-]|[\d_]")


def greeting_name(name: str | None) -> str:
    """A name fit for greeting someone whose address nobody has confirmed yet: letters, spaces, hyphens and
    apostrophes only (no addresses, links or markup), cut to GREETING_NAME_LENGTH characters at a word's end.
    Empty when nothing of it is left, and the greeting then goes without a name."""
    words = _NOT_IN_A_NAME.sub(" ", _NOT_A_NAME_PART.sub(" ", name or "")).split()
    kept = ""
    for word in words:
        candidate = f"{kept} {word}".strip()
        if len(candidate) > GREETING_NAME_LENGTH:
            break
        kept = candidate
    return kept or (words[0][:GREETING_NAME_LENGTH] if words else "")
