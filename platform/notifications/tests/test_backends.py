import email
import logging

from django.core.mail import EmailMessage, get_connection

BACKEND = "notifications.backends.EmailBackend"


def test_every_message_is_a_file_of_its_own(tmp_path, settings, caplog):
    settings.BASE_DIR = tmp_path
    folder = tmp_path / "var" / "mail"
    messages = [
        EmailMessage("Første", "Hej Anne\n", to=["anne@vejle.tvaers.test"]),
        EmailMessage("Anden", "Hej Bo\n", to=["bo@kolding.tvaers.test"], cc=["hr@x.test"]),
    ]
    connection = get_connection(BACKEND, file_path=str(folder))
    with caplog.at_level(logging.INFO, logger="notifications.backends"):
        assert connection.send_messages(messages) == 2

    files = sorted(folder.iterdir())
    assert [f.suffix for f in files] == [".eml", ".eml"]
    parsed = sorted(
        (email.message_from_bytes(f.read_bytes()) for f in files), key=lambda m: m["To"]
    )
    assert [(m["To"], m.get_payload(decode=True).decode()) for m in parsed] == [
        ("anne@vejle.tvaers.test", "Hej Anne\n"),
        ("bo@kolding.tvaers.test", "Hej Bo\n"),
    ]
    assert sorted(f.name.split("-")[2] for f in files) == [
        "anne@vejle.tvaers.test",
        "bo@kolding.tvaers.test",
    ]
    assert [r.getMessage() for r in caplog.records] == ["mail: 2 messages written to var/mail/"]


def test_a_message_without_recipients_is_not_written(tmp_path, caplog):
    connection = get_connection(BACKEND, file_path=str(tmp_path))
    with caplog.at_level(logging.INFO, logger="notifications.backends"):
        assert connection.send_messages([EmailMessage("Ingen", "…", to=[])]) == 0
    assert list(tmp_path.iterdir()) == []
    assert caplog.records == []
