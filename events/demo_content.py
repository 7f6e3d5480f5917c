"""The demo calendar's content, in Romanian with English translations (events/demo.py): event types, a year of
events per faculty, a monthly club, the central office's events and the gala, and how full they are."""

from dataclasses import dataclass

# Event types (a translatable snippet): key, Romanian name, English name.
EVENT_TYPES = [
    ("meeting", "Întâlnire tematică", "Themed meeting"),
    ("workshop", "Atelier", "Workshop"),
    ("seminar", "Seminar", "Seminar"),
    ("lecture", "Prelegere", "Lecture"),
    ("networking", "Seară de networking", "Networking evening"),
    ("careers", "Ziua carierei", "Careers day"),
    ("gala", "Gală", "Gala"),
]


@dataclass(frozen=True)
class DemoEvent:
    """One event per faculty; {field}, {field_en} and {short} are filled per faculty. `days` counts from today
    (each faculty is shifted by a few days, so that the aggregated calendar does not stack them)."""

    title_ro: str
    title_en: str
    type: str
    venue: str
    days: int
    hour: int
    duration: int
    capacity: int | None = None
    introduction_ro: str = ""  # empty: "An event organised by <the organiser>."
    introduction_en: str = ""
    with_body: bool = True


# A year of events per faculty: about six months back and six months ahead.
EVENTS = [
    DemoEvent(
        "Seminar: cercetare și industrie în {field}",
        "Seminar: research and industry in {field_en}",
        "seminar",
        "Sala Senatului",
        -165,
        15,
        2,
        capacity=30,
    ),
    DemoEvent(
        "Atelier: primul CV după facultate",
        "Workshop: your first CV after graduation",
        "workshop",
        "Sala 2/I",
        -110,
        14,
        2,
        capacity=15,
    ),
    DemoEvent(
        "Întâlnire tematică: cariere în {field}",
        "Themed meeting: careers in {field_en}",
        "meeting",
        "Aula Magna",
        -60,
        17,
        2,
    ),
    DemoEvent(
        "Seară de networking alumni {short}",
        "{short} alumni networking evening",
        "networking",
        "Clubul universității",
        -14,
        18,
        3,
        capacity=60,
    ),
    DemoEvent(
        "Prelegere invitată: un absolvent despre drumul său profesional",
        "Guest lecture: a graduate on their career path",
        "lecture",
        "Amfiteatrul principal",
        10,
        16,
        2,
    ),
    DemoEvent("Ziua carierei {short}", "{short} careers day", "careers", "Holul central", 35, 10, 6),
    DemoEvent(
        "Atelier de mentorat pentru studenți",
        "Mentoring workshop for students",
        "workshop",
        "Sala 2/I",
        70,
        14,
        3,
        capacity=12,
    ),
    DemoEvent(
        "Seminar: ce urmează după master în {field}",
        "Seminar: what comes after a master's in {field_en}",
        "seminar",
        "Sala Senatului",
        105,
        15,
        2,
        capacity=25,
    ),
    DemoEvent(
        "Prelegere: absolvenți {short} în lume",
        "Lecture: {short} graduates around the world",
        "lecture",
        "Amfiteatrul principal",
        140,
        17,
        2,
    ),
    DemoEvent(
        "Atelier de leadership pentru absolvenți",
        "Leadership workshop for graduates",
        "workshop",
        "Sala 2/I",
        175,
        10,
        4,
        capacity=10,
    ),
]

# A monthly alumni club in a few faculties: from about five months ago to about seven months ahead, with one
# date skipped (the first one at least six weeks away).
CLUB_FACULTIES = {"FMI", "FD", "FL", "FSEGA"}
CLUB = DemoEvent(
    "Clubul alumni {short}",
    "{short} alumni club",
    "meeting",
    "Clubul universității",
    -150,
    18,
    2,
    capacity=25,
)
CLUB_MONTHS = 12

# The gala, in the central calendar, and its registrations by language: (share of places confirmed, waiting).
GALA = DemoEvent(
    "Gala Alumni",
    "Alumni Gala",
    "gala",
    "Casa Universitarilor",
    120,
    19,
    4,
    capacity=250,
    introduction_ro="Gala anuală care premiază absolvenții remarcabili ai universității.",
    introduction_en="The annual gala that honours the university's outstanding graduates.",
    with_body=False,
)
GALA_REGISTRATIONS = {"ro": (0.6, 0), "en": (0.2, 0)}

# The central alumni office's events, besides the gala (days from today).
CENTRAL_EVENTS = [
    DemoEvent(
        "Întâlnirea anuală a Biroului Alumni",
        "The Alumni Office's annual meeting",
        "meeting",
        "Aula Magna",
        -120,
        17,
        2,
    ),
    DemoEvent(
        "Târgul de cariere al universității",
        "The university careers fair",
        "careers",
        "Sala Sporturilor Horia Demian",
        50,
        10,
        7,
    ),
    DemoEvent(
        "Seară de networking: absolvenți antreprenori",
        "Networking evening: graduate entrepreneurs",
        "networking",
        "Casa Universitarilor",
        85,
        18,
        3,
        capacity=40,
    ),
]

# Registrations for events with limited places: (share of places confirmed, people on the waiting list), chosen
# in turn so that some events are full with a waiting list, some just full and some still open.
REGISTRATION_PATTERNS = [(1.0, 4), (0.5, 0), (1.0, 0), (0.75, 0), (1.0, 2), (0.3, 0)]
REGISTRATION_CONSENT = "Sunt de acord cu prelucrarea datelor pentru acest eveniment."
