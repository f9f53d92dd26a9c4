"""Issue 17 end to end through the real CLI on real files, on both engines: a dispatch arrives
(corpus 000, Công văn 4515/VKSTC-T5), a leader assigns its tasks to the Văn phòng with a deadline,
the Văn phòng's reply citing it (tests/data/replies/reply_4515.txt) is ingested as outgoing, its
tasks are proposed done, an editor confirms, and they leave the overdue list."""

from __future__ import annotations

import json
from pathlib import Path

from tracker_fixtures import CORPUS, SEED_000
from typer.testing import CliRunner

from congvan.cli.main import app

REPLY = Path(__file__).resolve().parent / "data" / "replies" / "reply_4515.txt"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_assign_reply_confirm_leaves_the_overdue_list(store_url: str) -> None:
    db = store_url
    code, out, err = run("ingest", str(CORPUS / SEED_000), "--db", db, "--ocr", "never", "--json")
    assert code == 0, err
    doc_id = lines(out)[0]["document_id"]
    code, out, _ = run("tasks", "--db", db, "--overdue", "--json")
    overdue = [o["id"] for o in lines(out)]
    assert len(overdue) == 4
    # the leader's direction on the whole document
    code, out, err = run(
        "tasks", "assign", str(doc_id), "--document", "--lead", "Văn phòng", "--support", "Phòng 1",
        "--due", "25/11/2021", "--who", "lanhdao", "--note", "giao VP chủ trì", "--db", db, "--json",
    )  # fmt: skip
    assert code == 0, err
    assigned = [(o["lead"], o["supporting"], o["due"]) for o in lines(out)]
    assert assigned == [(["Văn phòng"], ["Phòng 1"], "2021-11-25")] * 4
    code, out, _ = run("tasks", "--db", db, "--unit", "van phong", "--json")
    assert [o["id"] for o in lines(out)] == overdue
    code, out, _ = run("tasks", "--db", db, "--unit", "Phòng 1")
    assert code == 0 and len(out.strip().splitlines()) == 5  # four tasks and the summary
    # the reply, sent by the Văn phòng, cites "Công văn số 4515/VKSTC-T5 ngày 09/11/2021"
    code, out, err = run("ingest", str(REPLY), "--outgoing", "--db", db, "--ocr", "never", "--json")
    assert code == 0, err
    sent = lines(out)[0]
    assert sent["outcome"] == "new" and sent["obligations_added"] == 0 and sent["answers"] == overdue
    assert f"văn bản đi #{sent['document_id']}: đề nghị hoàn thành 4 nhiệm vụ" in err
    code, out, _ = run("tasks", "--db", db, "--proposed", "--json")
    assert [(o["id"], o["proposed_done_by"], o["status"]) for o in lines(out)] == [
        (i, sent["document_id"], "open") for i in overdue
    ]
    code, out, _ = run("tasks", "--db", db, "--overdue", "--json")
    assert [o["id"] for o in lines(out)] == overdue  # proposed is not done yet
    code, out, err = run("tasks", "confirm", str(doc_id), "--document", "--who", "truongphong", "--db", db, "--json")
    assert code == 0, err
    assert lines(out) == [{"closed": overdue, "who": "truongphong"}]
    code, out, _ = run("tasks", "--db", db, "--overdue", "--json")
    assert code == 0 and out.strip() == ""
    code, out, _ = run("tasks", "confirm", str(overdue[0]), "--db", db)
    assert code != 0  # nothing left to confirm


def test_assign_needs_something_and_a_known_task(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    assert run("ingest", str(CORPUS / SEED_000), "--db", db, "--ocr", "never")[0] == 0
    code, _, err = run("tasks", "assign", "1", "--db", db)
    assert code != 0 and "--lead" in err
    code, _, err = run("tasks", "assign", "999", "--lead", "Văn phòng", "--db", db)
    assert code != 0 and "#999" in err
    code, _, err = run("tasks", "assign", "1", "--lead", "Văn phòng", "--due", "31/02/2021", "--db", db)
    assert code != 0 and "--due" in err
    code, _, err = run("ingest", str(REPLY), "--auto-close", "--db", db)
    assert code != 0 and "--outgoing" in err


def test_auto_close_closes_at_once(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    assert run("ingest", str(CORPUS / SEED_000), "--db", db, "--ocr", "never")[0] == 0
    code, out, err = run("ingest", str(REPLY), "--outgoing", "--auto-close", "--db", db, "--ocr", "never", "--json")
    assert code == 0, err
    assert "đã đóng 4 nhiệm vụ" in err  # nobody was assigned: the reply answers the whole document
    code, out, _ = run("tasks", "--db", db, "--all", "--json")
    assert {o["status"] for o in lines(out)} == {"done"}
