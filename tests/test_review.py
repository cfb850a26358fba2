"""`sohoa review`: a person's accepted and corrected fields win, with who and when, on SQLite
and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from pipeline.cli import main
from pipeline.db.models import Document, FieldReview
from pipeline.db.session import open_database
from pipeline.review import field_views
from pipeline.review_commands import ask_decision
from pipeline.settings import Settings
from pipeline.sidecar import FIELD_NAMES
from tests.stored_documents import stored_document


@pytest.fixture
def sessions(database_url: str) -> sessionmaker[Session]:
    return open_database(database_url)


def _document(sessions: sessionmaker[Session], document_id: int) -> Document:
    with sessions() as session:
        document = session.get(Document, document_id)
        assert document is not None
        return document


def _reviews(sessions: sessionmaker[Session], document_id: int) -> dict[str, FieldReview]:
    with sessions() as session:
        rows = session.scalars(
            select(FieldReview).where(FieldReview.document_id == document_id)
        ).all()
        return {row.field: row for row in rows}


def test_review_lists_the_documents_waiting(
    sessions: sessionmaker[Session], capsys: pytest.CaptureFixture[str]
) -> None:
    waiting = stored_document(sessions, "a.jpg")
    stored_document(sessions, "b.jpg", review="auto")
    assert main(["review"]) == 0
    err = capsys.readouterr().err
    assert "1 document(s) wait for review" in err
    assert "a.jpg" in err and "b.jpg" not in err
    assert str(waiting) in err
    assert "number 41%" in err


def test_showing_a_document_gives_each_field_with_its_evidence(
    sessions: sessionmaker[Session], capsys: pytest.CaptureFixture[str]
) -> None:
    document_id = stored_document(sessions)
    assert main(["review", str(document_id), "--show"]) == 0
    err = capsys.readouterr().err
    assert "128/GPXD-UBND" in err and "41%" in err
    assert "page 1 box 130,260,420,48" in err
    views = {v.name: v for v in field_views(_document_with_pages(sessions, document_id))}
    assert views["number"].context is not None
    assert "Số: 128/GPXD-UBND" in views["number"].context
    assert views["number"].box == (130.0, 260.0, 420.0, 48.0)
    assert views["dossier_code"].value is None and views["dossier_code"].context is None
    # A date is found as the paper writes it, a type by its title.
    assert "ngày 15 tháng 3 năm 2022" in (views["issue_date"].context or "")
    assert "GIẤY PHÉP XÂY DỰNG" in (views["doc_type"].context or "")


def _document_with_pages(sessions: sessionmaker[Session], document_id: int) -> Document:
    from pipeline.review import load_document

    return load_document(sessions, document_id)


def test_corrections_are_authoritative_and_recorded_with_who(
    sessions: sessionmaker[Session],
) -> None:
    document_id = stored_document(sessions)
    code = main(
        [
            "review",
            str(document_id),
            "--set",
            "number=123/GPXD",
            "--set",
            "issue_date=16/03/2022",
            "--set",
            "dossier_code=",
            "--accept-rest",
            "--by",
            "Trần Thị Mai",
        ]
    )
    assert code == 0
    document = _document(sessions, document_id)
    assert document.review == "reviewed"
    assert document.number == "123/GPXD"
    assert document.issue_date == date(2022, 3, 16)
    assert document.subject_id == "027090001234"
    assert document.fields is not None and document.confidence is not None
    number = document.fields["number"]
    assert number["value"] == "123/GPXD" and number["confidence"] == 1.0
    assert number["source"] == "person" and number["evidence"] is None
    # An accepted field keeps the evidence of what the machine read.
    assert document.fields["subject_id"]["evidence"]["page"] == 0
    assert document.confidence["issue_date"] == 1.0
    reviews = _reviews(sessions, document_id)
    assert set(reviews) == set(FIELD_NAMES)
    assert reviews["number"].machine_value == "128/GPXD-UBND"
    assert reviews["number"].value == "123/GPXD"
    assert reviews["issue_date"].value == "2022-03-16"
    assert reviews["subject_name"].value == reviews["subject_name"].machine_value
    assert {r.reviewed_by for r in reviews.values()} == {"Trần Thị Mai"}
    assert all(r.reviewed_at is not None for r in reviews.values())


def test_a_partial_review_leaves_the_document_waiting_until_every_field_is_decided(
    sessions: sessionmaker[Session],
) -> None:
    document_id = stored_document(sessions)
    assert main(["review", str(document_id), "--set", "number=123/GPXD", "--by", "Mai"]) == 0
    assert _document(sessions, document_id).review == "needs_review"
    assert set(_reviews(sessions, document_id)) == {"number"}
    rest = [f"--accept={name}" for name in FIELD_NAMES if name != "number"]
    assert main(["review", str(document_id), *rest, "--by", "Lan"]) == 0
    document = _document(sessions, document_id)
    assert document.review == "reviewed"
    assert document.number == "123/GPXD"


def test_an_issuer_correction_finds_its_configured_unit(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    document_id = stored_document(sessions)
    issuer = "Ủy ban nhân dân huyện Gia Bình"
    assert main(["review", str(document_id), "--set", f"issuer={issuer}", "--by", "Mai"]) == 0
    document = _document(sessions, document_id)
    assert document.issuer == issuer
    assert document.issuer_unit_code is not None
    assert "Gia Bình" in settings.units[document.issuer_unit_code].name
    # The tier follows the issuer a person names, unless the person sets it too.
    department = ["--set", "issuer=Sở Xây dựng tỉnh Bắc Ninh", "--accept-rest", "--by", "Mai"]
    assert main(["review", str(document_id), *department]) == 0
    document = _document(sessions, document_id)
    assert document.issuer_unit_code == "27-SXD"
    assert document.tier == "province"
    assert _reviews(sessions, document_id)["tier"].value == "province"


@pytest.mark.parametrize(
    "arguments",
    [
        ["--set", "issue_date=31/02/2022", "--by", "Mai"],
        ["--set", "doc_type=giay_phep_lai_xe", "--by", "Mai"],
        ["--set", "tier=hamlet", "--by", "Mai"],
        ["--set", "colour=blue", "--by", "Mai"],
        ["--set", "number", "--by", "Mai"],
        ["--accept-rest"],
    ],
)
def test_a_wrong_review_changes_nothing(
    sessions: sessionmaker[Session], arguments: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    document_id = stored_document(sessions)
    assert main(["review", str(document_id), *arguments]) == 2
    assert "sohoa:" in capsys.readouterr().err
    document = _document(sessions, document_id)
    assert document.review == "needs_review"
    assert document.number == "128/GPXD-UBND"
    assert _reviews(sessions, document_id) == {}


def test_an_unknown_document_is_an_error(
    sessions: sessionmaker[Session], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["review", "999", "--accept-rest", "--by", "Mai"]) == 2
    assert "no document 999" in capsys.readouterr().err


def test_the_interactive_review_asks_field_by_field(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    document = _document_with_pages(sessions, stored_document(sessions))
    answers = iter(
        ["", "", "", "123/GPXD", "30/02/2022", "2022-03-16", "-", "?", "", "", "Mai", ""]
    )
    said: list[str] = []
    decision = ask_decision(
        field_views(document), settings, lambda _: next(answers), said.append, None
    )
    assert decision is not None
    assert decision.corrections == {
        "number": "123/GPXD",
        "issue_date": "2022-03-16",
        "valid_until": None,
    }
    assert decision.accepted == {"doc_type", "tier", "issuer", "subject_id", "dossier_code"}
    assert decision.reviewed_by == "Mai"
    assert any("not a date" in line for line in said)


def test_at_a_terminal_review_asks_and_saves(sessions: sessionmaker[Session]) -> None:
    import os
    import pty
    import select
    import signal
    import sys
    import time

    document_id = stored_document(sessions)
    answers = ["", "", "", "123/GPXD", "", "", "", "", "", "Mai", ""]
    pid, terminal = pty.fork()
    if pid == 0:  # the child: sohoa at a terminal
        command = [sys.executable, "-m", "pipeline.cli", "review", str(document_id)]
        os.execv(sys.executable, command)
    os.write(terminal, "".join(f"{a}\n" for a in answers).encode())
    shown = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([terminal], [], [], 1.0)
        if not ready:
            continue
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    else:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, shown.decode(errors="replace")
    assert "Your name" in shown.decode(errors="replace")
    document = _document(sessions, document_id)
    assert document.number == "123/GPXD"
    assert document.review == "reviewed"
    assert {r.reviewed_by for r in _reviews(sessions, document_id).values()} == {"Mai"}


def test_a_machine_value_that_is_not_valid_cannot_be_accepted(
    sessions: sessionmaker[Session], capsys: pytest.CaptureFixture[str]
) -> None:
    document_id = stored_document(sessions)
    with sessions.begin() as session:
        document = session.get(Document, document_id)
        assert document is not None and document.fields is not None
        document.fields = {**document.fields, "tier": {"value": "huyện", "confidence": 0.3}}
    assert main(["review", str(document_id), "--accept-rest", "--by", "Mai"]) == 2
    assert "cannot be accepted" in capsys.readouterr().err
    assert _reviews(sessions, document_id) == {}
    fixed = ["--set", "tier=district", "--accept-rest", "--by", "Mai"]
    assert main(["review", str(document_id), *fixed]) == 0
    assert _document(sessions, document_id).review == "reviewed"
