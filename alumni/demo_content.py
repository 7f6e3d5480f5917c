"""What the demo's alumni look like: professional communities, where each faculty's graduates work, countries and
cities, employers and job titles, and the consent texts. `AlumnusFactory(believable=True)` draws from these tables
(alumni/factories.py); the demo (alumni/demo.py) and the benchmarks build their people with it."""

from alumni.models import ConsentPurpose, StudyCycle

# Romanian name, English name, the sector whose graduates may join.
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

# The sectors a faculty's graduates mostly go into (by the demo faculties' short names); the rest spread over
# every sector.
FACULTY_SECTORS = {
    "FMI": ["it", "it", "it", "education", "research", "finance"],
    "FIZ": ["research", "it", "education", "industry"],
    "FCIC": ["industry", "research", "health", "education"],
    "FBG": ["research", "health", "education", "nonprofit"],
    "FGEO": ["public", "education", "research", "nonprofit"],
    "FD": ["law", "law", "public", "business"],
    "FL": ["education", "culture", "culture", "nonprofit"],
    "FIF": ["education", "culture", "research"],
    "FSAS": ["nonprofit", "public", "research", "education"],
    "FPSE": ["education", "health", "nonprofit"],
    "FSEGA": ["finance", "finance", "business", "business", "it"],
    "FSPAC": ["public", "public", "culture", "nonprofit"],
    "FEFS": ["education", "health", "business"],
    "FTF": ["culture", "culture", "education"],
}

# Country and weight (per cent).
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
