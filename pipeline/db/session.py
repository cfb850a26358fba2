"""The database: an engine for the configured URL, migrated to the newest schema on first use."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from pipeline.errors import StorageError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def open_database(url: str) -> sessionmaker[Session]:
    """Connect, bring the schema to the newest migration, and return a session factory."""
    engine = make_engine(url)
    migrate(engine)
    return sessionmaker(engine, expire_on_commit=False)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(url)
    except (SQLAlchemyError, ImportError, ValueError) as error:
        raise StorageError(
            f"cannot use the database URL {url!r} ({error})",
            advice="Check SOHOA_DATABASE_URL.",
        ) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _postgresql_settings)
    return engine


def _postgresql_settings(dbapi_connection: object, _record: object) -> None:
    # A register import's temporary tables hold up to a million rows: with the default 8 MB
    # of buffers for them they went to disk and back. PostgreSQL takes this only before a
    # session's first temporary table, so on connecting; the memory is used only as needed.
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("SET temp_buffers = '256MB'")
    cursor.close()
    dbapi_connection.commit()  # type: ignore[attr-defined]


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    # Python's sqlite3 commits before every CREATE or ALTER on its own, so a process killed
    # in the middle of a migration left half a schema behind. With the driver's own
    # transaction handling off, SQLAlchemy's begin() opens the transaction (_sqlite_begin) and
    # a schema change commits or rolls back whole, as on PostgreSQL.
    dbapi_connection.isolation_level = None  # type: ignore[attr-defined]
    # Foreign keys are off by default in SQLite; WAL lets readers work beside a writer.
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    # 64 MB of page cache instead of 2 MB: bulk register imports touch index pages at random.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def migrate(engine: Engine, revision: str = "heads") -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except SQLAlchemyError as error:
        raise StorageError(
            f"cannot reach or migrate the database ({error.__class__.__name__}: {error})",
            advice="Check SOHOA_DATABASE_URL and that the database server is running.",
        ) from None
