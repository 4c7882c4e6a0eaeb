"""The box ./tvaers up ends with: where the sites are, who to sign in as, where
the logs and mails go. The logins are those the demo seed makes (README:
"Demo logins"); platform/demo/tests checks that every one of them signs in."""

DEMO_PASSWORD = "tvaers-demo"  # noqa: S105  (the documented demo password)
# The Job7 municipalities the demo seeds, in the seed's order.
JOB7_SLUGS = ("vejle", "haderslev", "vejen", "fredericia", "kolding", "billund", "middelfart")
# (who, e-mail) on every municipality's own site; <slug> is one of JOB7_SLUGS.
MUNICIPALITY_LOGINS = (
    ("HR", "hr@<slug>.tvaers.test"),
    ("leader", "leder@<slug>.tvaers.test"),
    ("caseworker", "medarbejder@<slug>.tvaers.test"),
    ("coach", "coach@<slug>.tvaers.test"),
)
# (who, e-mails, note) on the shared site.
SHARED_LOGINS = (
    ("provider", ("underviser@via.tvaers.test", "kursusleder@via.tvaers.test"), ""),
    ("operator", ("operator@tvaers.test",), "   (also the admin, /admin/)"),
)


def demo_logins(slug: str) -> list[str]:
    """Every login the box names, with ``slug`` for <slug>."""
    return [mail.replace("<slug>", slug) for _who, mail in MUNICIPALITY_LOGINS] + [
        mail for _who, mails, _note in SHARED_LOGINS for mail in mails
    ]


def banner_lines(*, port: int, seconds: float, demo: bool, logs: str, mail: str) -> list[str]:
    """The box's lines, none wider than 76 characters (for an 80-column terminal)."""
    site = f"http://localhost:{port}"
    *others, last = JOB7_SLUGS[1:]
    lines = [
        f"Tværs is running (ready in {seconds:.0f} s)",
        "",
        f"shared site   {site}/",
        f"Vejle         http://vejle.localhost:{port}/",
        f"other sites   http://<slug>.localhost:{port}/ with <slug> one of",
        f"              {', '.join(others)} or {last}",
        f"API docs      {site}/api/v1/docs/",
        f"health        {site}/healthz and /readyz",
        "",
    ]
    if demo:
        lines += [f"Demo logins, password {DEMO_PASSWORD}", "  on each municipality's site:"]
        lines += [f"    {who:<12}{mail}" for who, mail in MUNICIPALITY_LOGINS]
        lines.append("  on the shared site:")
        lines += [f"    {who:<12}{', '.join(mails)}{note}" for who, mails, note in SHARED_LOGINS]
    else:
        lines.append("No demo data (--no-demo); ./tvaers manage createsuperuser makes")
        lines.append("an operator for the shared site.")
    lines += [
        "",
        f"Logs of web, worker and beat: {logs}",
        f"Mail: one .eml file per message in {mail}",
        "Ctrl-C stops everything.",
    ]
    return lines
