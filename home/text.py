"""Romanian-aware text helpers: diacritic folding for search and a collation key for sorting."""

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
