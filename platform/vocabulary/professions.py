"""The professions the platform ships (code, Danish, English, family)."""

PROFESSIONS = [
    ("jobcentre-caseworker", "Jobkonsulent", "Job-centre caseworker", "employment"),
    ("employer-consultant", "Virksomhedskonsulent", "Employer consultant", "employment"),
    ("social-worker", "Socialrådgiver", "Social worker", "social"),
    ("social-educator", "Socialpædagog", "Social educator", "social"),
    ("pedagogue", "Pædagog", "Pedagogue", "pedagogy"),
    ("pedagogical-assistant", "Pædagogisk assistent", "Pedagogical assistant", "pedagogy"),
    ("teacher", "Lærer", "Teacher", "education"),
    ("sosu-assistant", "Social- og sundhedsassistent", "Social- and health-care assistant", "care"),
    ("sosu-helper", "Social- og sundhedshjælper", "Social- and health-care helper", "care"),
    ("needs-assessor", "Visitator", "Needs assessor", "care"),
    ("nurse", "Sygeplejerske", "Nurse", "health"),
    ("home-nurse", "Hjemmesygeplejerske", "Home nurse", "health"),
    ("physiotherapist", "Fysioterapeut", "Physiotherapist", "health"),
    ("occupational-therapist", "Ergoterapeut", "Occupational therapist", "health"),
    ("hr-consultant", "HR-konsulent", "HR consultant", "administration"),
    (
        "case-officer",
        "Administrativ sagsbehandler",
        "Administrative case officer",
        "administration",
    ),
    ("manager", "Leder", "Manager", "leadership"),
]

# Competences a swapper can learn (code, Danish, English); HR can add more.
COMPETENCES = [
    ("motivational-interviewing", "Motiverende samtaler", "Motivational interviewing"),
    ("citizen-involvement", "Borgerinddragelse", "Citizen involvement"),
    ("rehabilitation", "Rehabilitering", "Rehabilitation"),
    ("cross-disciplinary-work", "Tværfagligt samarbejde", "Cross-disciplinary work"),
    ("employer-contact", "Virksomhedskontakt", "Working with employers"),
    ("digital-workflows", "Digitale arbejdsgange", "Digital workflows"),
    ("casework-law", "Sagsbehandling og forvaltningsret", "Casework and administrative law"),
    ("needs-assessment", "Visitation og udredning", "Needs assessment"),
    ("documentation", "Dokumentation", "Documentation"),
    ("pedagogical-methods", "Pædagogiske metoder", "Pedagogical methods"),
    ("health-promotion", "Sundhedsfremme og forebyggelse", "Health promotion and prevention"),
    ("conflict-handling", "Konflikthåndtering", "Conflict handling"),
    ("relatives-dialogue", "Dialog med pårørende", "Dialogue with relatives"),
    ("youth-employment", "Unge og uddannelse", "Young people and education"),
    ("mentoring", "Mentorordninger", "Mentoring"),
    ("network-mapping", "Netværksarbejde", "Working with networks"),
    ("change-management", "Forandringsledelse", "Change management"),
    ("leadership", "Ledelse", "Leadership"),
    ("interface-coordination", "Koordinering i snitflader", "Coordination across interfaces"),
    (
        "workplace-culture",
        "Arbejdskultur og nye perspektiver",
        "Workplace culture and new perspectives",
    ),
]

# Interface roles: professions in different families whose work meets, so
# that one can take over the other's post in a swap (the pairs the platform
# ships; professions in the same family are related). HR can add more.
INTERFACES = [
    ("needs-assessor", "home-nurse"),
    ("needs-assessor", "occupational-therapist"),
    ("jobcentre-caseworker", "social-worker"),
    ("employer-consultant", "case-officer"),
    ("social-educator", "pedagogue"),
    ("pedagogue", "teacher"),
    ("sosu-assistant", "nurse"),
    ("sosu-assistant", "home-nurse"),
]
