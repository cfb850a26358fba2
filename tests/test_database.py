"""The schema comes from Alembic migrations, matches the models, runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from pipeline.db.models import Base
from pipeline.db.records import NewDocument, find_document, record_document
from pipeline.db.session import MIGRATIONS, make_engine, migrate, open_database
from pipeline.keep.store import StoredBlob
from pipeline.values import BoundingBox, PageText, TextSource, Word


def test_migrations_build_the_schema_from_empty(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"documents", "pages", "stored_files", "processing_errors", "alembic_version"} <= tables


def test_models_and_migrations_agree(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_migrating_twice_is_harmless(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate(engine)
    migrate(engine)


def _new_document(sha: str) -> NewDocument:
    word = Word("Quyết", BoundingBox(10, 10, 50, 20), 0.9)
    page = PageText(0, TextSource.OCR, (word,), 100, 100, 300)
    return NewDocument(
        file_name="quyết-định.jpg",
        media_type="image/jpeg",
        kind="result",
        unit_code="256",
        source_was_signed=False,
        signed_by="256",
        original=StoredBlob(sha, f"sha256/{sha}.jpg", 10),
        signed_pdf=StoredBlob("f" * 63 + sha[-1], "sha256/x.pdf", 20),
        pages=[page],
        committed_at=datetime(2022, 3, 15, 8, 30, tzinfo=UTC),
    )


def test_a_document_round_trips_with_unicode_and_timezone(database_url: str) -> None:
    sessions = open_database(database_url)
    record_document(sessions, _new_document("a" * 64))
    found = find_document(sessions, "a" * 64)
    assert found is not None
    assert found.file_name == "quyết-định.jpg"
    assert found.pages[0].text == "Quyết"
    assert found.committed_at.replace(tzinfo=found.committed_at.tzinfo or UTC) == datetime(
        2022, 3, 15, 8, 30, tzinfo=UTC
    )


def test_the_same_source_bytes_cannot_become_two_documents(database_url: str) -> None:
    sessions = open_database(database_url)
    record_document(sessions, _new_document("b" * 64))
    with pytest.raises(IntegrityError):
        record_document(sessions, _new_document("b" * 64))


def test_a_schema_change_is_undone_with_its_transaction(database_url: str) -> None:
    # A process killed during a migration must leave no half-made schema behind (SQLite's
    # Python driver used to commit before every CREATE TABLE on its own).
    engine = make_engine(database_url)
    with pytest.raises(RuntimeError), engine.begin() as connection:
        connection.execute(text("CREATE TABLE half_made (x INTEGER)"))
        raise RuntimeError("killed")
    assert "half_made" not in inspect(engine).get_table_names()


def test_the_lean_quota_tables_keep_their_changes_through_upgrade_and_downgrade(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    migrate(engine, "0006")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO quota_changes VALUES "
                "('27', '', '2022-03-01', 1, 0), ('27', '', '2022-04-01', 0, 0)"
            )
        )
    migrate(engine)
    inspector = inspect(engine)
    assert inspector.get_pk_constraint("quota_changes")["constrained_columns"] == [
        "day",
        "unit_code",
        "doc_type",
    ]
    assert "ix_result_register_unit_code" not in {
        index["name"] for index in inspector.get_indexes("result_register")
    }
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT unit_code, day FROM quota_changes")).all()
    assert [(unit, str(day)) for unit, day in rows] == [("27", "2022-03-01")]
    _downgrade(engine, "0006")
    assert "ix_quota_changes_day" in {
        index["name"] for index in inspect(engine).get_indexes("quota_changes")
    }
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM quota_changes")).scalar() == 1


def _downgrade(engine: Engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
