"""The demo university's content, in Romanian with English translations; used by load_demo_data."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoFaculty:
    short_name: str
    name_ro: str
    name_en: str
    field_ro: str
    field_en: str
    colour: str


# Accent colours are all dark enough for white text (contrast ratio of at least 4.5:1).
FACULTIES = [
    DemoFaculty(
        "FMI",
        "Facultatea de Matematică și Informatică",
        "Faculty of Mathematics and Computer Science",
        "informatică",
        "computer science",
        "#1f4e8c",
    ),
    DemoFaculty("FIZ", "Facultatea de Fizică", "Faculty of Physics", "fizică", "physics", "#3b3f99"),
    DemoFaculty(
        "FCIC",
        "Facultatea de Chimie și Inginerie Chimică",
        "Faculty of Chemistry and Chemical Engineering",
        "chimie",
        "chemistry",
        "#7a2e8e",
    ),
    DemoFaculty(
        "FBG", "Facultatea de Biologie și Geologie", "Faculty of Biology and Geology", "biologie", "biology", "#2e6b34"
    ),
    DemoFaculty("FGEO", "Facultatea de Geografie", "Faculty of Geography", "geografie", "geography", "#1e6a73"),
    DemoFaculty("FD", "Facultatea de Drept", "Faculty of Law", "drept", "law", "#8c1c2b"),
    DemoFaculty("FL", "Facultatea de Litere", "Faculty of Letters", "litere", "languages and literature", "#a0401a"),
    DemoFaculty(
        "FIF",
        "Facultatea de Istorie și Filosofie",
        "Faculty of History and Philosophy",
        "istorie",
        "history",
        "#6b4a1f",
    ),
    DemoFaculty(
        "FSAS",
        "Facultatea de Sociologie și Asistență Socială",
        "Faculty of Sociology and Social Work",
        "sociologie",
        "sociology",
        "#8a2c5c",
    ),
    DemoFaculty(
        "FPSE",
        "Facultatea de Psihologie și Științe ale Educației",
        "Faculty of Psychology and Educational Sciences",
        "psihologie",
        "psychology",
        "#5a3d8a",
    ),
    DemoFaculty(
        "FSEGA",
        "Facultatea de Științe Economice și Gestiunea Afacerilor",
        "Faculty of Economics and Business Administration",
        "economie",
        "economics",
        "#0f5e4f",
    ),
    DemoFaculty(
        "FSPAC",
        "Facultatea de Științe Politice, Administrative și ale Comunicării",
        "Faculty of Political, Administrative and Communication Sciences",
        "comunicare",
        "communication",
        "#274b6d",
    ),
    DemoFaculty(
        "FEFS",
        "Facultatea de Educație Fizică și Sport",
        "Faculty of Physical Education and Sport",
        "sport",
        "sport",
        "#9b2c1f",
    ),
    DemoFaculty(
        "FTF",
        "Facultatea de Teatru și Film",
        "Faculty of Theatre and Film",
        "teatru și film",
        "theatre and film",
        "#43464b",
    ),
]

COORDINATOR_ROLES = [
    ("Responsabil alumni, prodecan", "Alumni coordinator, vice-dean"),
    ("Responsabil alumni", "Alumni coordinator"),
    ("Responsabil alumni, lector universitar", "Alumni coordinator, lecturer"),
    ("Responsabil alumni, conferențiar universitar", "Alumni coordinator, associate professor"),
]

# (Romanian title, English title, Romanian intro, English intro); {field} and {short} are filled per faculty.
ARTICLES = [
    (
        "Întâlnirea anuală a absolvenților {short}",
        "The annual {short} alumni reunion",
        "Peste două sute de absolvenți din zece promoții s-au întors în facultate pentru o zi de discuții, "
        "vizite în laboratoare și amintiri.",
        "More than two hundred graduates from ten year groups came back for a day of talks, lab visits and memories.",
    ),
    (
        "Absolvenții de {field} devin mentori pentru studenții din anul terminal",
        "{field_en_cap} alumni become mentors for final-year students",
        "Programul de mentorat pornește cu treizeci de perechi mentor–student și întâlniri lunare pe tot anul "
        "universitar.",
        "The mentoring programme starts with thirty mentor–student pairs and monthly meetings throughout the "
        "academic year.",
    ),
    (
        "S-a lansat comunitatea profesională a absolvenților de {field}",
        "A professional community for {field_en} graduates is launched",
        "Comunitatea reunește absolvenți din companii, instituții publice și cercetare, cu întâlniri tematice "
        "trimestriale.",
        "The community brings together graduates from companies, public institutions and research, with "
        "quarterly themed meetings.",
    ),
    (
        "Rezultatele sondajului de satisfacție al absolvenților",
        "Results of the alumni satisfaction survey",
        "Nouă din zece respondenți recomandă facultatea; absolvenții cer mai multe întâlniri cu angajatori și "
        "cursuri de formare continuă.",
        "Nine in ten respondents recommend the faculty; graduates ask for more meetings with employers and "
        "continuing education courses.",
    ),
]

ARTICLE_BODY_RO = [
    "Întâlnirile cu absolvenții sunt organizate de responsabilul alumni al facultății, împreună cu Biroul "
    "Alumni al universității, și sunt deschise tuturor celor care au studiat la noi.",
    "Studenții din ani terminali au aflat direct de la absolvenți cum arată primii ani de carieră, ce "
    "competențe contează și cum se pot implica în comunitatea alumni.",
    "Vă invităm să vă înscrieți în baza de date alumni pentru a primi invitații la evenimentele următoare.",
]
ARTICLE_BODY_EN = [
    "Alumni meetings are organised by the faculty's alumni coordinator together with the university's Alumni "
    "Office, and are open to everyone who studied with us.",
    "Final-year students heard first-hand from graduates what the first years of a career look like, which "
    "skills matter and how to take part in the alumni community.",
    "Join the alumni database to receive invitations to the next events.",
]

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


# A year of events: about six months back and six months ahead.
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

CENTRAL_ARTICLES = [
    (
        "Gala Alumni 2026: nominalizările sunt deschise",
        "Alumni Gala 2026: nominations are open",
        "Facultățile pot nominaliza absolvenți remarcabili la cele cinci categorii ale galei până la sfârșitul lunii.",
        "Faculties can nominate outstanding graduates in the gala's five categories until the end of the month.",
    ),
    (
        "Noul protocol de colaborare aduce absolvenții în practica studenților",
        "A new collaboration protocol brings alumni into student internships",
        "Protocoalele semnate cu angajatori absolvenți ai universității deschid stagii de practică și proiecte "
        "comune pentru studenți.",
        "Protocols signed with employers who are graduates of the university open internships and joint projects "
        "for students.",
    ),
]

STRATEGY_RO = [
    "Strategia alumni pornește de la comunitățile de absolvenți ale fiecărei facultăți: fiecare facultate are "
    "un responsabil alumni, o secțiune dedicată pe site, propria bază de date și propriul calendar.",
    "Biroul Alumni coordonează întâlniri tematice, comunități profesionale și Gala Alumni, iar facultățile "
    "transmit periodic o sinteză a acțiunilor lor.",
    "Absolvenții sunt implicați în formarea studenților prin mentorat, prelegeri invitate, stagii de practică "
    "și protocoale de colaborare.",
]
STRATEGY_EN = [
    "The alumni strategy starts from each faculty's graduate community: every faculty has an alumni "
    "coordinator, its own section on the site, its own database and its own calendar.",
    "The Alumni Office coordinates themed meetings, professional communities and the Alumni Gala, and the "
    "faculties regularly send a summary of their actions.",
    "Graduates take part in training students through mentoring, guest lectures, internships and "
    "collaboration protocols.",
]
