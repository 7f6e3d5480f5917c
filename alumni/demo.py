"""Alumni's demo data: professional communities, the directory (the university's and one per faculty) and the join
page, thousands of people across the faculties (`--alumni`, with a believable spread of years, work and consents),
the demo alumnus's account, and what the faculty editors may do with their own faculty's people.

Safe to run again: communities and pages are found by slug, people by e-mail address.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.utils import timezone

from alumni import demo_content as content
from alumni import name_search
from alumni.directory import counts as directory_counts
from alumni.factories import (
    AlumnusFactory,
    CommunityFactory,
    ConsentFactory,
    DirectoryPageFactory,
    JoinPageFactory,
    ascii_slug,
)
from alumni.models import Alumnus, AlumnusAccount, Community, Consent, ConsentPurpose
from home.factories import translate_snippet

if TYPE_CHECKING:
    from home.extensions import DemoContext
    from home.models import FacultyPage

DEFAULT_ALUMNI = 3000
DEMO_EMAIL_DOMAIN = "example.ro"
DEMO_NUMBER = re.compile(rf"\.(\d+)@{re.escape(DEMO_EMAIL_DOMAIN)}$")
DIRECTORY_ORDER, JOIN_ORDER = 30, 40  # in the main navigation: after the calendar, before the strategy
# Faculty editors work with their own faculty's alumni (the admin scopes them by faculty).
FACULTY_EDITOR_PERMISSIONS = ["add_alumnus", "change_alumnus", "view_alumnus", "view_community"]


def load(context: DemoContext) -> None:
    communities = build_communities(context)
    directory, join = build_pages(context)
    context.add_navigation(directory, order=DIRECTORY_ORDER)
    context.add_navigation(join, order=JOIN_ORDER)
    context.grant_faculty_editors("alumni", FACULTY_EDITOR_PERMISSIONS)
    created = build_people(context, communities, context.options.get("alumni", DEFAULT_ALUMNI))
    context.stdout.write(f"Demo alumni ready: {created} new, {Alumnus.objects.count()} in all.")
    account_email = build_account(context.password)
    if account_email:
        context.add_login(f"Alumni sign-in (public site): {account_email}  password: {context.password}")


def build_communities(context: DemoContext) -> list[Community]:
    communities = []
    for name_ro, name_en, _sector in content.COMMUNITIES:
        slug = ascii_slug(name_ro)
        community = Community.objects.filter(locale=context.romanian, slug=slug).first()
        if community is None:
            community = CommunityFactory(
                locale=context.romanian,
                name=name_ro,
                slug=slug,
                description=f"Absolvenți din domeniul „{name_ro.lower()}”: întâlniri, mentorat și schimb de "
                f"experiență.",
            )
            translate_snippet(
                community,
                context.english,
                name=name_en,
                description=f"Graduates working in {name_en.lower()}: meetings, mentoring and shared experience.",
            )
        communities.append(community)
    return communities


def build_pages(context: DemoContext):
    directory = context.child(
        context.home,
        DirectoryPageFactory,
        "director",
        title="Directorul alumni",
        show_in_menus=True,
        introduction="Găsește colegi de generație, mentori și profesioniști din toate facultățile. Apar aici doar "
        "absolvenții care au ales să fie listați, cu datele pe care le-au făcut publice.",
    )
    context.translate(
        directory,
        title="Alumni directory",
        slug="directory",
        introduction="Find classmates, mentors and professionals from every faculty. Only graduates who chose "
        "to be listed appear here, with the details they made public.",
    )
    for faculty_page in context.faculty_pages:
        short_name = faculty_page.faculty.short_name
        section = context.child(
            faculty_page,
            DirectoryPageFactory,
            "absolventi",
            title="Absolvenți",
            show_in_menus=True,
            introduction=f"Absolvenții {short_name} care au ales să fie listați.",
        )
        context.translate(
            section,
            title="Graduates",
            slug="graduates",
            introduction=f"{short_name} graduates who chose to be listed.",
        )
    join = context.child(
        context.home,
        JoinPageFactory,
        "inscriere",
        title="Alătură-te comunității alumni",
        show_in_menus=True,
        introduction="Completează formularul: confirmi adresa de e-mail, iar coordonatorul alumni al facultății "
        "tale aprobă înscrierea. Tu alegi ce date vede fiecare.",
        privacy_notice="<p>Datele sunt prelucrate de Biroul Alumni în scopurile bifate mai sus. Poți descărca, "
        "modifica sau șterge oricând datele din contul tău. Nu colectăm codul numeric personal.</p>",
        thank_you_text="Mulțumim! Ți-am trimis un e-mail: deschide legătura din el pentru a confirma adresa.",
    )
    context.translate(
        join,
        title="Join the alumni community",
        slug="join",
        introduction="Fill in the form: you confirm your e-mail address and your faculty's alumni coordinator "
        "approves you. You choose who sees what.",
        directory_consent_text=content.CONSENTS_EN[ConsentPurpose.DIRECTORY],
        newsletter_consent_text=content.CONSENTS_EN[ConsentPurpose.NEWSLETTER],
        surveys_consent_text=content.CONSENTS_EN[ConsentPurpose.SURVEYS],
        privacy_notice="<p>The Alumni Office processes your data for the purposes you tick above. You can "
        "download, change or erase it at any time from your account. We never collect national ID numbers.</p>",
        thank_you_text="Thank you! We have sent you an e-mail: open its link to confirm your address.",
    )
    return directory, join


def build_people(context: DemoContext, communities: list[Community], count: int) -> int:
    """`count` people spread over the faculties in turn. Each is known by the number that ends the local part of
    their e-mail address (ana.pop.7@example.ro is number 7), so a number already there (even from an older demo
    that drew other names) is not made again. The registered ones get their consents logged; about half join
    their sector's community."""
    faculty_pages: list[FacultyPage] = context.faculty_pages
    emails = Alumnus.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").values_list("email", flat=True)
    existing = {int(match[1]) for email in emails.iterator() if (match := DEMO_NUMBER.search(email))}
    people = [
        AlumnusFactory.build(believable=True, faculty=faculty_pages[number % len(faculty_pages)].faculty, number=number)
        for number in range(count)
        if number not in existing
    ]
    Alumnus.objects.bulk_create(people, batch_size=500)
    saved = {person.email: person for person in Alumnus.objects.filter(email__in=[p.email for p in people])}
    community_by_sector: dict[str, list[Community]] = {}
    for community, (_ro, _en, sector) in zip(communities, content.COMMUNITIES, strict=True):
        community_by_sector.setdefault(sector, []).append(community)
    rng = context.rng("alumni")
    now = timezone.now()
    consents, memberships = [], []
    for person in people:
        saved_person = saved[person.email]
        if person.source == Alumnus.Source.REGISTRATION:
            consents += [
                ConsentFactory.build(
                    alumnus=saved_person, purpose=purpose, given=getattr(person, f"consent_{purpose}"), at=now
                )
                for purpose in content.CONSENTS_RO
            ]
        options = community_by_sector.get(person.sector, [])
        if options and rng.random() < 0.45:
            memberships.append(Alumnus.communities.through(alumnus_id=saved_person.pk, community_id=options[0].pk))
    Consent.objects.bulk_create(consents, batch_size=1000)
    Alumnus.communities.through.objects.bulk_create(memberships, batch_size=1000)
    directory_counts.rebuild()  # bulk_create sends no signals
    name_search.rebuild()
    return len(people)


def build_account(password: str) -> str:
    """One demo alumnus who can sign in (the first approved, consenting FMI graduate): their e-mail address."""
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
