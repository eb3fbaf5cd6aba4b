"""Fixtures shared by the whole suite: a real database per run, the app, a WeChat courier.

The suite runs on SQLite; with ZHUNONG_TEST_DATABASE_URL set (a PostgreSQL URL) it runs on a
fresh PostgreSQL database made for this run and dropped after it.
"""

import os
import uuid
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import migrations
from core.app import create_app
from core.database import Database, metadata
from core.settings import Settings
from webhooks.courier import Courier

pytest_plugins = ["tests.fakes"]

TOKEN = "test-token"
APP_ID = "wx0123456789abcdef"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    server = os.environ.get("ZHUNONG_TEST_DATABASE_URL")
    if not server:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'zhunong.db'}"
        migrations.upgrade(url)
        yield url
        return
    name = f"zhunong_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        migrations.upgrade(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def shared_db(database_url) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def db(shared_db: Database) -> Iterator[Database]:
    """The run's database, emptied after each test so that tests never see each other."""
    yield shared_db
    tables = [table for table in reversed(metadata.sorted_tables)]
    with shared_db.engine.begin() as connection:
        if shared_db.is_sqlite:
            for table in tables:
                connection.execute(table.delete())
        else:
            names = ", ".join(f'"{table.name}"' for table in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


def make_settings(database_url: str, **overrides) -> Settings:
    values = {"database_url": database_url, "wechat_token": TOKEN, "wechat_app_id": APP_ID}
    return Settings(_env_file=None, **(values | overrides))


@pytest.fixture
def settings(db: Database) -> Settings:
    return make_settings(db.url)


@pytest.fixture
def app(settings: Settings, db: Database):
    return create_app(settings, db)


@pytest.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://zhunong.test") as client:
        yield client


@pytest.fixture
def wechat(client: httpx.AsyncClient) -> Courier:
    """WeChat's servers, delivering plaintext messages to /wechat."""
    return Courier(client, token=TOKEN, app_id=APP_ID)


@pytest.fixture
def secure_wechat(client: httpx.AsyncClient) -> Courier:
    """WeChat's servers in safe mode: every message AES-encrypted, replies expected so."""
    return Courier(client, token=TOKEN, app_id=APP_ID, aes_key=AES_KEY)


@pytest.fixture
def township(db: Database):
    """The demo township of the real story, imported as `make run` does."""
    from pathlib import Path

    from roster.importer import import_roster, load

    roster_file = Path(__file__).resolve().parent.parent / "examples" / "huangtuling.yaml"
    with db.transaction() as session:
        import_roster(session, load(roster_file.read_text(encoding="utf-8")))
    return db
