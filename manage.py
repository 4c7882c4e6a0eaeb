#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys
from pathlib import Path

from django.core.management import execute_from_command_line

# The project package lives in platform/ (see ARCHITECTURE.md: nothing may be
# importable as "platform"), so that folder goes on the import path.
sys.path.insert(0, str(Path(__file__).resolve().parent / "platform"))


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
