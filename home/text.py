"""Romanian-aware text helpers: diacritic folding and stemming for search, and a collation key for sorting."""

import functools
import re
import threading
import unicodedata

import snowballstemmer

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
    return "".join(map(_letter_sort_key, unicodedata.normalize("NFC", normalize_cedillas(text or "").casefold())))


@functools.lru_cache(maxsize=4096)
def _letter_sort_key(char: str) -> str:
    """One letter's part of `romanian_sort_key`, worked out once per letter (an import derives 100,000 keys)."""
    if char in _ROMANIAN_LETTER_RANK:
        return "".join(_ROMANIAN_LETTER_RANK[char])
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return (base or char) + "0"


MAX_SEARCH_WORDS = 12
MAX_SEARCH_WORD_LENGTH = 60


def _words(text: str) -> list[str]:
    """Runs of letters and digits: quotes, brackets, operators, control characters and NUL bytes split words."""
    return "".join(char if char.isalnum() else " " for char in text).split()


def search_terms(query: str | None) -> str:
    """The words of a visitor's query, safe for every search backend: letters and digits only (quotes, brackets,
    operators, control characters and NUL bytes become spaces), at most MAX_SEARCH_WORDS words of at most
    MAX_SEARCH_WORD_LENGTH characters. SQLite's FTS5 and PostgreSQL's tsquery both raise on what is left out."""
    words = _words((query or "")[:2000])
    return " ".join(word[:MAX_SEARCH_WORD_LENGTH] for word in words[:MAX_SEARCH_WORDS])


# Snowball's algorithms, the ones PostgreSQL's text-search configurations and Elasticsearch's stemmers run, by the
# language part of a locale's code. Other languages are folded and not stemmed.
STEMMED_LANGUAGES = {"ro": "romanian", "en": "english"}
_stemmers = threading.local()  # a Snowball stemmer keeps state while it stems: one per thread


def _stemmer(language: str | None):
    algorithm = STEMMED_LANGUAGES.get((language or "").split("-")[0].lower())
    if algorithm is None:
        return None
    cache = _stemmers.__dict__.setdefault("by_algorithm", {})
    if algorithm not in cache:
        cache[algorithm] = snowballstemmer.stemmer(algorithm)
    return cache[algorithm]


def stem(word: str, language: str | None) -> str:
    """The stem of one folded word in the language ("absolventilor" and "absolventii" -> "absolvent" in Romanian,
    "graduates" -> "graduat" in English); the word itself in a language without a stemmer."""
    stemmer = _stemmer(language)
    return stemmer.stemWord(word) if stemmer is not None else word


def search_text(text: str | None, language: str | None) -> str:
    """The text a search backend indexes for a page: its folded words (cedillas as commas, no diacritics, no case),
    then the stems in the page's language of those whose stem differs. Folded first: Romanian Snowball stems
    "absolvenții" to "absolvenț" but "absolventii" to "absolvent", as a visitor's "absolventi" does. The folded
    words are kept whole, so an exact word and a phrase still match; a query's word matches either form
    (`query_word_forms`)."""
    words = _words(fold_diacritics(text))
    seen = set(words)
    stems = []
    for word in words:
        stemmed = stem(word, language)
        if stemmed not in seen:
            seen.add(stemmed)
            stems.append(stemmed)
    return " ".join(words + stems)


def query_word_forms(query: str | None, language: str | None) -> list[tuple[str, ...]]:
    """A visitor's query as a backend searches it: for each safe, folded word of `search_terms`, the word and, when
    it differs, its stem in the request's language. The page matches when each word matches in one of its forms:
    "absolventilor" finds a page saying "absolvenții" through the stem "absolvent" they share."""
    forms = []
    for word in search_terms(fold_diacritics(query)).split():
        stemmed = stem(word, language)
        forms.append((word,) if stemmed == word else (word, stemmed))
    return forms


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
