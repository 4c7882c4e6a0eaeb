import os
import subprocess
import sys

from django.conf import settings

SEND = "import django; django.setup(); from config.tasks import heartbeat; heartbeat.delay()"


def test_a_task_sent_on_a_fresh_machine_finds_its_broker_folder(tmp_path):
    """Sending a task with the embedded broker before any worker (or
    ./tvaers up) has run creates the broker's folders — `./tvaers manage
    seed_demo` on a fresh clone once crashed on a missing var/broker/queue."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        TVAERS_VAR_DIR=str(tmp_path),
        PYTHONPATH=f"{settings.PLATFORM_DIR}:{settings.BASE_DIR}",
        # Sending touches no database; settings only need an address.
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://nobody@localhost/none"),
    )
    result = subprocess.run(
        [sys.executable, "-c", SEND], env=env, capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert len(list((tmp_path / "broker" / "queue").iterdir())) == 1
