"""Issue 17's whole life-cycle in Chromium, on the corpus-filled tracker the browser tests share.

A scan arrives at Sở Tài chính (012.pdf, Công văn 575/UBND-KTTH, with a Nghị định 30 receiving stamp
"Số: 1875, Ngày: 5/2/2025" drawn on page 1, read with OCR and stored as the intake stores it) → the
register shows the số đến and ngày đến read from the stamp → the admin makes the unit and its clerk's
account on "Quản trị" → a leader assigns the công văn to the unit (offered by the form) with a
deadline → the clerk sees it under "Việc của tôi" → the Sở's reply citing 575/UBND-KTTH is ingested
as outgoing → its task is proposed done, the leader confirms → it leaves the overdue list. Then a
clerk corrects a misspelt issuer on the document page → `congvan export --format gold` writes it as
corrected → the next document from that issuer, ingested by `congvan ingest`, is spelled as
corrected."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from congvan.cli.main import app as cli_app
from congvan.pipeline.load import DocumentInput
from congvan.pipeline.run import process
from congvan.pipeline.settings import OcrMode, Settings
from congvan.tracker import open_store
from congvan.tracker.api import Direction
from congvan.web.users import Role, add_user
from tests.browser.conftest import Server
from tests.browser.test_web_browser import shot, sign_in
from tests.browser.web_corpus import EDITOR
from tests.receiving_stamps import stamped_012_pdf
from tests.tracker_fixtures import CORPUS, SEED_000

pytestmark = pytest.mark.browser

# What the văn thư of Sở Tài chính wrote into the stamp on 012 (575/UBND-KTTH, issued 04/02/2025)
STAMP_NUMBER, STAMP_DAY = "1875", "5/2/2025"
REPLY = Path(__file__).resolve().parents[1] / "data" / "replies" / "reply_575_ubnd.txt"  # Sở Tài chính's answer
ADMIN = ("quantri", "mat-khau-quan-tri")
CLERK = ("qlgcs", "mat-khau-gia-cong-san")
UNIT = "Phòng Quản lý giá và công sản"  # the Sở's phòng that drafts the answer
# The issuer's second line in 000 (4515/VKSTC-T5), and an OCR slip that drops its grave accent.
PRINTED, MISSPELT = "TUYÊN TRUYỀN NGÀNH KSND", "TUYÊN TRUYÊN NGÀNH KSND"
RIGHT = "BAN CHỈ ĐẠO CÔNG TÁC TUYÊN TRUYỀN NGÀNH KSND"
WRONG = "BAN CHỈ ĐẠO CÔNG TÁC TUYÊN TRUYÊN NGÀNH KSND"


def cli(*args: str) -> str:
    result = CliRunner().invoke(cli_app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def sign_out(page) -> None:  # noqa: ANN001
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r".*/login.*"))


def overdue_count(page, server: Server) -> int:  # noqa: ANN001
    page.goto(server.base + "/")
    return int(page.locator("h2#qua-han small").inner_text().strip("()"))


def misspelt_copy(folder: Path, name: str, number: str) -> Path:
    """000 (4515/VKSTC-T5) as an OCR slip would leave it, under another number."""
    text = (CORPUS / SEED_000).read_text(encoding="utf-8")
    assert PRINTED in text and "4515 /VKSTC-T5" in text
    path = folder / name
    path.write_text(text.replace(PRINTED, MISSPELT).replace("4515 /VKSTC-T5", f"{number} /VKSTC-T5"), "utf-8")
    return path


def test_the_life_cycle_of_a_scanned_dispatch(page, server: Server, tmp_path: Path) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    url = server.corpus.url
    # ---- a stamped scan arrives: read with OCR and stored as the intake stores it
    scan_file = stamped_012_pdf(tmp_path / "575-UBND-KTTH-den.pdf", STAMP_NUMBER, STAMP_DAY)
    record = process(DocumentInput(scan_file), Settings(ocr=OcrMode.AUTO, ocr_jobs=1)).record
    assert record is not None and record.number == "575/UBND-KTTH" and record.tasks
    assert record.arrival is not None
    assert (record.arrival.number, record.arrival.date) == (STAMP_NUMBER, "2025-02-05")  # read from the stamp
    with open_store(url) as store:
        stored = store.ingest(record, str(scan_file))
        scan = store.document(stored.document_id)
        add_user(store, *ADMIN, Role.ADMIN)
    assert scan is not None and scan.arrival_number is not None and scan.direction == "in"

    sign_in(page, server, EDITOR)
    page.get_by_role("link", name="Sổ văn bản đến").click()
    page.get_by_label("Tác giả (cơ quan ban hành)").fill("quang ngai")
    page.get_by_role("button", name="Lọc").click()
    line = page.locator(f'table.register a[href="/documents/{scan.id}"]')
    expect(line).to_have_text(str(scan.arrival_number))  # the register's own, gap-free số đến
    row = line.locator("xpath=ancestor::tr")
    expect(row).to_contain_text("575/UBND-KTTH")
    # beside it, what the stamp says, marked as the stamp's
    expect(row.locator("td.num .stamp")).to_have_text(f"(theo dấu đến: số {STAMP_NUMBER}, ngày 05/02/2025)")
    shot(page, "15-register-scan-arrived")
    sign_out(page)

    # ---- the admin makes the unit and its clerk's account on the administration page
    sign_in(page, server, ADMIN)
    page.get_by_role("link", name="Quản trị").click()
    page.get_by_label("Tên đơn vị mới").fill(UNIT)
    page.get_by_role("button", name="Thêm đơn vị").click()
    expect(page.locator("#da-luu")).to_have_text(f"Đã lưu đơn vị {UNIT}.")
    page.get_by_label("Tên đăng nhập mới").fill(CLERK[0])
    page.get_by_label("Mật khẩu (ít nhất 8 ký tự)").fill(CLERK[1])
    page.get_by_label("Vai trò của tài khoản mới").select_option("reader")
    page.get_by_label("Đơn vị của tài khoản mới").select_option(label=UNIT)
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.locator("#da-luu")).to_have_text(f"Đã tạo tài khoản {CLERK[0]}.")
    expect(page.get_by_label(f"Đơn vị của {CLERK[0]}")).to_have_value(re.compile(r"\d+"))
    shot(page, "16-administration")
    sign_out(page)

    # ---- a leader assigns the công văn to the unit with a deadline: three days before the server's
    # fixed "today" (25/11/2021, the corpus's day), so it is overdue there
    with open_store(url) as store:
        active = [o.id for o in store.document_obligations(scan.id) if o.status in ("open", "in_progress")]
    assert active
    sign_in(page, server, EDITOR)
    before = overdue_count(page, server)
    page.goto(f"{server.base}/documents/{scan.id}")
    page.get_by_text("Giao việc (ý kiến chỉ đạo)").click()
    lead = page.get_by_label("Đơn vị chủ trì", exact=False)
    # the unit made on "Quản trị" is offered to the lead field
    expect(page.locator(f"datalist#{lead.get_attribute('list')} option")).to_have_attribute("value", UNIT)
    lead.fill(UNIT)
    page.get_by_label("Hạn (dd/mm/yyyy", exact=False).fill("22/11/2021")
    page.get_by_role("button", name="Giao việc", exact=True).click()
    page.wait_for_url(re.compile(rf".*/documents/{scan.id}\?assigned={len(active)}.*"))
    assert overdue_count(page, server) == before + len(active)
    sign_out(page)

    # ---- the unit's clerk sees it under "Việc của tôi", three days late
    sign_in(page, server, CLERK)
    page.get_by_role("link", name="Việc của tôi").click()
    for ob in active:
        expect(page.locator(f'a.card-title[href="/obligations/{ob}"]')).to_be_visible()
    expect(page.locator(".late-days").first).to_contain_text("trễ 3 ngày")
    sign_out(page)

    # ---- the Sở's reply citing the công văn is ingested as outgoing: its task is proposed done
    reply = process(DocumentInput(REPLY), Settings(ocr=OcrMode.NEVER)).record
    assert reply is not None and [(r.number, r.date) for r in reply.references] == [("575/UBND-KTTH", "2025-02-04")]
    with open_store(url) as store:
        sent = store.ingest(reply, str(REPLY), Direction.OUT)
    assert sent.proposed_done == tuple(active) and not sent.closed

    sign_in(page, server, EDITOR)
    page.goto(f"{server.base}/documents/{scan.id}")
    expect(page.locator(f'#cac-van-ban-tra-loi a[href="/documents/{sent.document_id}"]')).to_be_visible()
    page.get_by_role("button", name="Xác nhận hoàn thành").click()
    page.wait_for_url(re.compile(rf".*/documents/{scan.id}\?closed={len(active)}"))
    assert overdue_count(page, server) == before  # every task of the công văn left the overdue list
    for ob in active:
        expect(page.locator(f'section[aria-labelledby=qua-han] a[href="/obligations/{ob}"]')).to_have_count(0)
    shot(page, "17-life-cycle-closed")

    # ---- a clerk corrects a misspelt issuer; the gold export and the next document follow it
    first, second = misspelt_copy(tmp_path, "first.txt", "4601"), misspelt_copy(tmp_path, "second.txt", "4602")
    cli("ingest", str(first), "--db", url, "--ocr", "never")
    with open_store(url) as store:
        [doc] = [d for d in store.newest_documents(5) if d.number == "4601/VKSTC-T5"]
    assert doc.issuer == WRONG  # the maintained vocabulary does not know this body
    page.goto(f"{server.base}/documents/{doc.id}")
    field = page.locator("#f-issuer")
    field.locator("details.fix summary").click()
    field.locator("input[name=value]").fill(RIGHT)
    field.get_by_role("button", name="Lưu").click()
    expect(page.locator("#da-luu")).to_be_visible()
    expect(page.locator("#f-issuer dd")).to_contain_text(RIGHT)
    expect(page.locator("#hieu-dinh")).to_be_visible()

    gold_dir = tmp_path / "gold"
    cli("export", "--format", "gold", "--out", str(gold_dir), "--db", url)
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]
    assert [(g["number"], g["issuer"]) for g in golds if g["number"] == "4601/VKSTC-T5"] == [("4601/VKSTC-T5", RIGHT)]

    cli("ingest", str(second), "--db", url, "--ocr", "never")
    with open_store(url) as store:
        [nxt] = [d for d in store.newest_documents(5) if d.number == "4602/VKSTC-T5"]
    page.goto(f"{server.base}/documents/{nxt.id}")
    expect(page.locator("#f-issuer dd")).to_contain_text(RIGHT)
    expect(page.locator("#f-issuer")).not_to_contain_text(WRONG)
    shot(page, "18-corrected-issuer-learned")
