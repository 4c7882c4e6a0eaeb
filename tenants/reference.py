"""The official list of Denmark's 98 municipalities, shipped as data
(tenants/data/municipalities.csv), so that any of them can be provisioned."""

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "municipalities.csv"

JOB7_CODES = (
    630,
    510,
    575,
    607,
    621,
    530,
    410,
)  # Vejle, Haderslev, Vejen, Fredericia, Kolding, Billund, Middelfart


@dataclass(frozen=True)
class OfficialMunicipality:
    code: int
    name: str
    slug: str
    region: str
    latitude: Decimal
    longitude: Decimal


@cache
def official_municipalities() -> dict[int, OfficialMunicipality]:
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        rows = [
            OfficialMunicipality(
                code=int(row["code"]),
                name=row["name"],
                slug=row["slug"],
                region=row["region"],
                latitude=Decimal(row["latitude"]),
                longitude=Decimal(row["longitude"]),
            )
            for row in csv.DictReader(handle)
        ]
    return {row.code: row for row in rows}


def official_municipality(code: int) -> OfficialMunicipality | None:
    return official_municipalities().get(code)
