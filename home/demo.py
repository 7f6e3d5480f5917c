"""Home's demo data: the home page, the faculties and their sections (news, articles, about), the central news,
strategy and contact pages, the site settings, the admin, the faculty editor groups and the FMI editor.

`load` runs first (home is the first installed app); `finish` runs after every app's loader and saves the main
navigation they asked for. Safe to run again: everything is found by slug or name before it is made.
"""

from __future__ import annotations

import io
import random
from datetime import timedelta
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Locale, Site

from home import demo_content as content
from home.demo_content import paragraphs
from home.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    FacultyFactory,
    FacultyPageFactory,
    StandardPageFactory,
    translate_snippet,
)
from home.models import Faculty, FacultyPage, HomePage, SiteSettings
from home.permissions import ensure_faculty_groups

if TYPE_CHECKING:
    from home.extensions import DemoContext

# Where home's pages stand in the main navigation (DemoContext.add_navigation).
HOME_ORDER, NEWS_ORDER, STRATEGY_ORDER, CONTACT_ORDER = 0, 10, 50, 60
# What a faculty's editors may do in their own section of the page tree.
CENTRAL_COLOUR = "#14213a"


def load(context: DemoContext) -> None:
    context.romanian = Locale.objects.get_or_create(language_code="ro")[0]
    context.english = Locale.objects.get_or_create(language_code="en")[0]
    context.home = build_home(context)
    faculties = content.FACULTIES[: context.options.get("faculties", len(content.FACULTIES))]
    context.faculty_pages = [build_faculty(context, demo) for demo in faculties]
    build_central_pages(context)
    build_users(context)


def finish(context: DemoContext) -> None:
    """The main navigation, in the order the loaders gave it."""
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    entries = sorted(context.navigation, key=lambda entry: entry.order)
    settings.navigation = [("page_link", {"page": entry.page, "label": entry.label}) for entry in entries]
    settings.save()


def demo_image(title: str, colour: str, label: str, variant: int):
    """A generated 1600x900 picture in the faculty colour: no download, same bytes for the same input."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    rng = random.Random(f"{title}-{variant}")  # noqa: S311 - demo pictures, not security
    base = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    picture = PILImage.new("RGB", (1600, 900), base)
    draw = ImageDraw.Draw(picture)
    for _ in range(14):
        x, y, r = rng.randint(-200, 1600), rng.randint(-200, 900), rng.randint(60, 420)
        shade = tuple(min(255, max(0, c + rng.randint(-50, 70))) for c in base)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=shade)
    font = ImageFont.load_default(size=150)
    draw.text((90, 640), label, fill=(255, 255, 255), font=font)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{slugify(title)}.jpg"))


def facts(figures: list[tuple[str, str]]) -> list:
    return [("facts", {"facts": [{"figure": figure, "label": label} for figure, label in figures]})]


def build_home(context: DemoContext) -> HomePage:
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        raise RuntimeError("The default site's root page is not a HomePage; run the migrations first.")
    home.title = "Alumni Universitatea din Cluj"
    home.introduction = (
        "Comunitatea absolvenților celor paisprezece facultăți: întâlniri, mentorat, comunități "
        "profesionale și Gala Alumni."
    )
    home.body = facts([("14", "facultăți"), ("52.000", "absolvenți în rețea"), ("180", "evenimente pe an")])
    home.save_revision().publish()
    site.site_name = "Alumni"
    site.hostname, site.port = "127.0.0.1", 8000
    site.save()
    context.translate(
        home,
        title="University of Cluj Alumni",
        slug="home-en",
        introduction="The graduate community of fourteen faculties: meetings, mentoring, professional "
        "communities and the Alumni Gala.",
        body=facts([("14", "faculties"), ("52,000", "graduates in the network"), ("180", "events a year")]),
    )
    context.add_navigation(home, order=HOME_ORDER)
    return home


def build_faculty(context: DemoContext, demo: content.DemoFaculty) -> FacultyPage:
    faculty = Faculty.objects.filter(short_name=demo.short_name, locale=context.romanian).first()
    if faculty is None:
        rng = context.rng("home")
        role_ro, role_en = rng.choice(content.COORDINATOR_ROLES)
        faculty = FacultyFactory(
            locale=context.romanian,
            name=demo.name_ro,
            short_name=demo.short_name,
            accent_colour=demo.colour,
            coordinator_role=role_ro,
            coordinator_email=f"alumni.{demo.short_name.lower()}@example.ro",
            coordinator_phone=f"+40 264 40{rng.randint(1000, 9999)}",
        )
        translate_snippet(faculty, context.english, name=demo.name_en, coordinator_role=role_en)
    hero = demo_image(f"{demo.short_name} – imagine principală", demo.colour, demo.short_name, 0)
    faculty_page = context.child(
        context.home,
        FacultyPageFactory,
        slugify(demo.name_ro.replace("Facultatea de ", "")),
        title=demo.name_ro,
        faculty=faculty,
        hero_image=hero,
        introduction=f"Comunitatea alumni a {demo.name_ro.replace('Facultatea', 'Facultății')}: "
        f"absolvenți, evenimente și oportunități de implicare alături de studenți.",
        body=paragraphs(content.STRATEGY_RO[:1]),
    )
    context.translate(
        faculty_page,
        title=demo.name_en,
        slug=slugify(demo.name_en.replace("Faculty of ", "")),
        introduction=f"The alumni community of the {demo.name_en}: graduates, events and ways to get "
        f"involved with students.",
        body=paragraphs(content.STRATEGY_EN[:1]),
    )
    news = context.child(
        faculty_page,
        ArticleIndexPageFactory,
        "noutati",
        title="Noutăți",
        show_in_menus=True,
        introduction=f"Știri despre absolvenții {demo.short_name}.",
    )
    context.translate(news, title="News", slug="news", introduction=f"News about {demo.short_name} graduates.")
    for index, (title_ro, title_en, intro_ro, intro_en) in enumerate(content.ARTICLES):
        image = demo_image(
            f"{demo.short_name} – articol {index + 1}", demo.colour, f"{demo.short_name} {index + 1}", index + 1
        )
        build_article(
            context,
            news,
            (title_ro.format(**demo.title_fields), title_en.format(**demo.title_fields), intro_ro, intro_en),
            date=context.today - timedelta(days=9 + index * 23),
            author=faculty.coordinator_name,
            image=image,
        )
    about = context.child(
        faculty_page,
        StandardPageFactory,
        "despre-comunitate",
        title="Despre comunitate",
        show_in_menus=True,
        introduction="Cum funcționează comunitatea alumni a facultății.",
        body=paragraphs(content.STRATEGY_RO[1:]),
    )
    context.translate(
        about,
        title="About the community",
        slug="about-the-community",
        introduction="How the faculty's alumni community works.",
        body=paragraphs(content.STRATEGY_EN[1:]),
    )
    return faculty_page


def build_article(context: DemoContext, news, texts: tuple[str, str, str, str], *, date, author: str, image):
    """An article and its English translation; `texts` is (Romanian title, English title, intros)."""
    title_ro, title_en, intro_ro, intro_en = texts
    article = context.child(
        news,
        ArticlePageFactory,
        slugify(title_ro)[:80],
        title=title_ro,
        date=date,
        author_name=author,
        introduction=intro_ro,
        image=image,
        body=paragraphs(content.ARTICLE_BODY_RO),
    )
    context.translate(
        article,
        title=title_en,
        slug=slugify(title_en)[:80],
        introduction=intro_en,
        body=paragraphs(content.ARTICLE_BODY_EN),
    )


def build_central_pages(context: DemoContext) -> None:
    home = context.home
    news = context.child(
        home,
        ArticleIndexPageFactory,
        "stiri",
        title="Știri",
        show_in_menus=True,
        introduction="Știrile Biroului Alumni al universității.",
    )
    context.translate(news, title="News", slug="news", introduction="News from the university's Alumni Office.")
    for index, texts in enumerate(content.CENTRAL_ARTICLES):
        image = demo_image(f"Birou Alumni – articol {index + 1}", CENTRAL_COLOUR, "ALUMNI", index)
        build_article(
            context,
            news,
            texts,
            date=context.today - timedelta(days=3 + index * 11),
            author="Biroul Alumni",
            image=image,
        )
    strategy = context.child(
        home,
        StandardPageFactory,
        "strategia-alumni",
        title="Strategia alumni",
        show_in_menus=True,
        introduction="Cum lucrează împreună facultățile și Biroul Alumni.",
        body=[
            ("heading", {"text": "Trei direcții de acțiune", "level": "h2"}),
            *paragraphs(content.STRATEGY_RO),
            (
                "quote",
                {"quote": "O comunitate alumni puternică începe în fiecare facultate.", "attribution": "Biroul Alumni"},
            ),
        ],
    )
    context.translate(
        strategy,
        title="Alumni strategy",
        slug="alumni-strategy",
        introduction="How the faculties and the Alumni Office work together.",
        body=[
            ("heading", {"text": "Three lines of action", "level": "h2"}),
            *paragraphs(content.STRATEGY_EN),
            ("quote", {"quote": "A strong alumni community starts in every faculty.", "attribution": "Alumni Office"}),
        ],
    )
    contact = context.child(
        home,
        StandardPageFactory,
        "contact",
        title="Contact",
        show_in_menus=True,
        introduction="Biroul Alumni îți răspunde la întrebări despre comunitate, evenimente și gală.",
        body=paragraphs(
            ["Ne găsiți în clădirea centrală a universității, camera 12, de luni până vineri, între 9 și 16."]
        ),
    )
    context.translate(
        contact,
        title="Contact",
        slug="contact",
        introduction="The Alumni Office answers questions about the community, events and the gala.",
        body=paragraphs(["Find us in the university's main building, room 12, Monday to Friday, 9:00 to 16:00."]),
    )
    context.add_navigation(news, order=NEWS_ORDER)
    context.add_navigation(strategy, order=STRATEGY_ORDER)
    context.add_navigation(contact, order=CONTACT_ORDER)
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name = "Biroul Alumni · Universitatea din Cluj"
    settings.address = "Str. Universității nr. 1\n400091 Cluj-Napoca"
    settings.email = "alumni@example.ro"
    settings.phone = "+40 264 405 300"
    settings.facebook_url = "https://www.facebook.com/"
    settings.linkedin_url = "https://www.linkedin.com/"
    settings.footer_links = [("page_link", {"page": page, "label": ""}) for page in (strategy, contact)]
    settings.save()


def build_users(context: DemoContext) -> None:
    """The admin, one editor group per faculty (with page permissions on its section) and the FMI editor."""
    password = context.password
    User = get_user_model()
    admin, _ = User.objects.get_or_create(username="admin", defaults={"email": "admin@example.ro"})
    admin.is_staff = admin.is_superuser = True
    admin.set_password(password)
    admin.save()
    for faculty_page in context.faculty_pages:
        # Made when the section was created (home.permissions); found again here for the apps' demo grants.
        context.faculty_groups[faculty_page.faculty.short_name] = ensure_faculty_groups(faculty_page)["editors"]
    editor, _ = User.objects.get_or_create(
        username="editor.fmi", defaults={"email": "editor.fmi@example.ro", "first_name": "Editor FMI"}
    )
    editor.is_staff = True
    editor.set_password(password)
    editor.save()
    editor.groups.add(context.faculty_groups["FMI"])
    context.add_login(f"Admin: http://127.0.0.1:8000/admin/  user: admin  password: {password}")
    context.add_login(f"Faculty editor (FMI only): user: editor.fmi  password: {password}")
