"""Benchmark: HR imports 10,000 employees from a spreadsheet.

Run with ``./tvaers bench bench/import_staff.py`` (embedded PostgreSQL) or
with DATABASE_URL pointing at a server. Works in its own scratch database
(<name>_bench), dropped afterwards unless --keep is given. Generates a
realistic file (8 administrations, their departments and some 400
workplaces with addresses and places, a leader for every workplace and
department, leaders named by e-mail or by employee number, professions by
code or Danish name, a few leavers) and imports it into a fresh
municipality the way the worker does — upload, read and check (the
preview), apply — then imports the same file again and a file with 5 % of
the people changed. Prints the time of each step."""

import argparse
import csv
import hashlib
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]

sys.path.insert(0, str(Path(__file__).resolve().parent))
from provisioning import drop_database, scratch_database  # noqa: E402

ADMINISTRATIONS = {
    "Beskæftigelse": ["Jobcenter", "Ungeenheden", "Virksomhedsservice"],
    "Børn og Unge": ["Dagtilbud", "Skoler", "Familieafdelingen", "PPR"],
    "Social og Sundhed": ["Hjemmeplejen", "Plejecentre", "Sygeplejen", "Træning"],
    "Teknik og Miljø": ["Vej og Park", "Byggeri"],
    "Kultur og Fritid": ["Biblioteker", "Fritid"],
    "Økonomi": ["Løn og Personale", "Regnskab"],
    "Borgerservice": ["Borgerservice", "Ydelser"],
    "Handicap og Psykiatri": ["Bosteder", "Socialpsykiatri"],
}
# Professions each administration employs (vocabulary codes; some rows use
# the Danish name instead, as a payroll export might).
STAFF = {
    "Beskæftigelse": ["jobcentre-caseworker", "employer-consultant", "case-officer"],
    "Børn og Unge": ["pedagogue", "pedagogical-assistant", "teacher", "social-worker"],
    "Social og Sundhed": [
        "sosu-assistant",
        "sosu-helper",
        "nurse",
        "home-nurse",
        "physiotherapist",
        "occupational-therapist",
        "needs-assessor",
    ],
    "Teknik og Miljø": ["case-officer"],
    "Kultur og Fritid": ["case-officer", "pedagogue"],
    "Økonomi": ["hr-consultant", "case-officer"],
    "Borgerservice": ["case-officer"],
    "Handicap og Psykiatri": ["social-educator", "social-worker", "sosu-assistant"],
}
ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
HEADER = [
    "medarbejdernummer",
    "e-mail",
    "navn",
    "stillingsbetegnelse",
    "fag",
    "forvaltning",
    "afdeling",
    "arbejdsplads",
    "adresse",
    "bredde",
    "længde",
    "leder",
    "roller",
    "fratrådt",
]
FIRST = [
    "Anne",
    "Mette",
    "Hanne",
    "Susanne",
    "Lene",
    "Jens",
    "Peter",
    "Lars",
    "Søren",
    "Mads",
    "Ida",
    "Freja",
    "Mikkel",
    "Rasmus",
    "Karen",
    "Bo",
    "Ørsted",
    "Åse",
]
LAST = [
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Madsen",
    "Kristensen",
    "Østergaard",
    "Møller",
]


def generate(n: int, seed: int, names: dict[str, str]) -> list[list[str]]:
    """``n`` rows: per administration a director, per department a head, per
    workplace a leader, the rest staff; leaders first only by chance (the
    file's order does not matter)."""
    rng = random.Random(seed)  # noqa: S311
    workplaces = []
    for administration, departments in ADMINISTRATIONS.items():
        for department in departments:
            for k in range(1, 16):
                workplaces.append((administration, department, f"{department} {k}"))
    rows, number = [], 100000

    def add(title, profession, path, leader, roles, place=("", "", "")):
        nonlocal number
        number += 1
        first, last = rng.choice(FIRST), rng.choice(LAST)
        local = f"{first}.{last}".lower().translate(ASCII)
        email = f"{local}.{number}@bench.kommune.dk"
        if rng.random() < 0.3:
            profession = names[profession]  # the Danish name, not the code
        rows.append(
            [
                str(number),
                email,
                f"{first} {last}",
                title,
                profession,
                *path,
                *place,
                leader,
                roles,
                "",
            ]
        )
        return email, str(number)

    directors = {}
    for administration in ADMINISTRATIONS:
        directors[administration] = add(
            "Direktør",
            "manager",
            (administration, "Direktion", "Direktionssekretariat"),
            "",
            "medarbejder, leder",
        )
    heads = {}
    for administration, departments in ADMINISTRATIONS.items():
        for department in departments:
            heads[department] = add(
                "Afdelingsleder",
                "manager",
                (administration, department, f"{department} 1"),
                directors[administration][0],
                "leder, medarbejder",
            )
    leaders = {}
    for place in workplaces:
        latitude, longitude = 55.0 + rng.random() * 2, 8.5 + rng.random() * 3
        spot = (
            f"Gade {rng.randint(1, 99)}, 7100 Vejle",
            f"{latitude:.6f}".replace(".", ","),
            f"{longitude:.6f}".replace(".", ","),
        )
        head_email, head_number = heads[place[1]]
        # Leaders named by e-mail or by employee number, as exports differ.
        leaders[place] = add(
            "Leder",
            "manager",
            place,
            rng.choice([head_email, head_number]),
            "medarbejder, leder",
            spot,
        )
    while len(rows) < n:
        place = rng.choice(workplaces)
        profession = rng.choice(STAFF[place[0]])
        email, number_ = leaders[place]
        roles = rng.choices(
            ["medarbejder", "", "medarbejder, coach", "medarbejder, hr"], weights=[80, 15, 3, 2]
        )[0]
        add(names[profession].capitalize(), profession, place, rng.choice([email, number_]), roles)
    for row in rng.sample(rows[len(workplaces) + 60 :], 50):
        row[-1] = "ja"  # leavers: not registered yet, so nothing to do
    return rows


def as_csv(rows: list[list[str]]) -> bytes:
    """As Excel on a Danish Windows saves CSV: Windows-1252, semicolons."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("cp1252")


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL")
    if not url:
        print(
            "DATABASE_URL is not set; run through ./tvaers bench bench/import_staff.py",
            file=sys.stderr,
        )
        return 2
    bench_name, config = scratch_database(url)
    os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + bench_name
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from accounts.models import Role, User
    from accounts.services import user_create
    from tenants.organisation.models import EmployeeProfile, StaffImport, Unit
    from tenants.organisation.staff_import.plan import plan_rows
    from tenants.organisation.staff_import.reading import read_table
    from tenants.organisation.staff_import.services import (
        staff_import_apply,
        staff_import_confirm,
        staff_import_read,
        staff_import_upload,
    )
    from tenants.services import municipality_provision, tenant_template_ensure
    from vocabulary.models import Profession

    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            server = cursor.fetchone()[0]
        print(f"PostgreSQL {server}; {os.cpu_count()} CPU(s); scratch database {bench_name}")
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        tenant_template_ensure()
        vejle = municipality_provision(actor=None, code=630).municipality
        hr = user_create(
            actor=None,
            email="hr@bench.kommune.dk",
            full_name="HR",
            roles={Role.HR, Role.EMPLOYEE},
            municipality=vejle,
        )
        names = dict(Profession.objects.values_list("code", "name_da"))
        rows = generate(args.rows, args.seed, names)
        content = as_csv(rows)
        print(
            f"file: {len(rows):,} rows, {len(content) / 2**20:.1f} MB, CSV in Windows-1252 with semicolons\n"
        )

        def run(label: str, data: bytes, confirm: bool) -> None:
            with tenant_context(vejle):
                t_read, table = timed(read_table, data, "medarbejdere.csv")
                t_plan, _plan = timed(
                    plan_rows, table.rows, actor=hr, municipality=vejle, today=timezone.localdate()
                )
                staff_import = staff_import_upload(
                    actor=hr,
                    filename="medarbejdere.csv",
                    content=data,
                    checksum=hashlib.sha256(data).hexdigest(),
                )
                t_task, _ = timed(staff_import_read, staff_import_id=staff_import.pk)
                staff_import.refresh_from_db()
                counts = staff_import.counts
                line = ", ".join(f"{k} {v}" for k, v in counts.items() if v)
                print(f"{label}")
                print(f"  reading the file:                {t_read:6.2f} s")
                print(f"  checking it (the preview):       {t_plan:6.2f} s")
                print(f"  read task (both, stored):        {t_task:6.2f} s   [{line}]")
                refused = [r for r in staff_import.preview["rows"] if r["action"] == "refused"]
                for row in refused[:5]:
                    print(f"  refused row {row['line']}: {row['problems']}")
                if not confirm:
                    print(
                        f"  nothing to apply:                {'yes' if not counts.get('create') and not counts.get('change') else 'NO'}\n"
                    )
                    return
                staff_import_confirm(actor=hr, staff_import=staff_import, invite=False)
                t_apply, _ = timed(staff_import_apply, staff_import_id=staff_import.pk)
                staff_import.refresh_from_db()
                assert staff_import.status == "applied", (staff_import.status, staff_import.error)
                print(f"  apply task (one transaction):    {t_apply:6.2f} s")
                print(f"  total (read + preview + apply):  {t_task + t_apply:6.2f} s\n")

        run("first import of the file", content, confirm=True)
        with tenant_context(vejle):
            profiles = EmployeeProfile.objects.count()
            units = dict(Unit.objects.values_list("kind").annotate(n=Count("pk")))
            with_leader = EmployeeProfile.objects.filter(leader__isnull=False).count()
        users = User.objects.filter(municipality=vejle).count()
        print(
            f"  registered: {profiles:,} records ({with_leader:,} with a leader), {users:,} accounts, units {units}\n"
        )
        run("the same file again", content, confirm=False)

        rng = random.Random(args.seed + 1)  # noqa: S311
        changed = [list(row) for row in rows]
        for row in rng.sample(changed[500:], len(changed) // 20):
            row[3] = row[3] + " (ny titel)"
        run("a file with 5 % of the job titles changed", as_csv(changed), confirm=True)
        with tenant_context(vejle):
            assert StaffImport.objects.filter(status="applied").count() == 2
    finally:
        connection.close()
        if not args.keep:
            drop_database(bench_name, config)
    return 0


if __name__ == "__main__":
    sys.exit(main())
