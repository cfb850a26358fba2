"""Intake: watched inboxes and archive backfill, with a ledger row per input file."""
