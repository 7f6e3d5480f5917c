"""The public site speaks to its visitors in one Romanian register: "tu" (Intră în cont, ai, te), never the polite
plural (dumneavoastră, vă, puteți, Introduceți). Pages, forms and the e-mails visitors get share that voice.

The Wagtail admin keeps the polite plural of Wagtail's own Romanian catalogue ("Încărcați un fișier"): the
strings only editors read are listed in ADMIN_ONLY.
"""

import ast
import gettext
import itertools
import re
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "ro" / "LC_MESSAGES" / "django.mo"
SOURCE_CATALOGUE = CATALOGUE.with_suffix(".po")

# Where a string only editors read comes from: the admin's templates, views and menus, and the import (an admin tool).
ADMIN_SOURCES = re.compile(
    r"(?:^|/)(?:templates/\w+/admin/|\w+_admin\.py$|views/admin\.py$|viewsets\.py$|wagtail_hooks\.py$|importing/)"
)

# Forms of the polite (or plural) "you". A plural participle ("absolvenții autentificați") is not one of them, so
# an -ați/-eți/-iți word counts only where it can only be a verb: opening a sentence, after "să", or with a clitic.
ENDING = r"\w+(?:ați|eți|iți|âți)"
FORMAL = {
    "dumneavoastră": r"\bdumneavoastr[ăa]\b",
    "dvs.": r"\bdvs\b",
    "vă": r"\bvă\b",
    "v-": r"\bv-\w",
    "ați (auxiliary)": r"\bați\b",
    "puteți, aveți, sunteți, doriți, vreți, fiți": r"\b(?:puteți|aveți|sunteți|doriți|vreți|fiți|știți)\b",
    "imperative opening a sentence": rf"(?:^|[.!?:;„\"]\s*){ENDING}\b",
    "subjunctive after să": rf"\bsă\s+(?:nu\s+)?(?:{ENDING}|{ENDING}-\w+)\b",
    "imperative with a clitic": rf"\b{ENDING}-(?:vă|ne|mi|l|le|o|i)\b",
    "negated verb": rf"\bnu\s+(?:(?:o|le|îl|îi|ne|mi)\s+)?{ENDING}\b",
}
FORMAL_PATTERNS = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in FORMAL.items()}

# Read by editors in the Wagtail admin (or by coordinators, in the office's e-mail), never by visitors, though they
# also come from sources that are not admin surfaces; admin_sources_only() finds the strings that come only from these.
ADMIN_ONLY = {
    "subscribers",
    # The office's platform report: plural participles and nouns ("aprobați", "invitați"), not imperatives.
    "Approved in the period",
    "Approved in the period, by faculty",
    "Confirmed in the period",
    "Invited",
    "Listed in the directory today",
    "Subscribers outside the alumni database",
    "Unsubscribed in the period",
    "Change a consent only on the person's written request; the change is logged.",
    "Approve or reject the request in the approval queue:",
    "Leave empty for events of the central alumni office.",
    "Leave empty for unlimited places.",
    "Say until when the event repeats.",
    "Choose a page or enter a link.",
    "Enter a colour as #RRGGBB, for example #1f4e8c.",
    "Used for the faculty's section; keep it dark enough for white text.",
    "Leave blank to use the page title.",
}

# Templates visitors see or get by e-mail (the admin's live in */templates/*/admin/).
PUBLIC_TEMPLATE_DIRS = ["templates", "home/templates", "alumni/templates", "events/templates", "search/templates"]


def admin_sources_only() -> set[str]:
    """The msgids whose every source location (the catalogue's "#:" lines) is an admin surface."""
    found = set()
    for entry in SOURCE_CATALOGUE.read_text(encoding="utf-8").split("\n\n"):
        lines = entry.splitlines()
        sources = [ref.rsplit(":", 1)[0] for line in lines if line.startswith("#: ") for ref in line[3:].split()]
        if not sources or not all(ADMIN_SOURCES.search(source) for source in sources):
            continue
        start = next(number for number, line in enumerate(lines) if line.startswith("msgid "))
        parts = [lines[start][len("msgid ") :]]
        parts += itertools.takewhile(lambda line: line.startswith('"'), lines[start + 1 :])
        found.add("".join(ast.literal_eval(part) for part in parts))
    return found


def formal_forms(text: str) -> list[str]:
    return [name for name, pattern in FORMAL_PATTERNS.items() if pattern.search(text)]


def catalogue() -> dict[str, list[str]]:
    """Our own compiled Romanian catalogue (not Django's or Wagtail's): msgid -> its msgstrs (every plural form)."""
    with CATALOGUE.open("rb") as file:
        entries = gettext.GNUTranslations(file)._catalog
    translations = {}
    for key, msgstr in entries.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if msgid:  # the header
            translations.setdefault(msgid, []).append(msgstr)
    return translations


class RegisterPatternTests(SimpleTestCase):
    def test_the_patterns_catch_the_polite_forms(self):
        for text in [
            "S-a eliberat un loc pentru dumneavoastră.",
            "Dacă nu puteți veni, vă rugăm să anulați înscrierea.",
            "Introduceți luna.",
            "Absolvenți: alegeți facultatea pe care ați absolvit-o.",
            "Înscrieți-vă",
            "V-am trimis un e-mail.",
            "Sunteți pe lista de așteptare.",
            "Urmăriți-ne",
            "Verificați linkul și încercați din nou.",
            "O facultate pe care nu o administrați.",
        ]:
            with self.subTest(text=text):
                self.assertNotEqual(formal_forms(text), [])

    def test_the_patterns_leave_the_informal_voice_and_plural_participles_alone(self):
        for text in [
            "Intră în cont",
            "Dacă nu poți veni, te rugăm să anulezi înscrierea.",
            "Absolvenții autentificați văd mai multe detalii.",
            "Contul alumni este destinat absolvenților aprobați de facultatea lor.",
            "Înscrie-te pe lista de așteptare",
            "Te-ai înscris. Ți-am trimis un e-mail.",
            "Alege facultatea pe care ai absolvit-o.",
            "Toate facultățile",
            "Urmărește-ne",
        ]:
            with self.subTest(text=text):
                self.assertEqual(formal_forms(text), [])


class RomanianRegisterTests(SimpleTestCase):
    def test_every_visitor_facing_translation_says_tu(self):
        admin_only = admin_sources_only()
        problems = [
            f"{msgid!r}: {msgstr!r} ({', '.join(found)})"
            for msgid, msgstrs in catalogue().items()
            if msgid not in ADMIN_ONLY | admin_only
            for msgstr in msgstrs
            if (found := formal_forms(msgstr))
        ]
        self.assertEqual(problems, [], "polite forms in visitor-facing translations")

    def test_strings_only_the_admin_shows_are_told_from_public_ones(self):
        admin_only = admin_sources_only()
        self.assertIn("Created", admin_only)  # the import job's page
        self.assertIn("Approval queue", admin_only)
        self.assertNotIn("Sign in", admin_only)
        self.assertNotIn("Search the site", admin_only)

    def test_every_catalogue_entry_names_its_sources(self):
        """The catalogue comes from `make messages`, so each string says where it is used (and the test above can
        tell admin strings by their sources); a string added by hand says nothing."""
        entries = SOURCE_CATALOGUE.read_text(encoding="utf-8").split("\n\n")[1:]
        unsourced = [entry for entry in entries if "msgid " in entry and "\n#: " not in f"\n{entry}"]
        self.assertEqual(unsourced, [], "run make messages")

    def test_the_catalogue_speaks_informally(self):
        translations = catalogue()
        for msgid, expected in [
            ("Sign in", "Intră în cont"),
            ("Register", "Înscrie-te"),
            ("Go to the home page", "Mergi la pagina principală"),
            ("Search the site", "Caută pe site"),
        ]:
            with self.subTest(msgid=msgid):
                self.assertEqual(translations[msgid], [expected])

    def test_public_templates_hold_no_polite_romanian(self):
        problems = []
        for directory in PUBLIC_TEMPLATE_DIRS:
            for path in sorted((ROOT / directory).rglob("*")):
                if path.suffix not in {".html", ".txt"} or "admin" in path.relative_to(ROOT / directory).parts:
                    continue
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                    if found := formal_forms(line):
                        problems.append(f"{path.relative_to(ROOT)}:{number} ({', '.join(found)})")
        self.assertEqual(problems, [])

    def test_the_demo_content_speaks_informally(self):
        """The demo university is what a newcomer sees first: its Romanian pages say "tu" too."""
        problems = []
        for path in sorted(ROOT.glob("*/demo*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
                if is_text and (found := formal_forms(node.value)):
                    problems.append(f"{path.relative_to(ROOT)}:{node.lineno} ({', '.join(found)})")
        self.assertEqual(problems, [])
