"""The demo university's content, in Romanian with English translations: faculties, news, strategy (home/demo.py).

The apps' own demo content (events, alumni) sits in their `demo_content.py`.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoFaculty:
    short_name: str
    name_ro: str
    name_en: str
    field_ro: str
    field_en: str
    colour: str

    @property
    def title_fields(self) -> dict[str, str]:
        """What fills {field}, {short} (Romanian titles) and {field_en}, {field_en_cap} (English ones)."""
        return {
            "field": self.field_ro,
            "short": self.short_name,
            "field_en": self.field_en,
            "field_en_cap": self.field_en.capitalize(),
        }


def paragraphs(texts) -> list[tuple[str, str]]:
    """StreamField paragraph blocks, one per text."""
    return [("paragraph", f"<p>{text}</p>") for text in texts]


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
FACULTIES_BY_SHORT_NAME = {faculty.short_name: faculty for faculty in FACULTIES}

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
    "Te invităm să te înscrii în baza de date alumni ca să primești invitații la evenimentele următoare.",
]
ARTICLE_BODY_EN = [
    "Alumni meetings are organised by the faculty's alumni coordinator together with the university's Alumni "
    "Office, and are open to everyone who studied with us.",
    "Final-year students heard first-hand from graduates what the first years of a career look like, which "
    "skills matter and how to take part in the alumni community.",
    "Join the alumni database to receive invitations to the next events.",
]

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
