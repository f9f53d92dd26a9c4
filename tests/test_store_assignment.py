"""Assignment and replies in the store, on both engines (issue 17): a leader's direction sets the
lead and supporting units (history kept, re-extraction keeps it), a unit's work lists undated
obligations too, and an outgoing reply citing an incoming document by number proposes its
obligations done (matched to the assigned unit), closed when an editor confirms or by auto-close."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from tracker_fixtures import SEED_000, corpus_record

from congvan.schemas.record import Record, Reference, Span
from congvan.tracker import open_store
from congvan.tracker.api import Direction, IngestOutcome, ObligationFilter, ObligationStatus, Store, UnknownObligation
from congvan.tracker.assignment import names_match


@pytest.fixture()
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as s:
        yield s


def incoming(store: Store) -> tuple[int, list[int]]:
    """Công văn 4515/VKSTC-T5 (4 obligations, due 20/11/2021, on "VKSND các cấp")."""
    result = store.ingest(corpus_record(SEED_000), "/in/000.txt")
    return result.document_id, [o.id for o in store.document_obligations(result.document_id)]


def reply(record: Record, sha: str, issuer: str, cites: str | None = "4515/VKSTC-T5", year: str = "2021") -> Record:
    """An outgoing dispatch from `issuer` citing `cites` (built from a real record: only the header
    fields the reply rule reads change)."""
    refs = [
        Reference(kind="cong_van", number=c, date=f"{year}-11-09", text=f"CV {c}", evidence=Span(start=0, end=9))
        for c in ([cites] if cites else [])
    ]
    return record.model_copy(
        update={
            "source": record.source.model_copy(update={"sha256": sha}),
            "number": "312/VP",
            "issuer": issuer,
            "issuer_parent": "VIỆN KSND TỈNH TÂY NINH",
            "references": refs,
        }
    )


def test_assign_sets_lead_supporting_and_deadline_with_history(store: Store) -> None:
    _, ids = incoming(store)
    lead, supporting = ["Văn phòng", " văn  phòng "], ["Phòng 1", ""]  # repeats and blanks left out
    done = store.assign(ids[:2], lead, supporting, date(2021, 11, 25), "lanhdao", "giao VP")
    assert [(o.lead, o.supporting, o.due) for o in done] == [(("Văn phòng",), ("Phòng 1",), date(2021, 11, 25))] * 2
    assert done[0].assigned_at is not None
    untouched = store.obligation(ids[2])
    assert untouched is not None and untouched.lead == () and untouched.due == date(2021, 11, 20)
    # a second direction: no deadline keeps the one set
    store.assign([ids[0]], ["Phòng 2"], [], None, "pho", None)
    o = store.obligation(ids[0])
    assert o is not None and (o.lead, o.supporting, o.due) == (("Phòng 2",), (), date(2021, 11, 25))
    hist = store.assignments(ids[0])
    assert [(h.lead, h.supporting, h.due, h.who, h.note) for h in hist] == [
        (("Văn phòng",), ("Phòng 1",), date(2021, 11, 25), "lanhdao", "giao VP"),
        (("Phòng 2",), (), None, "pho", None),
    ]
    # the unit filters see the new lead (assignees_key rebuilt)
    assert [x.id for x in store.obligations(ObligationFilter(assignee="phong 2"))] == [ids[0]]


def test_assign_unknown_id_changes_nothing(store: Store) -> None:
    _, ids = incoming(store)
    with pytest.raises(UnknownObligation):
        store.assign([ids[0], 999_999], ["Văn phòng"], [], None, "x")
    o = store.obligation(ids[0])
    assert o is not None and o.lead == () and store.assignments(ids[0]) == []


def test_reextraction_keeps_the_assignment(store: Store) -> None:
    _, ids = incoming(store)
    store.assign([ids[0]], ["Văn phòng"], ["Phòng 1"], date(2021, 12, 1), "lanhdao")
    record = corpus_record(SEED_000)
    newer = record.model_copy(update={"extractor_version": "999.0"})
    assert store.ingest(newer, "/in/000.txt").outcome is IngestOutcome.UPDATED
    o = store.obligation(ids[0])
    assert o is not None and (o.lead, o.supporting, o.due) == (("Văn phòng",), ("Phòng 1",), date(2021, 12, 1))
    other = store.obligation(ids[1])
    assert other is not None and other.lead == () and other.due == date(2021, 11, 20)


def test_unit_obligations_include_undated_and_match_whole_words(store: Store) -> None:
    _, ids = incoming(store)
    store.assign([ids[1]], ["Phòng 1"], [], None, "x")
    store.assign([ids[2]], ["Phòng 10"], ["Phòng 1"], date(2021, 11, 22), "x")
    store.assign([ids[3]], ["Phòng 1"], [], date(2021, 11, 21), "x")
    # ids[1] keeps 20/11; ids[3] 21/11; ids[2] 22/11 (as supporting)
    assert [o.id for o in store.unit_obligations("phong 1")] == [ids[1], ids[3], ids[2]]
    assert [o.id for o in store.unit_obligations("Phòng 10")] == [ids[2]]
    store.set_status(ids[1], ObligationStatus.DONE, "x")
    assert [o.id for o in store.unit_obligations("Phòng 1")] == [ids[3], ids[2]]
    assert ids[1] in [o.id for o in store.unit_obligations("Phòng 1", active_only=False)]
    assert store.unit_obligations("  ") == []


def test_undated_active_oldest_first(store: Store) -> None:
    assert store.count_undated_active() == 0
    first = store.ingest(corpus_record("001_d3ba48757fc946ed.txt"), "/in/001.txt").document_id
    undated = store.undated_active(100)
    assert undated and all(o.due is None and o.document_id == first for o in undated)
    assert [o.id for o in undated] == sorted(o.id for o in undated)
    assert store.count_undated_active() == len(undated)
    store.set_status(undated[0].id, ObligationStatus.CANCELLED, "x")
    assert store.count_undated_active() == len(undated) - 1


def test_reply_proposes_the_assigned_units_obligations_and_confirm_closes_them(store: Store) -> None:
    doc_id, ids = incoming(store)
    store.assign(ids[:2], ["Văn phòng"], [], None, "lanhdao")
    store.assign(ids[2:], ["Phòng 1"], [], None, "lanhdao")
    out = store.ingest(reply(corpus_record(SEED_000), "a" * 64, "VĂN PHÒNG"), "/out/312.txt", Direction.OUT)
    assert out.outcome is IngestOutcome.NEW and out.obligations_added == 0
    assert out.proposed_done == tuple(ids[:2]) and not out.closed
    sent = store.document(out.document_id)
    assert sent is not None and sent.direction is Direction.OUT and store.document_obligations(out.document_id) == []
    assert [o.id for o in store.proposed_done()] == ids[:2]
    assert [d.id for d in store.reply_documents(doc_id)] == [out.document_id]
    assert [o.id for o in store.answered_obligations(out.document_id)] == ids[:2]
    assert all(o.status is ObligationStatus.OPEN for o in store.document_obligations(doc_id))
    # the same bytes again: nothing new
    again = store.ingest(reply(corpus_record(SEED_000), "a" * 64, "VĂN PHÒNG"), "/out/312.txt", Direction.OUT)
    assert again.outcome is IngestOutcome.SAME_BYTES and again.proposed_done == ()
    assert store.confirm_done([ids[0], ids[1], ids[2]], "truongphong") == ids[:2]  # ids[2] was not proposed
    assert [store.obligation(i).status for i in ids] == [  # type: ignore[union-attr]
        ObligationStatus.DONE, ObligationStatus.DONE, ObligationStatus.OPEN, ObligationStatus.OPEN
    ]
    last = store.history(ids[0])[-1]
    assert last.who == "truongphong" and "312/VP" in (last.note or "")
    assert store.proposed_done() == []
    overdue = store.obligations(ObligationFilter(overdue_on=date(2021, 12, 1), document_id=doc_id))
    assert [o.id for o in overdue] == ids[2:]


def test_reply_without_assignment_proposes_all_and_auto_close(store: Store) -> None:
    doc_id, ids = incoming(store)
    assert store.obligation(ids[3]).lead == ("VKSND các cấp",)  # type: ignore[union-attr] # read, not assigned
    store.set_status(ids[3], ObligationStatus.CANCELLED, "x")
    out = store.ingest(reply(corpus_record(SEED_000), "b" * 64, "VĂN PHÒNG"), "/out/1.txt", Direction.OUT, True)
    assert out.proposed_done == tuple(ids[:3]) and out.closed
    statuses = [o.status for o in store.document_obligations(doc_id)]
    assert statuses == [ObligationStatus.DONE] * 3 + [ObligationStatus.CANCELLED]
    assert store.history(ids[0])[-1].who == "tự động (văn bản trả lời)"


def test_reply_from_another_unit_or_year_or_number_proposes_nothing(store: Store) -> None:
    _, ids = incoming(store)
    store.assign(ids, ["Phòng 1"], [], None, "x")
    record = corpus_record(SEED_000)
    assert store.ingest(reply(record, "c" * 64, "PHÒNG 12"), "/o/1", Direction.OUT).proposed_done == ()
    assert store.ingest(reply(record, "d" * 64, "PHÒNG 1", year="2022"), "/o/2", Direction.OUT).proposed_done == ()
    other = reply(record, "e" * 64, "PHÒNG 1", cites="4516/VKSTC-T5")
    assert store.ingest(other, "/o/3", Direction.OUT).proposed_done == ()
    # the cited number spelled otherwise (case, spaces) still matches, like the duplicate rule
    hit = store.ingest(reply(record, "f" * 64, "Phong 1", cites="4515 / vkstc-t5"), "/o/4", Direction.OUT)
    assert hit.proposed_done == tuple(ids)


def test_names_match_whole_words_without_diacritics() -> None:
    assert names_match("Văn phòng", "VĂN PHÒNG VIỆN KSND TỈNH TÂY NINH")
    assert names_match("phong 1", "Phòng 1")
    assert not names_match("Phòng 1", "Phòng 12")
    assert not names_match("", "Phòng 1")


def test_migration_9_reruns_on_a_tracker_restored_to_v7(store_url: str) -> None:
    """A tracker made by this release, its version set back to 7: the rerun keeps every row (all
    documents received, nothing assigned) and adds no column twice."""
    with open_store(store_url) as s:
        doc_id, ids = incoming(s)
        s.assign([ids[0]], ["Văn phòng"], [], None, "x")
        s._run("DELETE FROM schema_migrations WHERE version > 7")  # type: ignore[attr-defined]
    with open_store(store_url) as s:
        doc = s.document(doc_id)
        assert doc is not None and doc.direction is Direction.IN
        assert [o.id for o in s.document_obligations(doc_id)] == ids
        assert [a.lead for a in s.assignments(ids[0])] == [("Văn phòng",)]
