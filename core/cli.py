"""The `zhunong` command."""

import gc
import json
import sys
from pathlib import Path

import typer
from sqlmodel import select

from core import running
from core.database import Database
from core.settings import get_settings


class Commands(typer.Typer):
    """The command line. A database out of reach (down, its disk full, locked) is one line on
    stderr and exit status 1, not a traceback: nothing was written, try again later."""

    def __call__(self, *args, **kwargs):
        from core import outage

        try:
            return super().__call__(*args, **kwargs)
        except outage.ERRORS as error:
            if outage.kind(error) is None:
                raise
            typer.echo(f"zhunong: {outage.DETAIL[outage.kind(error)]}", err=True)
            raise SystemExit(1) from error


app = Commands(help="zhunong: sell a township's harvest through WeChat.", no_args_is_help=True)
db_app = typer.Typer(help="The database.", no_args_is_help=True)
roster_app = typer.Typer(help="Villages, groups, canteens and people.", no_args_is_help=True)
invite_app = typer.Typer(help="Codes that bind a WeChat account to a person.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(roster_app, name="roster")
app.add_typer(invite_app, name="invite")


def _db() -> Database:
    return Database(get_settings().database_url)


@app.command()
def serve(
    host: str = "127.0.0.1", port: int = 8000,
    worker: bool = typer.Option(True, help="Send from the outbox in this process too."),
    reuse_port: bool = typer.Option(
        False, help="Share the port with other `zhunong serve` processes (SO_REUSEPORT)."),
) -> None:
    """Serve the WeChat callback, the API and (in sandbox mode) the chat simulator."""
    import uvicorn

    from core.app import create_app

    settings = get_settings()
    base = f"http://{host}:{port}"
    typer.echo(f"zhunong is serving on {base}  (health: {base}/healthz)")
    if settings.simulator_enabled:
        typer.echo(f"chat simulator: {base}/simulator")
    app_ = create_app(settings, with_worker=worker)
    # What is built by now lives as long as the process. Left to the collector, each full
    # collection walks all of it again: 70-100 ms on a small machine every few thousand
    # messages, a pause every reply in flight waits through. Frozen, it is walked no more.
    gc.collect()
    gc.freeze()
    with running.marked(settings.database_url):  # a restore refuses while this runs
        if not reuse_port:
            uvicorn.run(app_, host=host, port=port, log_level="warning")
            return
        config = uvicorn.Config(app_, host=host, port=port, log_level="warning")
        uvicorn.Server(config).run(sockets=[_shared_socket(host, port)])


def _shared_socket(host: str, port: int):
    """A listening socket several processes bind at once; the kernel spreads connections.

    Created as IPPROTO_TCP on purpose: asyncio sets TCP_NODELAY on accepted connections only
    when the listening socket says TCP, and without it keep-alive replies wait ~40 ms for
    delayed ACKs (the stall uvicorn's own --workers shows).
    """
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


@app.command("worker")
def run_worker() -> None:
    """Send from the outbox and handle messages WeChat stopped delivering, apart from the web
    process (with `zhunong serve --no-worker`)."""
    import asyncio

    from core import logs
    from core.app import WORKER_CHORES, outbox_sender
    from core.worker import run_until_signalled

    settings = get_settings()
    logs.configure(settings)
    db = Database(settings.database_url)
    typer.echo("zhunong worker: sending from the outbox (Ctrl-C to stop)")
    with running.marked(settings.database_url):  # a restore refuses while this runs
        asyncio.run(run_until_signalled(db, outbox_sender(settings, db), settings.outbox_lease,
                                        WORKER_CHORES))


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Apply the migrations up to REVISION (default: the newest)."""
    import migrations

    migrations.upgrade(get_settings().database_url, revision)
    typer.echo(f"database at {revision}")


@app.command("backup")
def backup_command(path: Path) -> None:
    """Copy the database to PATH, consistently, while zhunong runs (SQLite: its online backup;
    PostgreSQL: pg_dump's custom format)."""
    from core import backup

    try:
        typer.echo(backup.backup(get_settings().database_url, path))
    except backup.BackupError as error:
        typer.echo(f"backup failed: {error}", err=True)
        raise typer.Exit(1) from error


@app.command("restore")
def restore_command(
    path: Path,
    force: bool = typer.Option(False, help="Replace a database that already holds data."),
) -> None:
    """Replace the database with the backup at PATH (stop zhunong first)."""
    from core import backup

    try:
        typer.echo(backup.restore(get_settings().database_url, path, force=force))
    except backup.BackupError as error:
        typer.echo(f"restore refused: {error}", err=True)
        raise typer.Exit(1) from error


@roster_app.command("import")
def roster_import(
    file: Path,
    if_empty: bool = typer.Option(False, help="Only when no township is in the database yet."),
) -> None:
    """Import a roster YAML file; importing it again updates and never duplicates."""
    from roster.importer import RosterError, import_roster, load
    from roster.models import Township

    db = _db()
    with db.transaction() as session:
        if if_empty and session.exec(select(Township)).first() is not None:
            typer.echo("roster already present, nothing imported")
            return
        try:
            report = import_roster(session, load(file.read_text(encoding="utf-8")))
        except RosterError as error:
            typer.echo(f"{file}: {error}", err=True)
            raise typer.Exit(1) from error
    typer.echo(f"imported {file}: created {report.created or 'nothing'}, "
               f"updated {report.updated or 'nothing'}")


@invite_app.command("create")
def invite_create(
    name: str,
    phone: str = typer.Option("", help="Tell apart two people of the same name."),
) -> None:
    """Print a code that NAME sends to the account as 「绑定 CODE」."""
    from roster import service
    from roster.models import Person

    with _db().transaction() as session:
        query = select(Person).where(Person.name == name)
        if phone:
            query = query.where(Person.phone == phone)
        people = session.exec(query).all()
        if len(people) != 1:
            problem = "no one" if not people else f"{len(people)} people (add --phone)"
            typer.echo(f"{problem} called {name} in the roster", err=True)
            raise typer.Exit(1)
        invite = service.create_invite(session, person=people[0])
        typer.echo(invite.code)


@app.command()
def parse(
    text: str = typer.Argument(None, help="A message as a person would write it."),
    jsonl: Path = typer.Option(None, help='A file of {"text": ...} lines; one result a line.'),
) -> None:
    """Show how the bot reads a message, as JSON."""
    from bot.language import as_json, parse_jsonl
    from bot.language import parse as read

    if jsonl is not None:
        with jsonl.open(encoding="utf-8") as lines:
            for result in parse_jsonl(lines):
                sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        return
    if text is None:
        raise typer.BadParameter("give a TEXT or --jsonl FILE")
    typer.echo(json.dumps(as_json(read(text)), ensure_ascii=False))


user_app = typer.Typer(help="Admins who sign in to the console with a password.",
                       no_args_is_help=True)
app.add_typer(user_app, name="user")


@user_app.command("create")
def user_create(
    name: str,
    password_stdin: bool = typer.Option(False, help="Read the password from standard input."),
) -> None:
    """Give NAME, an admin of the roster, a console password (asked for, or from stdin)."""
    from console import users
    from roster.models import Person, Role, Township

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    with _db().transaction() as session:
        person = session.exec(
            select(Person).where(Person.name == name, Person.role == Role.admin)).first()
        townships = session.exec(select(Township)).all()
        if person is None and len(townships) == 1:
            person = Person(name=name, role=Role.admin, township_id=townships[0].id)
            session.add(person)
            session.flush()
        if person is None:
            typer.echo(f"no admin called {name} in the roster", err=True)
            raise typer.Exit(1)
        try:
            users.create(session, person=person, password=password)
        except users.UserError as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(1) from error
    typer.echo(f"{name} may sign in at /console/login")


token_app = typer.Typer(help="Bearer tokens for the JSON API.", no_args_is_help=True)
app.add_typer(token_app, name="token")


@token_app.command("create")
def token_create(name: str) -> None:
    """Print a new API token for NAME, alone on stdout; only its hash is kept."""
    from core import tokens

    with _db().transaction() as session:
        typer.echo(tokens.create(session, name=name))


@app.command()
def demo() -> None:
    """Replay the spring-2020 story on a fresh database: list, broadcast, order, deliver, pay."""
    import migrations
    from orders import demo as story

    settings = get_settings()
    migrations.upgrade(settings.database_url)
    try:
        story.play(_db(), echo=typer.echo)
    except story.AlreadyPlayed as refusal:
        typer.echo(str(refusal), err=True)
        raise typer.Exit(1) from refusal


@app.command("fake-wechat")
def fake_wechat(
    host: str = "127.0.0.1",
    port: int = 9100,
    latency_ms: int = typer.Option(0, help="Added to every answer."),
    fail_ratio: float = typer.Option(0.0, help="Share of calls answered 500, 502 or -1 (busy)."),
    seed: int = typer.Option(None, help="The same faults and ids on every run."),
) -> None:
    """Serve a fake WeChat and WeCom API, to try zhunong's sending without the real platform."""
    import uvicorn

    from fake_wechat import FakeWeChat, Rule

    fake = FakeWeChat(faults={"/": Rule(latency_ms=latency_ms, fail_ratio=fail_ratio)}, seed=seed)
    base = f"http://{host}:{port}"
    typer.echo(f"fake WeChat on {base}  (appid {fake.app_id}, secret {fake.app_secret})")
    typer.echo(f"set ZHUNONG_WECHAT_API_BASE and ZHUNONG_WECOM_WEBHOOK_BASE to {base}; "
               f"what it received: {base}/_fake/received")
    uvicorn.run(fake.app, host=host, port=port, log_level="warning")
