"""`zhunong backup PATH` and `zhunong restore PATH`: a consistent copy while zhunong runs.

SQLite is copied with its online backup API, which reads one snapshot of the database while
others go on writing (WAL), so the copy is consistent without stopping anything; the copy is
checked (PRAGMA integrity_check) before it takes the place of PATH. PostgreSQL is dumped by
`pg_dump` in its custom format and restored by `pg_restore`, both of which must be on PATH.

A restore refuses a database that zhunong is running on (see core/running.py), and one that
already holds data unless forced: it replaces everything. Run `zhunong db upgrade` after it when
the backup is older than the code.
"""

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy import create_engine, func, inspect, select, table
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

from core import running

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
COMMAND_TIMEOUT = 3600


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason in words for the console."""


def backup(database_url: str, path: Path) -> str:
    """Copy the database to `path`; a line saying what was written."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        _sqlite_backup(_sqlite_file(url), path)
    else:
        try:
            _run("pg_dump", "--format=custom", f"--file={_private(_partial(path))}",
                 env=_libpq(url))
        except BackupError:
            _partial(path).unlink(missing_ok=True)
            raise
        _partial(path).replace(path)
    return f"backed up to {path} ({path.stat().st_size:,} bytes)"


def restore(database_url: str, path: Path, *, force: bool = False) -> str:
    """Replace the database with the backup at `path`; a line saying what was restored."""
    url = make_url(database_url)
    sqlite = url.get_backend_name() == "sqlite"
    _check_backup(path, sqlite=sqlite)
    try:
        with running.stopped(database_url):
            _replace(database_url, path, force=force)
    except running.Running as error:
        raise BackupError(str(error)) from error
    return f"restored {path} ({_rows(database_url):,} rows); run `zhunong db upgrade` next"


def _replace(database_url: str, path: Path, *, force: bool) -> None:
    url = make_url(database_url)
    rows = _rows(database_url)
    if rows and not force:
        raise BackupError(f"the database already holds {rows:,} rows; restoring would replace "
                          f"them all (add --force to do so)")
    if url.get_backend_name() == "sqlite":
        _sqlite_restore(path, _sqlite_file(url))
    else:
        _run("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
             "--exit-on-error", f"--dbname={url.database}", str(path), env=_libpq(url))


def _sqlite_file(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database has nothing to back up or restore")
    return Path(url.database)


def _partial(path: Path) -> Path:
    """Where a copy is written until it is complete, so PATH is never half a backup."""
    return path.with_name(path.name + ".partial")


def _private(path: Path) -> Path:
    """An empty file only its owner may read: a backup holds people's names, phones and money."""
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    return path


def _sqlite_backup(source: Path, path: Path) -> None:
    if not source.exists():
        raise BackupError(f"no database at {source}")
    partial = _private(_partial(path))
    try:
        with closing(sqlite3.connect(source, timeout=30)) as db, \
                closing(sqlite3.connect(partial)) as copy:
            db.backup(copy)
            _check_integrity(copy, partial)
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"copying {source}: {error}") from error
    partial.replace(path)


def _sqlite_restore(path: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with closing(_read_only(path)) as copy, \
                closing(sqlite3.connect(target, timeout=30)) as db:
            copy.backup(db)
    except sqlite3.Error as error:
        raise BackupError(f"restoring into {target}: {error}") from error


def _check_backup(path: Path, *, sqlite: bool) -> None:
    """A missing, foreign, truncated or damaged file is refused before anything is touched."""
    if not path.is_file():
        raise BackupError(f"no backup at {path}")
    with path.open("rb") as file:
        header = file.read(len(SQLITE_HEADER))
    if sqlite:
        if not header.startswith(SQLITE_HEADER):
            raise BackupError(f"{path} is not an SQLite backup")
        try:
            with closing(_read_only(path)) as copy:
                _check_integrity(copy, path)
                tables = {row[0] for row in copy.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.Error as error:
            raise BackupError(f"{path} is damaged: {error}") from error
        if "alembic_version" not in tables:
            raise BackupError(f"{path} is an SQLite database, but not one of zhunong's")
        return
    if not header.startswith(PG_DUMP_HEADER):
        raise BackupError(f"{path} is not a pg_dump custom-format backup")
    _run("pg_restore", "--list", str(path), env=os.environ.copy())  # reads it to the end


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _check_integrity(connection: sqlite3.Connection, path: Path) -> None:
    verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
    if verdict != "ok":
        raise BackupError(f"{path} failed its integrity check: {verdict}")


def _rows(database_url: str) -> int:
    """How many rows the database's tables hold, its migration mark aside (0 when it has none)."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            names = set(inspect(connection).get_table_names()) - {"alembic_version"}
            return sum(connection.execute(select(func.count()).select_from(table(name)))
                       .scalar_one() for name in names)
    except SQLAlchemyError as error:
        raise BackupError(f"cannot read the database: {str(error).splitlines()[0]}") from error
    finally:
        engine.dispose()


def _libpq(url: URL) -> dict:
    """The environment that points PostgreSQL's programs at `url`, the password kept out of
    the command line (where any user could read it)."""
    env = os.environ.copy()
    env |= {"PGHOST": url.host or "", "PGPORT": str(url.port or 5432),
            "PGUSER": url.username or "", "PGDATABASE": url.database or ""}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return {key: value for key, value in env.items() if value}


def _run(program: str, *args: str, env: dict) -> None:
    found = shutil.which(program)
    if found is None:
        raise BackupError(f"{program} is not on PATH: install PostgreSQL's client programs "
                          f"(Debian: postgresql-client), of the server's major version or newer")
    try:
        subprocess.run([found, *args], env=env, check=True, capture_output=True, text=True,
                       timeout=COMMAND_TIMEOUT)
    except subprocess.CalledProcessError as error:
        reason = (error.stderr or error.stdout or "").strip().splitlines()
        raise BackupError(f"{program} failed: {reason[-1] if reason else error}") from error
