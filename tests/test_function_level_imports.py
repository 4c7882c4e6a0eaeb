"""An import inside a function says why it cannot be at the top of its
module (ruff's PLC0415 refuses it otherwise; this holds the "why")."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOQA = re.compile(r"#\s*noqa:[^#(]*\bPLC0415\b(?P<rest>.*)$")


def test_every_function_level_import_gives_its_reason():
    unexplained = []
    for path in sorted(ROOT.rglob("*.py")):
        if path.relative_to(ROOT).parts[0] in {".venv", "var"}:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            match = NOQA.search(line)
            if match and not re.search(r"\(\s*\w.{5,}\)", match.group("rest")):
                unexplained.append(f"{path.relative_to(ROOT)}:{number}")
    assert unexplained == []
