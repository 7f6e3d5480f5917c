"""Demo alumni: thousands of people across the faculties, with a believable spread of years, work and consents.

Run by `load_demo_data` after the faculties exist; safe to run again (people are matched on e-mail).
"""

import random
import unicodedata

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker
from wagtail.models import Locale, Site

from alumni.models import (
    HELP_OFFER_FIELDS,
    Alumnus,
    AlumnusAccount,
    Community,
    Consent,
    ConsentPurpose,
    DirectoryPage,
    JoinPage,
    Sector,
    StudyCycle,
    Visibility,
    consent_text_version,
)
from home.models import FacultyPage, HomePage, SiteSettings

SEED = 2027

COMMUNITIES = [
    ("Ingineri software", "Software engineers", "it"),
    ("Profesori și educatori", "Teachers and educators", "education"),
    ("Cercetători", "Researchers", "research"),
    ("Medici și farmaciști", "Physicians and pharmacists", "health"),
    ("Juriști", "Lawyers", "law"),
    ("Finanțe și bănci", "Finance and banking", "finance"),
    ("Antreprenori", "Entrepreneurs", "business"),
    ("Administrație publică", "Public administration", "public"),
    ("Cultură și media", "Culture and media", "culture"),
    ("ONG și organizații internaționale", "NGOs and international organisations", "nonprofit"),
]

# The sectors a faculty's graduates mostly go into; the rest spread over every sector.
FACULTY_SECTORS = {
    "FMI": ["it", "it", "it", "education", "research", "finance"],
    "FIZ": ["research", "it", "education", "industry"],
    "FCIC": ["industry", "research", "health", "education"],
    "FBG": ["research", "health", "education", "nonprofit"],
    "FGG": ["public", "education", "research", "nonprofit"],
    "FD": ["law", "law", "public", "business"],
    "FL": ["education", "culture", "culture", "nonprofit"],
    "FIST": ["education", "culture", "research"],
    "FSEGA": ["finance", "finance", "business", "business", "it"],
    "FSPAC": ["public", "public", "culture", "nonprofit"],
    "FPSE": ["education", "health", "nonprofit"],
    "FEFS": ["education", "health", "business"],
    "FTO": ["education", "nonprofit", "culture"],
    "FSE": ["business", "nonprofit", "public", "industry"],
}

COUNTRIES = [("România", 86), ("Germania", 3), ("Regatul Unit", 3), ("Franța", 2), ("Italia", 1), ("Spania", 1)]
COUNTRIES += [("Olanda", 1), ("Statele Unite ale Americii", 2), ("Canada", 1)]
CITIES = {
    "România": ["Cluj-Napoca"] * 6 + ["București", "București", "Timișoara", "Iași", "Brașov", "Oradea", "Sibiu"],
    "Germania": ["München", "Berlin"],
    "Regatul Unit": ["Londra", "Edinburgh"],
    "Franța": ["Paris", "Lyon"],
    "Italia": ["Milano"],
    "Spania": ["Madrid"],
    "Olanda": ["Amsterdam"],
    "Statele Unite ale Americii": ["Seattle", "New York"],
    "Canada": ["Toronto"],
}
EMPLOYERS = {
    "it": ["Nordic Software SRL", "Cluj Cloud Systems", "Transilvania Data", "Fortech", "Endava"],
    "education": ["Colegiul Național „George Coșbuc”", "Liceul Teoretic „Avram Iancu”", "Școala Gimnazială nr. 1"],
    "research": ["Institutul de Cercetări Biologice", "Institutul Național de Fizică", "Universitatea din Cluj"],
    "public": ["Primăria Cluj-Napoca", "Consiliul Județean Cluj", "Ministerul Educației"],
    "health": ["Spitalul Clinic Județean", "Farmacia Clujana", "Centrul Medical Transilvania"],
    "finance": ["Banca Transilvania", "BRD", "Deloitte România"],
    "industry": ["Emerson", "Bosch România", "Terapia"],
    "law": ["Baroul Cluj", "Cabinet de avocatură Pop & Asociații", "Tribunalul Cluj"],
    "culture": ["Teatrul Național Cluj", "Radio Cluj", "Editura Școala Ardeleană"],
    "business": ["Antreprenor", "Transilvania Consulting", "Grupul Napoca"],
    "nonprofit": ["Fundația Comunitară Cluj", "Crucea Roșie", "UNICEF"],
    "other": ["Liber profesionist"],
}
JOB_TITLES = {
    "it": ["Inginer software", "Arhitect de sistem", "Analist de date", "Manager de proiect"],
    "education": ["Profesor", "Director de școală", "Consilier școlar"],
    "research": ["Cercetător științific", "Doctorand", "Șef de laborator"],
    "public": ["Consilier", "Inspector", "Director de direcție"],
    "health": ["Medic", "Farmacist", "Psiholog clinician"],
    "finance": ["Analist financiar", "Auditor", "Director de sucursală"],
    "industry": ["Inginer de proces", "Chimist", "Manager de producție"],
    "law": ["Avocat", "Judecător", "Consilier juridic"],
    "culture": ["Jurnalist", "Editor", "Actor"],
    "business": ["Fondator", "Consultant", "Manager general"],
    "nonprofit": ["Coordonator de program", "Director executiv", "Specialist în comunicare"],
    "other": ["Liber profesionist"],
}
PROGRAMMES = {
    StudyCycle.BACHELOR: "Licență",
    StudyCycle.MASTER: "Master",
    StudyCycle.DOCTORATE: "Doctorat",
}

CONSENTS_RO = {
    ConsentPurpose.DIRECTORY: "Sunt de acord ca numele meu și datele pe care le aleg să apară în directorul alumni.",
    ConsentPurpose.NEWSLETTER: "Doresc să primesc newsletterul alumni prin e-mail.",
    ConsentPurpose.SURVEYS: "Accept să fiu invitat la sondajele periodice de satisfacție ale biroului alumni.",
}
CONSENTS_EN = {
    ConsentPurpose.DIRECTORY: "I agree that my name and the details I choose appear in the alumni directory.",
    ConsentPurpose.NEWSLETTER: "I would like to receive the alumni newsletter by e-mail.",
    ConsentPurpose.SURVEYS: "I agree to be invited to the alumni office's periodic satisfaction surveys.",
}


def ascii_slug(text: str) -> str:
    return slugify(unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode())


class Command(BaseCommand):
    help = "Create the demo alumni, professional communities, directory and registration pages."

    def add_arguments(self, parser):
        parser.add_argument("--alumni", type=int, default=3000, help="How many people to create (default 3000).")
        parser.add_argument("--password", default="", help="Password of the demo alumni account (printed).")

    def handle(self, *args, **options):
        if options["alumni"] < 0:
            raise CommandError("--alumni must not be negative.")
        self.rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
        self.fake = Faker("ro_RO")
        self.fake.seed_instance(SEED)
        self.romanian = Locale.objects.get(language_code="ro")
        self.english = Locale.objects.get_or_create(language_code="en")[0]
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.specific
        if not isinstance(home, HomePage):
            raise CommandError("The default site's root page is not a HomePage; run load_demo_data.")
        faculty_pages = list(FacultyPage.objects.filter(locale=self.romanian).select_related("faculty"))
        if not faculty_pages:
            raise CommandError("No faculties yet; run load_demo_data first.")
        with transaction.atomic():
            communities = self.build_communities()
            directory, join = self.build_pages(home, faculty_pages)
            self.add_to_navigation(site, directory, join)
            created = self.build_people(faculty_pages, communities, options["alumni"])
            account_email = self.build_account(options["password"])
        self.stdout.write(self.style.SUCCESS(f"Demo alumni ready: {created} new, {Alumnus.objects.count()} in all."))
        if account_email:
            self.stdout.write(f"Alumni sign-in (public site): {account_email}  password: {options['password']}")

    def build_communities(self) -> list[Community]:
        communities = []
        for name_ro, name_en, _sector in COMMUNITIES:
            slug = ascii_slug(name_ro)
            community = Community.objects.filter(locale=self.romanian, slug=slug).first()
            if community is None:
                community = Community.objects.create(
                    locale=self.romanian,
                    name=name_ro,
                    slug=slug,
                    description=f"Absolvenți din domeniul „{name_ro.lower()}”: întâlniri, mentorat și schimb de "
                    f"experiență.",
                )
                english = community.copy_for_translation(self.english)
                english.name = name_en
                english.description = f"Graduates working in {name_en.lower()}: meetings, mentoring and shared "
                english.description += "experience."
                english.save()
            communities.append(community)
        return communities

    def child(self, parent, model, slug, **fields):
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = model(slug=slug, **fields)
            parent.add_child(instance=page)
            page.save_revision().publish()
        return page

    def translate(self, page, **fields):
        translation = page.get_translation_or_none(self.english)
        if translation is None:
            translation = page.copy_for_translation(self.english, copy_parents=True)
            for name, value in fields.items():
                setattr(translation, name, value)
            translation.save_revision().publish()
        return translation

    def build_pages(self, home, faculty_pages):
        directory = self.child(
            home,
            DirectoryPage,
            "director",
            title="Directorul alumni",
            show_in_menus=True,
            introduction="Găsiți colegi de generație, mentori și profesioniști din toate facultățile. Apar aici doar "
            "absolvenții care au ales să fie listați, cu datele pe care le-au făcut publice.",
        )
        self.translate(
            directory,
            title="Alumni directory",
            slug="directory",
            introduction="Find classmates, mentors and professionals from every faculty. Only graduates who chose "
            "to be listed appear here, with the details they made public.",
        )
        for faculty_page in faculty_pages:
            section = self.child(
                faculty_page,
                DirectoryPage,
                "absolventi",
                title="Absolvenți",
                show_in_menus=True,
                introduction=f"Absolvenții {faculty_page.faculty.short_name} care au ales să fie listați.",
            )
            self.translate(
                section,
                title="Graduates",
                slug="graduates",
                introduction=f"{faculty_page.faculty.short_name} graduates who chose to be listed.",
            )
        join = self.child(
            home,
            JoinPage,
            "inscriere",
            title="Alătură-te comunității alumni",
            show_in_menus=True,
            introduction="Completează formularul: confirmi adresa de e-mail, iar coordonatorul alumni al facultății "
            "tale aprobă înscrierea. Tu alegi ce date vede fiecare.",
            directory_consent_text=CONSENTS_RO[ConsentPurpose.DIRECTORY],
            newsletter_consent_text=CONSENTS_RO[ConsentPurpose.NEWSLETTER],
            surveys_consent_text=CONSENTS_RO[ConsentPurpose.SURVEYS],
            privacy_notice="<p>Datele sunt prelucrate de Biroul Alumni în scopurile bifate mai sus. Poți descărca, "
            "modifica sau șterge oricând datele din contul tău. Nu colectăm codul numeric personal.</p>",
            thank_you_text="Mulțumim! Ți-am trimis un e-mail: deschide legătura din el pentru a confirma adresa.",
        )
        self.translate(
            join,
            title="Join the alumni community",
            slug="join",
            introduction="Fill in the form: you confirm your e-mail address and your faculty's alumni coordinator "
            "approves you. You choose who sees what.",
            directory_consent_text=CONSENTS_EN[ConsentPurpose.DIRECTORY],
            newsletter_consent_text=CONSENTS_EN[ConsentPurpose.NEWSLETTER],
            surveys_consent_text=CONSENTS_EN[ConsentPurpose.SURVEYS],
            privacy_notice="<p>The Alumni Office processes your data for the purposes you tick above. You can "
            "download, change or erase it at any time from your account. We never collect national ID numbers.</p>",
            thank_you_text="Thank you! We have sent you an e-mail: open its link to confirm your address.",
        )
        return directory, join

    def add_to_navigation(self, site, directory, join) -> None:
        settings = SiteSettings.for_site(site)
        linked = {block.value["page"].pk for block in settings.navigation if block.value.get("page")}
        changed = False
        for page in (directory, join):
            if page.pk not in linked:
                settings.navigation.append(("page_link", {"page": page, "label": ""}))
                changed = True
        if changed:
            settings.save()

    def build_people(self, faculty_pages, communities, count: int) -> int:
        existing = set(Alumnus.objects.values_list("email", flat=True))
        community_by_sector: dict[str, list[Community]] = {}
        for community, (_ro, _en, sector) in zip(communities, COMMUNITIES, strict=True):
            community_by_sector.setdefault(sector, []).append(community)
        this_year = timezone.localdate().year
        people, consents, memberships = [], [], []
        for number in range(count):
            person = self.make_person(number, faculty_pages, this_year)
            if person.email in existing:
                continue
            people.append(person)
        Alumnus.objects.bulk_create(people, batch_size=500)
        saved = {person.email: person for person in Alumnus.objects.filter(email__in=[p.email for p in people])}
        now = timezone.now()
        for person in people:
            saved_person = saved[person.email]
            if person.source == Alumnus.Source.REGISTRATION:
                for purpose, text in CONSENTS_RO.items():
                    consents.append(
                        Consent(
                            alumnus=saved_person,
                            purpose=purpose,
                            given=getattr(person, f"consent_{purpose}"),
                            at=now,
                            text=text,
                            text_version=consent_text_version(text),
                            source=Consent.Source.REGISTRATION,
                        )
                    )
            options = community_by_sector.get(person.sector, [])
            if options and self.rng.random() < 0.45:
                memberships.append(Alumnus.communities.through(alumnus_id=saved_person.pk, community_id=options[0].pk))
        Consent.objects.bulk_create(consents, batch_size=1000)
        Alumnus.communities.through.objects.bulk_create(memberships, batch_size=1000)
        return len(people)

    def make_person(self, number: int, faculty_pages, this_year: int) -> Alumnus:
        rng = self.rng
        faculty_page = faculty_pages[number % len(faculty_pages)]
        faculty = faculty_page.faculty
        female = rng.random() < 0.55
        first_name = self.fake.first_name_female() if female else self.fake.first_name_male()
        last_name = self.fake.last_name()
        if rng.random() < 0.04:
            # Older data typed on keyboards with the cedilla letters.
            first_name = first_name.replace("ș", "ş").replace("ț", "ţ").replace("Ș", "Ş").replace("Ț", "Ţ")
            last_name = last_name.replace("ș", "ş").replace("ț", "ţ").replace("Ș", "Ş").replace("Ț", "Ţ")
        # More recent graduates than old ones, as in every alumni database.
        graduation_year = this_year - min(int(rng.expovariate(1 / 9)), 50)
        cycle = rng.choices(list(StudyCycle), weights=[62, 32, 6])[0]
        sector = rng.choice(FACULTY_SECTORS.get(faculty.short_name, []) + [rng.choice(Sector.values)])
        country = rng.choices([c for c, _ in COUNTRIES], weights=[w for _, w in COUNTRIES])[0]
        source = Alumnus.Source.IMPORT if rng.random() < 0.4 else Alumnus.Source.REGISTRATION
        status = rng.choices(
            [Alumnus.Status.APPROVED, Alumnus.Status.PENDING, Alumnus.Status.REJECTED, Alumnus.Status.UNCONFIRMED],
            weights=[88, 6, 2, 4],
        )[0]
        if source == Alumnus.Source.IMPORT:
            status = Alumnus.Status.APPROVED
        consenting = source == Alumnus.Source.REGISTRATION
        helps = rng.random() < 0.3
        person = Alumnus(
            faculty=faculty,
            first_name=first_name,
            last_name=last_name,
            email=f"{ascii_slug(first_name)}.{ascii_slug(last_name)}.{number}@example.ro".replace("-", "."),
            study_cycle=cycle,
            programme=f"{PROGRAMMES[cycle]} {faculty_page.title.replace('Facultatea de ', '')}",
            graduation_year=graduation_year,
            employer=rng.choice(EMPLOYERS.get(sector, EMPLOYERS["other"])),
            job_title=rng.choice(JOB_TITLES.get(sector, JOB_TITLES["other"])),
            sector=sector,
            city=rng.choice(CITIES[country]),
            country=country,
            consent_directory=consenting and rng.random() < 0.85,
            consent_newsletter=consenting and rng.random() < 0.6,
            consent_surveys=consenting and rng.random() < 0.45,
            status=status,
            source=source,
            email_confirmed_at=timezone.now() if status != Alumnus.Status.UNCONFIRMED else None,
        )
        for field_name in HELP_OFFER_FIELDS.values():
            setattr(person, field_name, helps and rng.random() < 0.5)
        if rng.random() < 0.3:
            person.visibility = {"employer": Visibility.PUBLIC, "job_title": Visibility.PUBLIC}
        if rng.random() < 0.1:
            person.visibility = {**(person.visibility or {}), "email": Visibility.ALUMNI}
        person.refresh_derived_fields()
        return person

    def build_account(self, password: str) -> str:
        """One signed-in demo alumnus (the first approved, consenting FMI graduate), if a password is given."""
        if not password:
            return ""
        person = (
            Alumnus.objects.listed()
            .filter(faculty__short_name="FMI", source=Alumnus.Source.REGISTRATION)
            .order_by("pk")
            .first()
        )
        if person is None:
            return ""
        account, _ = AlumnusAccount.objects.get_or_create(alumnus=person)
        account.set_password(password)
        account.save()
        return person.email
