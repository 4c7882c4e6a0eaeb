"""The embedded PostgreSQL server (the ``pgserver`` package ships real
PostgreSQL binaries). It listens only on a Unix socket in var/."""

import os
import tempfile
from pathlib import Path
from urllib.parse import quote

DATABASE_NAME = "tvaers"


class EmbeddedPostgres:
    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self._server = None

    def start(self) -> str:
        """Start (or join) the server and return a DATABASE_URL for it."""
        # pgserver keeps a lock file in the user's runtime dir; give it one
        # where none is set (containers, CI) instead of a warning.
        runtime = Path(tempfile.gettempdir()) / f"tvaers-runtime-{os.getuid()}"
        runtime.mkdir(mode=0o700, exist_ok=True)
        os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
        import pgserver  # noqa: PLC0415 (it reads XDG_RUNTIME_DIR once, at import)

        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._server = pgserver.get_server(self.data_dir, cleanup_mode="stop")
        self._forget_gone_users()
        info = self._server.get_postmaster_info()
        socket_dir = str(info.socket_dir)
        # A constant name, no input involved.
        query = f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';"  # noqa: S608
        exists = self._server.psql(query)
        if "(1 row)" not in exists:
            self._server.psql(f"CREATE DATABASE {DATABASE_NAME};")
        return f"postgres://postgres@{quote(socket_dir, safe='')}/{DATABASE_NAME}"

    def _forget_gone_users(self) -> None:
        """pgserver stops the server when the last process that uses it
        leaves; a ./tvaers that was killed never leaves, and the server would
        then never be stopped again. Forget those (under pgserver's lock)."""
        with self._server._lock:
            users = self._server.global_process_id_list
            users.put([pid for pid in users.get() if _alive(pid)])

    def stop(self) -> bool:
        """Stop the server unless another ./tvaers process still uses it
        (pgserver counts its users); True when it has stopped."""
        if self._server is None:
            return True
        self._server.cleanup()
        self._server = None
        # PostgreSQL removes the file when it has shut down.
        return not (self.data_dir / "postmaster.pid").exists()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def database_url(var_dir: Path) -> tuple[str, EmbeddedPostgres | None]:
    """DATABASE_URL from the environment, or a started embedded server."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url, None
    server = EmbeddedPostgres(var_dir / "postgres")
    return server.start(), server
