"""Benchmark: provisioning municipalities and deploying migrations to all 98.

Run with ``./tvaers bench bench/provisioning.py`` (embedded PostgreSQL) or
with DATABASE_URL pointing at a server. Works in its own scratch database
(<name>_bench), dropped afterwards unless --keep is given. Prints, in one run:

* provisioning one municipality the Tværs way (clone of the migrated
  template schema, one transaction) for all 98, against the stock
  django-tenants way (CREATE SCHEMA + migrate_schemas on it) for a sample;
* a deploy with nothing to apply across all 98 schemas: stock
  ``migrate_schemas --tenant`` against ``migrate_municipalities``.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]


def _server_connection(config: dict):
    """An autocommit connection to the server's maintenance database."""
    import psycopg2

    admin = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
    )
    admin.autocommit = True
    return admin


def scratch_database(url: str) -> tuple[str, dict]:
    import dj_database_url

    config = dj_database_url.parse(url)
    bench_name = f"{config['NAME']}_bench"
    admin = _server_connection(config)
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{bench_name}"')
        cursor.execute(f'CREATE DATABASE "{bench_name}"')
    admin.close()
    return bench_name, config


def drop_database(name: str, config: dict) -> None:
    admin = _server_connection(config)
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def timed(fn, *args, **kwargs) -> float:
    started = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - started


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (
        f"n={len(samples):3d}  mean {statistics.mean(samples) * 1000:7.1f} ms  "
        f"median {statistics.median(samples) * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--stock-sample", type=int, default=5, help="schemas provisioned the stock way (default 5)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL")
    if not url:
        print(
            "DATABASE_URL is not set; run through ./tvaers bench bench/provisioning.py",
            file=sys.stderr,
        )
        return 2
    bench_name, config = scratch_database(url)
    os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + bench_name
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django_tenants.clone import CloneSchema

    from tenants.models import Municipality
    from tenants.reference import official_municipalities
    from tenants.services import municipality_provision, tenant_template_ensure

    quiet = io.StringIO()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            server = cursor.fetchone()[0]
        print(f"PostgreSQL {server}; {os.cpu_count()} CPU(s); scratch database {bench_name}")
        public = timed(call_command, "migrate_schemas", shared=True, interactive=False, verbosity=0)
        template = timed(tenant_template_ensure)
        print(f"migrate public schema (first time):          {public:6.2f} s")
        print(f"migrate template schema (first time, once):  {template:6.2f} s")

        codes = sorted(official_municipalities())
        tvaers = []
        for code in codes:
            tvaers.append(timed(municipality_provision, actor=None, code=code))
        assert Municipality.objects.count() == 98

        stock = []
        for n in range(args.stock_sample):
            schema = f"bench_stock_{n}"

            def stock_provision(schema=schema):
                with connection.cursor() as cursor:
                    cursor.execute(f'CREATE SCHEMA "{schema}"')
                call_command(
                    "migrate_schemas",
                    schema_name=schema,
                    interactive=False,
                    verbosity=0,
                    stdout=quiet,
                )
                connection.set_schema_to_public()

            stock.append(timed(stock_provision))
        stock_clone = []
        for n in range(args.stock_sample):
            schema = f"bench_stock_clone_{n}"

            def stock_clone_provision(schema=schema):
                with transaction.atomic():
                    CloneSchema().clone_schema(settings.TVAERS_TEMPLATE_SCHEMA, schema, "DATA")

            stock_clone.append(timed(stock_clone_provision))
        with connection.cursor() as cursor:
            for n in range(args.stock_sample):
                cursor.execute(f'DROP SCHEMA "bench_stock_{n}" CASCADE')
                cursor.execute(f'DROP SCHEMA "bench_stock_clone_{n}" CASCADE')

        print("\nProvision one municipality (row, schema, domain, one transaction):")
        print(f"  Tværs (clone of template):           {summary(tvaers)}")
        print(
            f"    first 10 / last 10 (mean):         {statistics.mean(tvaers[:10]) * 1000:7.1f} ms / "
            f"{statistics.mean(tvaers[-10:]) * 1000:.1f} ms"
        )
        print(f"  stock django-tenants, migrate:       {summary(stock)}")
        print(f"  stock django-tenants, clone_schema:  {summary(stock_clone)}  (schema only)")
        print(
            f"  speed-up over migrate (median):      {statistics.median(stock) / statistics.median(tvaers):5.1f}x"
        )

        stock_noop = timed(
            call_command,
            "migrate_schemas",
            tenant=True,
            interactive=False,
            verbosity=0,
            stdout=quiet,
        )
        connection.set_schema_to_public()
        ours_noop = timed(
            call_command, "migrate_municipalities", skip_public=True, verbosity=0, stdout=quiet
        )
        print("\nDeploy with nothing to apply, all 98 municipality schemas:")
        print(
            f"  stock migrate_schemas --tenant:      {stock_noop:7.2f} s  "
            f"({stock_noop / 98 * 1000:.0f} ms per schema)"
        )
        print(
            f"  migrate_municipalities:              {ours_noop:7.2f} s  "
            f"({ours_noop / 98 * 1000:.1f} ms per schema)"
        )
        print(f"  speed-up:                            {stock_noop / ours_noop:5.1f}x")
    finally:
        connection.close()
        if not args.keep:
            drop_database(bench_name, config)
    return 0


if __name__ == "__main__":
    sys.exit(main())
