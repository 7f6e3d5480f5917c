"""Build (or bring up to date) a believable bilingual demo university; safe to run again."""

import io
import random
import secrets
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission, Locale, Site

from events.models import EventIndexPage, EventPage, EventRecurrenceException, EventType, Registration
from home import demo_content as content
from home.models import ArticleIndexPage, ArticlePage, Faculty, FacultyPage, HomePage, SiteSettings, StandardPage

SEED = 2026


def paragraphs(texts):
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def demo_image(title: str, colour: str, label: str, variant: int):
    """A generated 1600x900 picture in the faculty colour: no download, same bytes for the same input."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    rng = random.Random(f"{title}-{variant}")
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


class Command(BaseCommand):
    help = "Create the demo university (faculties, pages in Romanian and English, images, an admin login)."

    def add_arguments(self, parser):
        parser.add_argument("--admin-password", help="Password for the 'admin' user (default: a new random one).")
        parser.add_argument("--no-index", action="store_true", help="Skip rebuilding the search index.")
        parser.add_argument("--alumni", type=int, default=3000, help="How many demo alumni to create (default 3000).")
        parser.add_argument(
            "--faculties", type=int, default=len(content.FACULTIES), help="Build only the first N faculties."
        )

    def handle(self, *args, **options):
        if not 1 <= options["faculties"] <= len(content.FACULTIES):
            raise CommandError(f"--faculties must be between 1 and {len(content.FACULTIES)}.")
        self.fake = Faker("ro_RO")
        self.fake.seed_instance(SEED)
        self.rng = random.Random(SEED)
        self.today = timezone.localdate()
        with transaction.atomic():
            self.romanian = Locale.objects.get_or_create(language_code="ro")[0]
            self.english = Locale.objects.get_or_create(language_code="en")[0]
            # A Faker of its own for the people who register, so the rest of the demo stays as it was.
            self.people = Faker("ro_RO")
            self.people.seed_instance(SEED + 1)
            self.event_types = self.build_event_types()
            home = self.build_home()
            faculty_pages = [self.build_faculty(home, demo) for demo in content.FACULTIES[: options["faculties"]]]
            central = self.build_central_pages(home)
            self.build_settings(home, central)
            password = self.build_users(faculty_pages, options["admin_password"])
            call_command("load_alumni_demo", alumni=options["alumni"], password=password, stdout=self.stdout)
        if not options["no_index"]:
            call_command("update_index", verbosity=0)
            call_command("rebuild_references_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {len(faculty_pages)} faculties."))
        self.stdout.write(f"Admin: http://127.0.0.1:8000/admin/  user: admin  password: {password}")
        self.stdout.write(f"Faculty editor (FMI only): user: editor.fmi  password: {password}")

    # Pages -----------------------------------------------------------------------------------------

    def child(self, parent, model, slug, **fields):
        """Find the child by slug, or create and publish it."""
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = model(slug=slug, **fields)
            parent.add_child(instance=page)
            page.save_revision().publish()
        return page

    def translate(self, page, **fields):
        """The English translation of a page, created and published once."""
        translation = page.get_translation_or_none(self.english)
        if translation is not None:
            return translation
        translation = page.copy_for_translation(self.english, copy_parents=True)
        for name, value in fields.items():
            setattr(translation, name, value)
        translation.save_revision().publish()
        translation.refresh_from_db()
        return translation

    def build_home(self):
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.specific
        if not isinstance(home, HomePage):
            raise RuntimeError("The default site's root page is not a HomePage; run the migrations first.")
        home.title = "Alumni Universitatea din Cluj"
        home.introduction = (
            "Comunitatea absolvenților celor paisprezece facultăți: întâlniri, mentorat, comunități "
            "profesionale și Gala Alumni."
        )
        home.body = [
            (
                "facts",
                {
                    "facts": [
                        {"figure": "14", "label": "facultăți"},
                        {"figure": "52.000", "label": "absolvenți în rețea"},
                        {"figure": "180", "label": "evenimente pe an"},
                    ]
                },
            ),
        ]
        home.save_revision().publish()
        site.site_name = "Alumni"
        site.hostname, site.port = "127.0.0.1", 8000
        site.save()
        self.translate(
            home,
            title="University of Cluj Alumni",
            slug="home-en",
            introduction="The graduate community of fourteen faculties: meetings, mentoring, professional "
            "communities and the Alumni Gala.",
            body=[
                (
                    "facts",
                    {
                        "facts": [
                            {"figure": "14", "label": "faculties"},
                            {"figure": "52,000", "label": "graduates in the network"},
                            {"figure": "180", "label": "events a year"},
                        ]
                    },
                ),
            ],
        )
        return home

    def build_faculty(self, home, demo):
        faculty = Faculty.objects.filter(short_name=demo.short_name, locale=self.romanian).first()
        if faculty is None:
            role_ro, role_en = self.rng.choice(content.COORDINATOR_ROLES)
            name = f"{self.fake.first_name()} {self.fake.last_name()}"
            faculty = Faculty.objects.create(
                locale=self.romanian,
                name=demo.name_ro,
                short_name=demo.short_name,
                accent_colour=demo.colour,
                coordinator_name=name,
                coordinator_role=role_ro,
                coordinator_email=f"alumni.{demo.short_name.lower()}@example.ro",
                coordinator_phone=f"+40 264 40{self.rng.randint(1000, 9999)}",
            )
            english = faculty.copy_for_translation(self.english)
            english.name = demo.name_en
            english.coordinator_role = role_en
            english.save()
        hero = demo_image(f"{demo.short_name} – imagine principală", demo.colour, demo.short_name, 0)
        fields_en = {"field_en": demo.field_en, "field_en_cap": demo.field_en.capitalize(), "short": demo.short_name}
        fields_ro = {"field": demo.field_ro, "short": demo.short_name}
        slug = slugify(demo.name_ro.replace("Facultatea de ", ""))
        faculty_page = self.child(
            home,
            FacultyPage,
            slug,
            title=demo.name_ro,
            faculty=faculty,
            hero_image=hero,
            introduction=f"Comunitatea alumni a {demo.name_ro.replace('Facultatea', 'Facultății')}: "
            f"absolvenți, evenimente și oportunități de implicare alături de studenți.",
            body=paragraphs(content.STRATEGY_RO[:1]),
        )
        self.translate(
            faculty_page,
            title=demo.name_en,
            slug=slugify(demo.name_en.replace("Faculty of ", "")),
            introduction=f"The alumni community of the {demo.name_en}: graduates, events and ways to get "
            f"involved with students.",
            body=paragraphs(content.STRATEGY_EN[:1]),
        )
        news = self.child(
            faculty_page,
            ArticleIndexPage,
            "noutati",
            title="Noutăți",
            show_in_menus=True,
            introduction=f"Știri despre absolvenții {demo.short_name}.",
        )
        self.translate(news, title="News", slug="news", introduction=f"News about {demo.short_name} graduates.")
        for index, (title_ro, title_en, intro_ro, intro_en) in enumerate(content.ARTICLES):
            image = demo_image(
                f"{demo.short_name} – articol {index + 1}", demo.colour, f"{demo.short_name} {index + 1}", index + 1
            )
            title = title_ro.format(**fields_ro)
            article = self.child(
                news,
                ArticlePage,
                slugify(title)[:80],
                title=title,
                date=self.today - timedelta(days=9 + index * 23),
                author_name=faculty.coordinator_name,
                introduction=intro_ro,
                image=image,
                body=paragraphs(content.ARTICLE_BODY_RO),
            )
            title_english = title_en.format(**fields_en)
            self.translate(
                article,
                title=title_english,
                slug=slugify(title_english)[:80],
                introduction=intro_en,
                body=paragraphs(content.ARTICLE_BODY_EN),
            )
        events = self.child(
            faculty_page,
            EventIndexPage,
            "evenimente",
            title="Evenimente",
            show_in_menus=True,
            introduction="Întâlniri tematice, seri de networking și activități cu studenții.",
        )
        self.translate(
            events,
            title="Events",
            slug="events",
            introduction="Themed meetings, networking evenings and activities with students.",
        )
        # Each faculty a few days apart, so the aggregated calendar does not stack fourteen events on one day.
        shift = content.FACULTIES.index(demo) * 3 % 11 - 5
        faculty_en = faculty.get_translation(self.english)
        for number, demo_event in enumerate(content.EVENTS):
            self.build_event(
                events,
                demo_event,
                days=demo_event.days + shift,
                fields_ro=fields_ro,
                fields_en=fields_en,
                faculty=faculty,
                faculty_en=faculty_en,
                venue_suffix=f", {demo.short_name}",
                pattern=content.FACULTIES.index(demo) + number,
            )
        if demo.short_name in content.CLUB_FACULTIES:
            self.build_event(
                events,
                content.CLUB,
                days=content.CLUB.days + shift,
                fields_ro=fields_ro,
                fields_en=fields_en,
                faculty=faculty,
                faculty_en=faculty_en,
                venue_suffix="",
                pattern=content.FACULTIES.index(demo),
                monthly=True,
            )
        about = self.child(
            faculty_page,
            StandardPage,
            "despre-comunitate",
            title="Despre comunitate",
            show_in_menus=True,
            introduction="Cum funcționează comunitatea alumni a facultății.",
            body=paragraphs(content.STRATEGY_RO[1:]),
        )
        self.translate(
            about,
            title="About the community",
            slug="about-the-community",
            introduction="How the faculty's alumni community works.",
            body=paragraphs(content.STRATEGY_EN[1:]),
        )
        return faculty_page

    def build_central_pages(self, home):
        pages = {}
        pages["news"] = self.child(
            home,
            ArticleIndexPage,
            "stiri",
            title="Știri",
            show_in_menus=True,
            introduction="Știrile Biroului Alumni al universității.",
        )
        self.translate(
            pages["news"], title="News", slug="news", introduction="News from the university's Alumni Office."
        )
        for index, (title_ro, title_en, intro_ro, intro_en) in enumerate(content.CENTRAL_ARTICLES):
            article = self.child(
                pages["news"],
                ArticlePage,
                slugify(title_ro)[:80],
                title=title_ro,
                date=self.today - timedelta(days=3 + index * 11),
                author_name="Biroul Alumni",
                introduction=intro_ro,
                image=demo_image(f"Birou Alumni – articol {index + 1}", "#14213a", "ALUMNI", index),
                body=paragraphs(content.ARTICLE_BODY_RO),
            )
            self.translate(
                article,
                title=title_en,
                slug=slugify(title_en)[:80],
                introduction=intro_en,
                body=paragraphs(content.ARTICLE_BODY_EN),
            )
        pages["events"] = self.child(
            home,
            EventIndexPage,
            "calendar",
            title="Calendar",
            show_in_menus=True,
            introduction="Evenimentele Biroului Alumni.",
        )
        self.translate(pages["events"], title="Calendar", slug="calendar", introduction="Events of the Alumni Office.")
        gala_start = timezone.make_aware(datetime.combine(self.today + timedelta(days=120), time(19)))
        gala_type, gala_type_en = self.event_types["gala"]
        gala = self.child(
            pages["events"],
            EventPage,
            "gala-alumni",
            title="Gala Alumni",
            start=gala_start,
            end=gala_start + timedelta(hours=4),
            venue="Casa Universitarilor",
            event_type=gala_type,
            capacity=250,
            introduction="Gala anuală care premiază absolvenții remarcabili ai universității.",
        )
        self.update_event(gala, event_type=gala_type, capacity=250)
        gala_en = self.translate(
            gala,
            title="Alumni Gala",
            slug="alumni-gala",
            introduction="The annual gala that honours the university's outstanding graduates.",
            event_type=gala_type_en,
        )
        self.update_event(gala_en, event_type=gala_type_en, capacity=250)
        self.register_people(gala, 0.6, 0, "ro")
        self.register_people(gala_en, 0.2, 0, "en")
        for number, demo_event in enumerate(content.CENTRAL_EVENTS):
            self.build_event(pages["events"], demo_event, days=demo_event.days, pattern=number)
        pages["strategy"] = self.child(
            home,
            StandardPage,
            "strategia-alumni",
            title="Strategia alumni",
            show_in_menus=True,
            introduction="Cum lucrează împreună facultățile și Biroul Alumni.",
            body=[
                ("heading", {"text": "Trei direcții de acțiune", "level": "h2"}),
                *paragraphs(content.STRATEGY_RO),
                (
                    "quote",
                    {
                        "quote": "O comunitate alumni puternică începe în fiecare facultate.",
                        "attribution": "Biroul Alumni",
                    },
                ),
            ],
        )
        self.translate(
            pages["strategy"],
            title="Alumni strategy",
            slug="alumni-strategy",
            introduction="How the faculties and the Alumni Office work together.",
            body=[
                ("heading", {"text": "Three lines of action", "level": "h2"}),
                *paragraphs(content.STRATEGY_EN),
                (
                    "quote",
                    {"quote": "A strong alumni community starts in every faculty.", "attribution": "Alumni Office"},
                ),
            ],
        )
        pages["contact"] = self.child(
            home,
            StandardPage,
            "contact",
            title="Contact",
            show_in_menus=True,
            introduction="Biroul Alumni vă răspunde la întrebări despre comunitate, evenimente și gală.",
            body=paragraphs(
                ["Ne găsiți în clădirea centrală a universității, camera 12, de luni până vineri, între 9 și 16."]
            ),
        )
        self.translate(
            pages["contact"],
            title="Contact",
            slug="contact",
            introduction="The Alumni Office answers questions about the community, events and the gala.",
            body=paragraphs(["Find us in the university's main building, room 12, Monday to Friday, 9:00 to 16:00."]),
        )
        return pages

    # Events ----------------------------------------------------------------------------------------

    def build_event_types(self):
        """Romanian event types with their English translations: {key: (Romanian, English)}."""
        types = {}
        for key, name_ro, name_en in content.EVENT_TYPES:
            event_type = EventType.objects.filter(name=name_ro, locale=self.romanian).first()
            if event_type is None:
                event_type = EventType.objects.create(name=name_ro, locale=self.romanian)
            english = event_type.get_translation_or_none(self.english)
            if english is None:
                english = event_type.copy_for_translation(self.english)
                english.name = name_en
                english.save()
            types[key] = (event_type, english)
        return types

    def build_event(
        self,
        parent,
        demo_event,
        *,
        days,
        pattern,
        fields_ro=None,
        fields_en=None,
        faculty=None,
        faculty_en=None,
        venue_suffix="",
        monthly=False,
    ):
        """An event and its English translation (pointing to the English faculty and type), with registrations
        when places are limited; a monthly event repeats for CLUB_MONTHS months with one date skipped."""
        fields_ro, fields_en = fields_ro or {}, fields_en or {}
        event_type, event_type_en = self.event_types[demo_event.type]
        title = demo_event.title_ro.format(**fields_ro)
        start = timezone.make_aware(datetime.combine(self.today + timedelta(days=days), time(demo_event.hour)))
        organiser = f"responsabilul alumni {faculty.short_name}" if faculty else "Biroul Alumni"
        fields = {"event_type": event_type, "faculty": faculty, "capacity": demo_event.capacity}
        event = EventPage.objects.child_of(parent).filter(slug=slugify(title)[:80]).first()
        if event is None:
            event = EventPage(
                slug=slugify(title)[:80],
                title=title,
                start=start,
                end=start + timedelta(hours=demo_event.duration),
                venue=f"{demo_event.venue}{venue_suffix}",
                introduction=f"Eveniment organizat de {organiser}.",
                body=paragraphs(content.ARTICLE_BODY_RO[:1]),
                **fields,
            )
            if monthly:
                event.recurrence = EventPage.Recurrence.MONTHLY
                event.recurrence_until = (start + timedelta(days=31 * (content.CLUB_MONTHS - 1))).date()
                # Skip the first date at least six weeks away (the club takes a break).
                later = [day for day in event.occurrence_starts() if day.date() >= self.today + timedelta(days=42)]
                if later:
                    skipped = timezone.localtime(later[0]).date()
                    event.recurrence_exceptions = [EventRecurrenceException(date=skipped)]
            parent.add_child(instance=event)
            event.save_revision().publish()
        else:
            self.update_event(event, **fields)
        title_english = demo_event.title_en.format(**fields_en)
        organiser_en = f"the {faculty.short_name} alumni coordinator" if faculty else "the Alumni Office"
        english_fields = {"event_type": event_type_en, "faculty": faculty_en}
        event_en = self.translate(
            event,
            title=title_english,
            slug=slugify(title_english)[:80],
            introduction=f"An event organised by {organiser_en}.",
            body=paragraphs(content.ARTICLE_BODY_EN[:1]),
            **english_fields,
        )
        self.update_event(event_en, **english_fields, capacity=demo_event.capacity)
        if demo_event.capacity:
            share, waiting = content.REGISTRATION_PATTERNS[pattern % len(content.REGISTRATION_PATTERNS)]
            self.register_people(event, share, waiting, "ro")
            self.register_people(event_en, share, waiting, "en")
        return event

    def update_event(self, event, **fields):
        """Bring an event made by an older version of this command up to date (type, faculty, places)."""
        changed = {name: value for name, value in fields.items() if getattr(event, name) != value}
        if changed:
            for name, value in changed.items():
                setattr(event, name, value)
            event.save_revision().publish()

    def register_people(self, event, share: float, waiting: int, language: str):
        """Confirmed registrations for `share` of the places and `waiting` more on the waiting list, once."""
        if not event.capacity or Registration.objects.filter(event=event).exists():
            return
        confirmed = min(event.capacity, round(event.capacity * share))
        role = Registration.Role
        roles = [role.ALUMNUS] * 6 + [role.STUDENT] * 2 + [role.STAFF, role.GUEST]
        registrations = []
        for number in range(confirmed + waiting):
            first_name, last_name = self.people.first_name(), self.people.last_name()
            person_role = self.people.random_element(roles)
            registrations.append(
                Registration(
                    event=event,
                    name=f"{first_name} {last_name}",
                    email=f"{slugify(first_name)}.{slugify(last_name)}.{number + 1}@example.ro",
                    role=person_role,
                    faculty=event.faculty,
                    graduation_year=self.people.random_int(1985, 2025) if person_role == role.ALUMNUS else None,
                    language=language,
                    consent_text=content.REGISTRATION_CONSENT,
                    status=Registration.Status.CONFIRMED if number < confirmed else Registration.Status.WAITING,
                )
            )
        Registration.objects.bulk_create(registrations)

    def build_settings(self, home, central):
        site = Site.objects.get(is_default_site=True)
        settings = SiteSettings.for_site(site)
        settings.organisation_name = "Biroul Alumni · Universitatea din Cluj"
        settings.address = "Str. Universității nr. 1\n400091 Cluj-Napoca"
        settings.email = "alumni@example.ro"
        settings.phone = "+40 264 405 300"
        settings.facebook_url = "https://www.facebook.com/"
        settings.linkedin_url = "https://www.linkedin.com/"
        links = [("page_link", {"page": home, "label": ""})]
        links += [("page_link", {"page": central[key], "label": ""}) for key in ("news", "events", "strategy")]
        settings.navigation = links + [("page_link", {"page": central["contact"], "label": ""})]
        settings.footer_links = [("page_link", {"page": central[key], "label": ""}) for key in ("strategy", "contact")]
        settings.save()

    # People ----------------------------------------------------------------------------------------

    def build_users(self, faculty_pages, password):
        password = password or secrets.token_urlsafe(12)
        User = get_user_model()
        admin, _ = User.objects.get_or_create(username="admin", defaults={"email": "admin@example.ro"})
        admin.is_staff = admin.is_superuser = True
        admin.set_password(password)
        admin.save()
        access_admin = Permission.objects.get(codename="access_admin")
        # Faculty editors work with their own faculty's alumni (the admin scopes them by page permissions).
        alumni_permissions = Permission.objects.filter(
            content_type__app_label="alumni",
            codename__in=["add_alumnus", "change_alumnus", "view_alumnus", "view_community"],
        )
        page_permissions = Permission.objects.filter(
            content_type__app_label="wagtailcore",
            codename__in=["add_page", "change_page", "publish_page", "lock_page"],
        )
        groups = {}
        for faculty_page in faculty_pages:
            group, _ = Group.objects.get_or_create(name=f"Editori {faculty_page.faculty.short_name}")
            group.permissions.add(access_admin, *alumni_permissions)
            for permission in page_permissions:
                GroupPagePermission.objects.get_or_create(group=group, page=faculty_page, permission=permission)
            groups[faculty_page.faculty.short_name] = group
        editor, _ = User.objects.get_or_create(
            username="editor.fmi", defaults={"email": "editor.fmi@example.ro", "first_name": "Editor FMI"}
        )
        editor.is_staff = True
        editor.set_password(password)
        editor.save()
        editor.groups.add(groups["FMI"])
        return password
