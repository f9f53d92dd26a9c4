"""A tracker for the reminder tests: obligations with chosen bodies, deadlines and statuses, and
accounts in units, as of a fixed day (6 December 2026)."""

from __future__ import annotations

import hashlib
from datetime import date

from tracker_fixtures import SEED_000, corpus_record

from congvan.schemas.record import Deadline, Record, Span, Task
from congvan.tracker.api import ObligationStatus, Role, Store

TODAY = date(2026, 12, 6)

# (document number, task text, lead, assignees, supporting, due ISO or None, status)
TASKS = [
    ("101/UBND-KT", "Báo cáo tình hình thu ngân sách quý IV", ["Phòng Kinh tế"], [], [], "2026-12-01", "open"),
    (
        "102/UBND-KT",
        "Rà soát danh mục dự án đầu tư công trung hạn giai đoạn 2026-2030 trên địa bàn huyện, đề xuất điều "
        "chỉnh kế hoạch vốn và gửi kết quả về Văn phòng UBND huyện để tổng hợp",
        [], ["Phòng Kinh tế và Hạ tầng"], [], "2026-12-10", "in_progress",
    ),
    ("103/UBND-TCKH", "Lập dự toán ngân sách năm 2027", [], ["Phòng Tài chính - Kế hoạch"], [], "2026-12-08", "open"),
    ("104/UBND-KT", "Tổng kết công tác năm", [], ["Phòng Kinh tế"], [], "2026-12-20", "open"),  # beyond 7 days
    ("105/UBND-KT", "Nộp báo cáo thống kê", [], ["Phòng Kinh tế"], [], "2026-11-30", "done"),  # done: never
    ("106/UBND-VP", "Chuẩn bị hội nghị", [], ["Văn phòng"], ["Phòng Kinh tế"], None, "open"),  # no deadline
    ("107/UBND", "Kiểm tra kho lưu trữ", [], ["Phòng 10"], [], "2026-12-07", "open"),  # not "Phòng 1"
    ("108/UBND-TCKH", "Phối hợp thẩm định giá", ["Phòng Tài chính - Kế hoạch"], [], ["Phòng Kinh tế"],
     "2026-12-06", "open"),  # due today: due soon, not overdue; KT supports
    ("109/UBND-KT", "Cập nhật số liệu", [], ["Phòng Kinh tế"], [], "2026-12-13", "open"),  # today + 7: in
    ("110/UBND-KT", "Gửi kế hoạch", [], ["Phòng Kinh tế"], [], "2026-12-14", "open"),  # today + 8: out
]

# (name, unit, e-mail)
ACCOUNTS = [
    ("lan", "phong kinh te", "lan@ubnd.example.vn"),  # typed without diacritics
    ("minh", "Phòng Kinh tế", "minh@ubnd.example.vn"),
    ("tuan", "Phòng Kinh tế", None),  # no address: nothing sent, a warning
    ("ha", "Phòng Tài chính - Kế hoạch", "ha@ubnd.example.vn"),
    ("son", "Phòng 1", "son@ubnd.example.vn"),  # nothing due for Phòng 1: no mail
    ("admin", None, "admin@ubnd.example.vn"),  # no unit: no digest
]


def record(number: str, text: str, lead: list[str], assignees: list[str], supporting: list[str],
           due: str | None) -> Record:
    base = corpus_record(SEED_000)
    task = Task(
        text=text,
        lead=lead,
        assignees=assignees,
        supporting=supporting,
        deadline=Deadline(date=due, text=f"trước ngày {due}") if due else None,
        evidence=Span(start=0, end=10),
    )
    sha = hashlib.sha256(number.encode()).hexdigest()
    return base.model_copy(
        update={"number": number, "tasks": [task], "source": base.source.model_copy(update={"sha256": sha})}
    )


def fill(store: Store) -> dict[str, int]:
    """Store the tasks and accounts; returns obligation id by document number."""
    ids: dict[str, int] = {}
    for number, text, lead, assignees, supporting, due, status in TASKS:
        result = store.ingest(record(number, text, lead, assignees, supporting, due), f"{number}.txt")
        (obligation,) = store.document_obligations(result.document_id)
        ids[number] = obligation.id
        if status != "open":
            store.set_status(obligation.id, ObligationStatus(status), "văn thư")
    for name, unit, email in ACCOUNTS:
        store.save_account(name, "scrypt$1$8$1$c2FsdA==$a2V5", Role.EDITOR)
        store.set_account_unit(name, unit)
        store.set_account_email(name, email)
    return ids
