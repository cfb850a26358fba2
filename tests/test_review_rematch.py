"""A person's correction of a result document's number, issue date or issuer redoes its link
to the result register in the review's own transaction (issue 6): the stale link goes, a new
one is made when exactly one register row fits, and the quota counts follow, on SQLite and
PostgreSQL."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, update

from pipeline.cli import main
from pipeline.count.matching import MatchSummary, match_documents, rematch_document
from pipeline.count.quota import counts_on
from pipeline.db.models import Document, RegisteredResult, RegisterMatch
from pipeline.db.session import open_database
from pipeline.review import ReviewDecision, apply_review
from pipeline.settings import Settings, load_settings
from tests.quota_helpers import (
    import_register,
    let_documents_create_register_rows,
    report,
    store_document,
    unit,
)

ISSUED = date(2022, 4, 12)
# 10:00 on 2 May 2022 in Vietnam: the result counts as digitised from that day.
COMMITTED = datetime(2022, 5, 2, 3, 0, tzinfo=UTC)
TU_SON, TIEN_DU = "261", "260"


@pytest.fixture
def register(tmp_path: Path, database_url: str) -> None:
    import_register(
        tmp_path / "register.csv",
        [
            {"unit_code": TU_SON, "number": "1187/QĐ-UBND", "issue_date": "2022-04-12"},
            {"unit_code": TU_SON, "number": "105/QĐ-UBND", "issue_date": "2022-04-12"},
            # Two rows whose numbers differ only by Đ/D: "10 /QD-UBND" could be either.
            {"unit_code": TU_SON, "number": "10/QĐ-UBND", "issue_date": "2022-04-12"},
            {"unit_code": TU_SON, "number": "10/QD-UBND", "issue_date": "2022-04-12"},
            {"unit_code": TIEN_DU, "number": "1187/QĐ-UBND", "issue_date": "2022-04-12"},
        ],
    )


def _store(url: str, number: str) -> int:
    return store_document(url, number=number, issue_date=ISSUED, unit=TU_SON, committed=COMMITTED)


def _correct(url: str, settings: Settings, document_id: int, **values: str | None) -> None:
    decision = ReviewDecision(values, frozenset(), "Nguyễn Thị Mai")
    apply_review(open_database(url), settings, document_id, decision)


def _linked(url: str, document_id: int) -> tuple[str, str] | None:
    """(unit, number) of the register row the document is linked to."""
    with open_database(url)() as session:
        row = session.execute(
            select(RegisteredResult.unit_code, RegisteredResult.number)
            .join(RegisterMatch, RegisterMatch.result_id == RegisteredResult.id)
            .where(RegisterMatch.document_id == document_id)
        ).one_or_none()
        return None if row is None else (row.unit_code, row.number)


def _digitised(url: str, unit_code: str, day: date) -> int:
    """The unit's digitised count on `day` read straight from the change tables, without the
    matching a quota report runs first."""
    with open_database(url)() as session:
        counts = counts_on(session.connection(), day)
    return sum(digitised for (code, _), (_, digitised) in counts.items() if code == unit_code)


def test_correcting_the_number_moves_or_drops_the_link_and_the_counts_follow(
    database_url: str, register: None, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    document_id = _store(database_url, "1181/QĐ-UBND")  # 7 misread as 1
    before = report(capsys, "2022-05-31")
    assert before["unmatched_documents"] == 1
    assert unit(before, TU_SON)["valid"] == 4 and unit(before, TU_SON)["digitised"] == 0

    _correct(database_url, settings, document_id, number="1187/QĐ-UBND")
    # Linked and counted by the review itself, before any report runs its matching.
    assert _linked(database_url, document_id) == (TU_SON, "1187/QĐ-UBND")
    assert _digitised(database_url, TU_SON, date(2022, 5, 31)) == 1
    assert _digitised(database_url, TU_SON, date(2022, 5, 1)) == 0
    after = report(capsys, "2022-05-31")
    assert after["unmatched_documents"] == 0
    assert unit(after, TU_SON)["valid"] == 4 and unit(after, TU_SON)["digitised"] == 1
    assert unit(report(capsys, "2022-05-01"), TU_SON)["digitised"] == 0

    # Another row: the link moves, the result digitised is a different one, still one.
    _correct(database_url, settings, document_id, number="105/QĐ-UBND")
    assert _linked(database_url, document_id) == (TU_SON, "105/QĐ-UBND")
    assert _digitised(database_url, TU_SON, date(2022, 5, 31)) == 1
    with open_database(database_url)() as session:
        assert session.scalar(select(func.count()).select_from(RegisterMatch)) == 1

    # A number that fits two rows: no link, and the document is counted unmatched again.
    _correct(database_url, settings, document_id, number="10 /QD-UBND")
    assert _linked(database_url, document_id) is None
    assert _digitised(database_url, TU_SON, date(2022, 5, 31)) == 0
    ambiguous = report(capsys, "2022-05-31")
    assert ambiguous["unmatched_documents"] == 1
    assert unit(ambiguous, TU_SON)["digitised"] == 0

    # The right number but a corrected date no register row has: unmatched too.
    _correct(database_url, settings, document_id, number="1187/QĐ-UBND")
    assert _linked(database_url, document_id) == (TU_SON, "1187/QĐ-UBND")
    _correct(database_url, settings, document_id, issue_date="13/04/2022")
    assert _linked(database_url, document_id) is None
    assert report(capsys, "2022-05-31")["unmatched_documents"] == 1
    # Making the number unknown leaves nothing to match on.
    _correct(database_url, settings, document_id, issue_date="2022-04-12", number=None)
    assert _linked(database_url, document_id) is None
    assert report(capsys, "2022-05-31")["unmatched_documents"] == 1


def test_a_correction_outside_the_link_keeps_the_link_as_it_was(
    database_url: str, register: None, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    document_id = _store(database_url, "1187/QĐ-UBND")
    report(capsys, "2022-05-31")

    def link_made_at() -> datetime | None:
        with open_database(database_url)() as session:
            return session.scalar(
                select(RegisterMatch.matched_at).where(RegisterMatch.document_id == document_id)
            )

    made_at = link_made_at()
    assert made_at is not None
    _correct(database_url, settings, document_id, subject_name="Trần Văn Bình")
    _correct(database_url, settings, document_id, number="1187/QĐ-UBND")  # as it was
    assert link_made_at() == made_at


def test_correcting_the_issuer_moves_the_link_to_the_other_units_row(
    database_url: str, register: None, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    document_id = _store(database_url, "1187/QĐ-UBND")
    before = report(capsys, "2022-05-31")
    assert unit(before, TU_SON)["digitised"] == 1 and unit(before, TIEN_DU)["digitised"] == 0

    _correct(database_url, settings, document_id, issuer="Ủy ban nhân dân huyện Tiên Du")
    assert _linked(database_url, document_id) == (TIEN_DU, "1187/QĐ-UBND")
    # Both units' counts were rebuilt: the one the link left and the one it joined.
    assert _digitised(database_url, TU_SON, date(2022, 5, 31)) == 0
    assert _digitised(database_url, TIEN_DU, date(2022, 5, 31)) == 1
    after = report(capsys, "2022-05-31")
    assert unit(after, TU_SON)["digitised"] == 0 and unit(after, TIEN_DU)["digitised"] == 1
    assert after["unmatched_documents"] == 0


def test_correcting_the_number_through_the_command_line(
    database_url: str, register: None, capsys: pytest.CaptureFixture[str]
) -> None:
    document_id = _store(database_url, "1l87/QĐ-UBND")
    before = report(capsys, "2022-05-31")
    assert before["unmatched_documents"] == 1 and unit(before, TU_SON)["digitised"] == 0

    command = ["review", str(document_id), "--set", "number=1187/QĐ-UBND", "--by", "Lan"]
    assert main(command) == 0
    assert "Register: linked to register row 1187/QĐ-UBND of 2022-04-12" in capsys.readouterr().err
    assert _linked(database_url, document_id) == (TU_SON, "1187/QĐ-UBND")
    wrong = ["review", str(document_id), "--set", "number=9/QĐ-UBND", "--by", "Lan"]
    assert main(wrong) == 0
    assert "Register: not linked: no register row for number '9/QĐ-UBND'" in (
        capsys.readouterr().err
    )
    assert main(command) == 0
    after = report(capsys, "2022-05-31")
    assert after["unmatched_documents"] == 0 and unit(after, TU_SON)["digitised"] == 1


def test_a_register_row_made_from_a_misread_number_goes_when_the_number_is_corrected(
    database_url: str,
    register: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    let_documents_create_register_rows(tmp_path / "config", monkeypatch)
    document_id = _store(database_url, "1181/QĐ-UBND")
    before = report(capsys, "2022-05-31")
    # The misread number made a register row of its own (a register built from the archive).
    assert _linked(database_url, document_id) == (TU_SON, "1181/QĐ-UBND")
    assert unit(before, TU_SON)["valid"] == 5 and unit(before, TU_SON)["digitised"] == 1

    _correct(database_url, load_settings(), document_id, number="1187/QĐ-UBND")
    assert _linked(database_url, document_id) == (TU_SON, "1187/QĐ-UBND")
    with open_database(database_url)() as session:
        numbers = set(
            session.scalars(
                select(RegisteredResult.number).where(RegisteredResult.unit_code == TU_SON)
            )
        )
    assert "1181/QĐ-UBND" not in numbers and len(numbers) == 4
    after = report(capsys, "2022-05-31")
    assert unit(after, TU_SON)["valid"] == 4 and unit(after, TU_SON)["digitised"] == 1
    assert after["unmatched_documents"] == 0


def test_a_report_matching_while_a_review_corrects_the_same_document_waits_for_it(
    database_url: str, register: None
) -> None:
    """The review holds the document's row until it commits; the report's matching waits, sees
    the link the review made, and leaves it. Without the wait, PostgreSQL fails one of the two
    transactions on the document's unique link."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite lets one writer in at a time; the race needs PostgreSQL's row locks")
    document_id = _store(database_url, "1187/QĐ-UBND")
    engine = create_engine(database_url)
    outcome: list[object] = []

    def report_matching() -> None:
        try:
            with engine.begin() as connection:
                outcome.append(match_documents(connection))
        except Exception as error:  # the failure is what the test looks for
            outcome.append(error)

    with engine.begin() as review:
        review.execute(select(Document.id).where(Document.id == document_id).with_for_update())
        review.execute(
            update(Document).where(Document.id == document_id).values(number="105/QĐ-UBND")
        )
        rematch_document(review, document_id)
        reporting = threading.Thread(target=report_matching)
        reporting.start()
        time.sleep(1.0)  # long enough for the report to reach the document
        assert reporting.is_alive(), "the report's matching did not wait for the review"
    reporting.join(timeout=30)
    engine.dispose()

    assert isinstance(outcome[0], MatchSummary), outcome
    assert outcome[0].matched == 0
    assert _linked(database_url, document_id) == (TU_SON, "105/QĐ-UBND")
