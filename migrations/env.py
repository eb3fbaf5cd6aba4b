from alembic import context

import bot.models  # noqa: F401
import catalog.models  # noqa: F401
import console.models  # noqa: F401
import core.channels.oa_customer
import core.channels.wechat_api
import core.counters
import core.outbound
import core.pacing
import core.tokens  # noqa: F401
import orders.models  # noqa: F401
import roster.models  # noqa: F401
import webhooks.models  # noqa: F401
from core.database import make_engine, metadata
from core.settings import get_settings

config = context.config
url = config.attributes.get("database_url") or get_settings().database_url


def run_migrations_offline() -> None:
    context.configure(url=url, target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
