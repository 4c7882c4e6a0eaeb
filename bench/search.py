"""Benchmark: faceted search over 100,000 openings across 98 municipalities.

Run with ``./tvaers bench bench/search.py`` (scratch database <name>_bench,
dropped afterwards unless --keep). In one run it prints, for several search
pages: the time of the partner API request (in-process, the whole Django +
DRF stack), the time of the raw SQL of that same page (the statements the
request ran, executed directly on a cursor), and the number of queries at
page size 5 and at page size 100 (which must be the same).
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "platform"), str(ROOT), str(ROOT / "bench")]

from provisioning import drop_database, scratch_database  # noqa: E402

QUERIES = {
    "newest, no filter": "sort=newest",
    "text 'samtaler'": "text=samtaler",
    "profession + format facets": "professions=jobcentre-caseworker&formats=full&sort=start",
    "text + window + 100 km": "text=borgerinddragelse&max_distance_km=100&window_start={ws}&window_end={we}",
}
WORDS = [
    "motiverende samtaler med ledige borgere",
    "borgerinddragelse og rehabilitering",
    "tværfagligt samarbejde",
    "virksomhedskontakt",
    "digitale arbejdsgange",
    "hjemmepleje",
    "dagtilbud og skole",
    "visitation og udredning",
    "sundhedsfremme",
    "unge og uddannelse",
]


def fill(n: int, seed: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from exchange.models import Opening, SwapFormat, SwapKind
    from tenants.models import Municipality, Network
    from vocabulary.models import CompetenceTag, Profession

    rng = random.Random(seed)  # noqa: S311
    municipalities = list(Municipality.objects.all())
    job7 = Network.objects.get(slug="job7")
    professions = list(Profession.objects.all())
    tags = list(CompetenceTag.objects.all())
    today = timezone.localdate()
    now = timezone.now()
    batch = 5000
    through_p = Opening.professions.through
    through_t = Opening.learning_tags.through
    for start in range(0, n, batch):
        rows = []
        for i in range(start, min(n, start + batch)):
            municipality = rng.choice(municipalities)
            roll = rng.random()
            visibility = "all" if roll < 0.7 else "network" if roll < 0.9 else "municipality"
            begin = today + timedelta(days=rng.randint(10, 300))
            fmt = rng.choice(SwapFormat.values)
            rows.append(
                Opening(
                    municipality=municipality,
                    workplace_unit_id=rng.randint(1, 40),
                    workplace_name=f"Arbejdsplads {i % 40}",
                    title=f"Jobbytte: {rng.choice(WORDS)}",
                    description=" ".join(rng.sample(WORDS, 3)),
                    kind=rng.choice(SwapKind.values),
                    format=fmt,
                    days_per_week=rng.randint(1, 4) if fmt == "part_time" else None,
                    period_start=begin,
                    period_end=begin + timedelta(days=rng.randint(14, 120)),
                    capacity=rng.randint(1, 3),
                    contact_name="HR",
                    contact_email="hr@example.org",
                    visibility=visibility,
                    network=job7 if visibility == "network" else None,
                    status="published" if rng.random() < 0.95 else "draft",
                    expires_on=begin - timedelta(days=5),
                    published_at=now - timedelta(minutes=i),
                )
            )
        with transaction.atomic():
            created = Opening.objects.bulk_create(rows)
            through_p.objects.bulk_create(
                [
                    through_p(opening_id=o.pk, profession_id=p.pk)
                    for o in created
                    for p in rng.sample(professions, rng.randint(1, 2))
                ]
            )
            through_t.objects.bulk_create(
                [
                    through_t(opening_id=o.pk, competencetag_id=t.pk)
                    for o in created
                    for t in rng.sample(tags, rng.randint(0, 2))
                ]
            )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE exchange_opening SET search_vector = "
            "setweight(to_tsvector('danish', title), 'A') || "
            "setweight(to_tsvector('danish', workplace_name), 'B') || "
            "setweight(to_tsvector('danish', description), 'C')"
        )
        cursor.execute("ANALYZE")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--openings", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    bench_name, config = scratch_database(url)
    os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + bench_name
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"  # fast hashing, locmem mail
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from api.scopes import Scope
    from api.services import api_client_create
    from tenants.models import Municipality
    from tenants.reference import JOB7_CODES, official_municipalities
    from tenants.services import municipality_provision, network_ensure, network_member_add

    try:
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        started = time.perf_counter()
        for code in sorted(official_municipalities()):
            municipality_provision(actor=None, code=code)
        job7 = network_ensure(actor=None, name="Job7", slug="job7")
        for code in JOB7_CODES:
            network_member_add(
                actor=None, network=job7, municipality=Municipality.objects.get(code=code)
            )
        print(f"98 municipalities provisioned in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        fill(args.openings, seed=630)
        print(
            f"{args.openings:,} openings (+ professions, competences, search vectors) in "
            f"{time.perf_counter() - started:.1f} s"
        )
        _client, key = api_client_create(
            actor=None,
            name="bench",
            scopes=[Scope.EXCHANGE_READ],
            municipality=Municipality.objects.get(code=621),
            rate_per_minute=1_000_000,
        )
        client = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Api-Key {key}")
        today = timezone.localdate()
        print(f"\nAs Kolding (in Job7), {args.runs} runs each, median (p90):")
        print(
            f"{'page':<30} {'API':>16} {'raw SQL':>16} {'hits':>7} {'queries @5':>11} {'@100':>5}"
        )
        for label, qs in QUERIES.items():
            qs = qs.format(ws=today + timedelta(days=30), we=today + timedelta(days=90))
            path = f"/api/v1/openings/search/?{qs}&page_size=20"
            client.get(path)  # warm
            api_times, sql_times = [], []
            for _ in range(args.runs):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(path)
                    api_times.append(time.perf_counter() - started)
                assert response.status_code == 200, response.content[:300]
                statements = [q["sql"] for q in captured.captured_queries]
                started = time.perf_counter()
                with connection.cursor() as cursor:
                    for sql in statements:
                        cursor.execute(sql)
                        if cursor.description:
                            cursor.fetchall()
                sql_times.append(time.perf_counter() - started)
            counts = []
            for size in (5, 100):
                with CaptureQueriesContext(connection) as captured:
                    client.get(f"/api/v1/openings/search/?{qs}&page_size={size}")
                counts.append(len(captured.captured_queries))

            def fmt(samples):
                ordered = sorted(samples)
                p90 = ordered[int(0.9 * (len(ordered) - 1))]
                return f"{statistics.median(samples) * 1000:6.1f} ms ({p90 * 1000:5.1f})"

            print(
                f"{label:<30} {fmt(api_times):>16} {fmt(sql_times):>16} "
                f"{response.json()['total']:>7,} {counts[0]:>11} {counts[1]:>5}"
            )
    finally:
        connection.close()
        if not args.keep:
            drop_database(bench_name, config)
    return 0


if __name__ == "__main__":
    sys.exit(main())
