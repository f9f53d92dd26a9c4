"""A clerk's round trip in a real browser: sign in, search without diacritics, open the document
and see the evidence highlighted, mark the task done, see it leave the overdue list; screenshots
of the main pages go to docs/screenshots/ (listed in the README)."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import SCREENSHOTS, Server
from tests.browser.web_corpus import EDITOR, READER

pytestmark = pytest.mark.browser


def sign_in(page, server: Server, who: tuple[str, str]) -> None:  # noqa: ANN001
    page.goto(server.base + "/")
    assert page.url.startswith(server.base + "/login")
    page.get_by_label("Tên đăng nhập").fill(who[0])
    page.get_by_label("Mật khẩu").fill(who[1])
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(server.base + "/")


def shot(page, name: str) -> None:  # noqa: ANN001
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_clerk_round_trip(page, server: Server) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    ob = server.corpus.report_obligation
    page.goto(server.base + "/login")
    shot(page, "01-sign-in")
    sign_in(page, server, EDITOR)

    overdue = page.locator("section[aria-labelledby=qua-han]")
    expect(overdue.locator(f'a[href="/obligations/{ob}"]')).to_be_visible()
    shot(page, "02-overview")

    # Search without diacritics, with the keyboard only.
    page.get_by_role("link", name="Tìm kiếm").click()
    page.get_by_label("Từ khóa", exact=False).fill("bao cao so ket")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/search\?q=bao\+cao\+so\+ket.*"))
    hit = page.locator(f'a[href="/obligations/{ob}"]')
    expect(hit).to_be_visible()
    expect(page.locator("mark", has_text="báo cáo sơ kết").first).to_be_visible()
    shot(page, "03-search")

    # The task's document: its number highlighted (text document: the span marked in the text).
    hit.click()
    page.wait_for_url(f"{server.base}/obligations/{ob}")
    page.get_by_role("link", name="Văn bản 4515/VKSTC-T5").click()
    expect(page.locator('pre.doc-text mark[data-mark="number"]')).to_have_text("4515 /VKSTC-T5")
    expect(page.locator("#ev-note")).to_contain_text("tô sáng trong văn bản")
    shot(page, "04-document-text")

    # Mark it done with a note; the history shows who did it.
    page.goto(f"{server.base}/obligations/{ob}")
    page.get_by_label("Đã hoàn thành").check()
    page.get_by_label("Ghi chú").fill("Đã gửi báo cáo qua Báo Bảo vệ pháp luật")
    page.get_by_role("button", name="Lưu trạng thái").click()
    page.wait_for_url(f"{server.base}/obligations/{ob}?saved=1")
    expect(page.locator("#trang-thai")).to_have_text("Đã hoàn thành")
    expect(page.locator("table")).to_contain_text(EDITOR[0])
    expect(page.locator("table")).to_contain_text("Đã gửi báo cáo")
    shot(page, "05-obligation")

    page.get_by_role("link", name="Tổng quan").click()
    expect(page.locator(f'section[aria-labelledby=qua-han] a[href="/obligations/{ob}"]')).to_have_count(0)


def test_pdf_evidence_boxes_on_page_image(page, server: Server) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    sign_in(page, server, READER)
    page.goto(f"{server.base}/documents/{server.corpus.pdf_document}")
    image = page.locator("#page-1 img")
    expect(image).to_be_visible()
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 500
    number_box = page.locator('#page-1 rect[data-mark="number"]')
    expect(number_box).to_have_count(1)
    # The box sits in the header's left column, top sixth of the page, where "Số: 542/TB-UBND" is printed.
    rel_x, rel_y = place_on(image, number_box)
    assert 0.1 < rel_x < 0.4 and 0.08 < rel_y < 0.2, (rel_x, rel_y)
    page.locator("#f-number a.ev-link").click()
    expect(number_box).to_have_class(re.compile(r"\bactive\b"))
    shot(page, "06-document-pdf-evidence")


def place_on(image, box):  # noqa: ANN001, ANN201
    """Where `box` sits on the page `image`, as fractions of the image from its top left."""
    img, rect = image.bounding_box(), box.bounding_box()
    assert img and rect
    return (rect["x"] - img["x"]) / img["width"], (rect["y"] - img["y"]) / img["height"]


def test_scan_evidence_boxes_on_page_image(page, server: Server) -> None:  # noqa: ANN001
    """030.jpg, a photographed dispatch: its fields are placed from Tesseract's word boxes."""
    from playwright.sync_api import expect

    sign_in(page, server, READER)
    page.goto(f"{server.base}/documents/{server.scan_document}")
    image = page.locator("#page-1 img")
    expect(image).to_have_js_property("complete", True)
    boxes = page.locator("#page-1 rect.hl")
    assert boxes.count() >= 10
    number_box = page.locator('#page-1 rect[data-mark="number"]')
    expect(number_box).to_have_count(1)
    # "Số: 1906/SGDĐT-CTrTT" is printed in the header's left column, near the top of the photo.
    rel_x, rel_y = place_on(image, number_box)
    assert rel_x < 0.4 and rel_y < 0.25, (rel_x, rel_y)
    expect(page.locator("#ev-note")).to_have_count(0)
    page.locator("#f-number a.ev-link").click()
    expect(number_box).to_have_class(re.compile(r"\bactive\b"))
    shot(page, "09-document-scan-evidence")


def test_reader_sees_no_status_form(page, server: Server) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    sign_in(page, server, READER)
    page.goto(f"{server.base}/obligations/{server.corpus.report_obligation}")
    expect(page.get_by_text("chỉ được xem")).to_be_visible()
    expect(page.get_by_role("button", name="Lưu trạng thái")).to_have_count(0)


def test_upload_goes_through_intake(page, server: Server, tmp_path) -> None:  # noqa: ANN001
    from playwright.sync_api import expect
    from tracker_fixtures import CORPUS

    sign_in(page, server, EDITOR)
    page.goto(server.base + "/upload")
    good = CORPUS / "039.txt"
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj broken")
    junk = tmp_path / "hello.txt"
    junk.write_bytes(b"hello world\n")
    page.get_by_label("Chọn tệp", exact=False).set_input_files([str(good), str(bad), str(junk)])
    page.get_by_role("button", name="Tải lên").click()
    rows = page.locator("#jobs tbody tr")
    expect(rows).to_have_count(3)
    # app.js reloads the page until every file has its result (a plain refresh without JavaScript).
    expect(page.locator("#jobs")).not_to_contain_text("đang xử lý", timeout=120_000)
    expect(page.locator("#jobs")).to_contain_text("đã có từ trước")  # 039.txt was in the tracker already
    expect(page.locator("#jobs")).to_contain_text("không đọc được: tệp bị hỏng")
    expect(page.locator("#jobs")).to_contain_text("không phải văn bản hành chính")  # junk is not stored
    expect(page.locator("#jobs")).not_to_contain_text("PDF header")
    shot(page, "07-upload")
    assert (server.archive / "039.txt").exists() and (server.archive / "039.txt.json").exists()
    assert (server.failed / "hong.pdf").exists() and (server.failed / "hong.pdf.error.json").exists()


def test_narrow_screen(phone, server: Server) -> None:  # noqa: ANN001
    sign_in(phone, server, READER)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page wider than the phone: {width}px"
    shot(phone, "08-overview-phone")


def test_a_note_typed_when_the_session_ended_survives_sign_in(page, server: Server) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    ob = server.corpus.report_obligation
    sign_in(page, server, EDITOR)
    page.goto(f"{server.base}/obligations/{ob}")
    note = "Đã nhắc các đơn vị; chờ Kế hoạch bổ sung trước ngày 30/11"
    page.get_by_label("Đang thực hiện").check()
    page.get_by_label("Ghi chú").fill(note)
    page.context.clear_cookies()  # the session ended while the clerk was typing
    page.get_by_role("button", name="Lưu trạng thái").click()
    page.wait_for_url(re.compile(r".*/login\?next=.*"))
    page.get_by_label("Tên đăng nhập").fill(EDITOR[0])
    page.get_by_label("Mật khẩu").fill(EDITOR[1])
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{server.base}/obligations/{ob}")
    expect(page.get_by_label("Ghi chú")).to_have_value(note)
    expect(page.get_by_label("Đang thực hiện")).to_be_checked()
    expect(page.locator("#da-giu-lai")).to_be_visible()
    shot(page, "10-note-kept-after-sign-in")


def test_marked_text_font_draws_vietnamese_and_page_images_are_cached(page, server: Server) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    sign_in(page, server, READER)
    page.goto(f"{server.base}/documents/{server.corpus.report_document}")
    text = page.locator("pre.doc-text")
    expect(text).to_be_visible()
    family = text.evaluate("el => getComputedStyle(el).fontFamily")
    assert family.startswith('"DejaVu Sans Mono"'), family
    assert page.evaluate("document.fonts.check('16px \"DejaVu Sans Mono\"', 'Kế hoạch')")
    headers: list[dict[str, str]] = []
    page.on("response", lambda r: headers.append(r.headers) if r.url.endswith(".png") else None)
    page.goto(f"{server.base}/documents/{server.corpus.pdf_document}")
    expect(page.locator("#page-1 img")).to_have_js_property("complete", True)
    assert headers and all(h.get("cache-control") == "private, max-age=31536000, immutable" for h in headers)
    assert all(h.get("etag") for h in headers)


def test_an_editor_deletes_junk_from_its_page(page, server: Server) -> None:  # noqa: ANN001
    from playwright.sync_api import expect

    doc = server.corpus.pdf_document
    sign_in(page, server, EDITOR)
    page.goto(f"{server.base}/documents/{doc}")
    page.get_by_text("Xóa văn bản này", exact=True).click()
    page.get_by_label("Tôi xác nhận xóa văn bản này").check()
    page.get_by_role("button", name="Xóa văn bản").click()
    page.wait_for_url(f"{server.base}/documents/{doc}")
    expect(page.locator("#da-xoa")).to_contain_text("đã bị xóa")
    shot(page, "11-document-deleted")
    page.goto(server.base + "/")
    expect(page.locator(f'section[aria-labelledby=moi-den] a[href="/documents/{doc}"]')).to_have_count(0)


def test_a_leader_assigns_the_unit_sees_it_and_the_reply_closes_it(page, server: Server) -> None:  # noqa: ANN001
    """Issue 17's walk: assign 4515/VKSTC-T5 to the Văn phòng with a deadline, the unit's account
    sees it under "Việc của tôi", the Văn phòng's reply is ingested as outgoing, the tasks are
    proposed done, an editor confirms with the button, and they leave the overdue list."""
    from pathlib import Path

    from playwright.sync_api import expect

    from congvan.pipeline.load import DocumentInput
    from congvan.pipeline.run import process
    from congvan.pipeline.settings import OcrMode, Settings
    from congvan.tracker import open_store
    from congvan.tracker.api import Direction

    doc = server.corpus.report_document
    with open_store(server.corpus.url) as store:
        store.set_account_unit(EDITOR[0], "Văn phòng")
        active = [o.id for o in store.document_obligations(doc) if o.status in ("open", "in_progress")]
    assert active
    sign_in(page, server, EDITOR)
    page.goto(f"{server.base}/documents/{doc}")
    page.get_by_text("Giao việc (ý kiến chỉ đạo)").click()
    page.get_by_label("Đơn vị chủ trì", exact=False).fill("Văn phòng")
    page.get_by_label("Đơn vị phối hợp", exact=False).fill("Phòng 1")
    page.get_by_label("Hạn (dd/mm/yyyy", exact=False).fill("22/11/2021")
    page.get_by_role("button", name="Giao việc", exact=True).click()
    page.wait_for_url(re.compile(rf".*/documents/{doc}\?assigned={len(active)}.*"))
    shot(page, "12-assigned")

    page.get_by_role("link", name="Việc của tôi").click()
    for ob in active:
        expect(page.locator(f'a.card-title[href="/obligations/{ob}"]')).to_be_visible()
    expect(page.locator(".late-days").first).to_contain_text("trễ 3 ngày")
    shot(page, "13-my-work")

    reply = Path(__file__).resolve().parents[1] / "data" / "replies" / "reply_4515.txt"
    record = process(DocumentInput(reply), Settings(ocr=OcrMode.NEVER)).record
    assert record is not None
    with open_store(server.corpus.url) as store:
        sent = store.ingest(record, str(reply), Direction.OUT)
    assert sent.proposed_done == tuple(active)
    page.goto(f"{server.base}/documents/{doc}")
    expect(page.locator(f'#cac-van-ban-tra-loi a[href="/documents/{sent.document_id}"]')).to_be_visible()
    page.get_by_role("button", name="Xác nhận hoàn thành").click()
    page.wait_for_url(re.compile(rf".*/documents/{doc}\?closed={len(active)}"))
    page.get_by_role("link", name="Tổng quan").click()
    for ob in active:
        expect(page.locator(f'section[aria-labelledby=qua-han] a[href="/obligations/{ob}"]')).to_have_count(0)
    shot(page, "14-closed-by-the-reply")
