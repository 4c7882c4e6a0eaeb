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
