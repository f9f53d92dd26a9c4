"""Who owns the duties of a thông báo phân công (issue #15; class: kế hoạch and thông báo of
provinces and ministries that name a lead and partners over a list, or a body the text defines —
tuned on blind set 42 and the written notice below):

- a heading "X chủ trì, phối hợp với Y, Z và các cơ quan liên quan:" gives each bullet under it
  the lead and the named partners (the gold guide: a named co-operator is also an assignee, a
  vague one is not), as a sentence "X chủ trì, phối hợp với Y …" already did;
- a body the text defines ("(sau đây gọi tắt là Tổ công tác)") ends where its term ends: "Tổ công
  tác | rà soát …", while a name printed otherwise runs on ("Tổ Công tác tuyên truyền của Sở …");
- an adverb before the verb is the predicate's: "… phụ trách lĩnh vực ngân sách | trực tiếp làm việc";
- "khóa sổ" and "xuống cơ sở" are verbs that end the subject, and a clause of time or condition
  after the name opens its predicate ("Công an tỉnh | khi nhận được văn bản đề nghị …");
- "UBND các xã, phường: A, B và C" names its places after the colon, all one assignee;
- "các cơ quan, đơn vị, doanh nghiệp sử dụng …" is one collective, its qualifier shared;
- "Chỉ huy trưởng" heads an office like "Giám đốc", so a list of office holders splits at it, and
  a verb after "người" is a noun's ("Phòng Quản lý thu và Phát triển người tham gia").
A point that only reviews what was reached ("Đến ngày …, … đã bàn giao …, đạt 60% …") lays no
duty; a meeting announced with its time gives the duty of the sentence after it ("Văn phòng Sở …
chuẩn bị …"), "giao ban" being the meeting's kind, no assignment; two reports joined by "và",
each with its date, are two tasks (the gold guide: one directive with two deadlines); carrying out
one's rows of the appendix "bảo đảm tiến độ, hiệu quả" is the generic closing.
The heading's partners and the category partners follow the real gold where the blind writers
differ: "X phối hợp với Y" without "chủ trì" lays no duty on Y (004, t12), and a kind of body as
partner ("phối hợp với UBND các huyện, thị xã, thành phố") is supporting only (007, 011, t20).
"""

from __future__ import annotations

from typing import Any

from tests.obligations_gold import written_tasks


def _tasks() -> tuple[dict[str, Any], ...]:
    return written_tasks("thong_bao_to_cong_tac_quyet_toan.txt")


def test_every_duty_and_its_owner() -> None:
    lead_and_partners = ["Sở Tài chính", "Sở Xây dựng", "Kho bạc Nhà nước khu vực XI"]
    assert [t["assignees"] for t in _tasks()] == [
        ["Tổ công tác"],
        lead_and_partners,
        lead_and_partners,
        ["đồng chí Phó Giám đốc Sở Tài chính phụ trách lĩnh vực ngân sách"],
        ["các đơn vị dự toán cấp I"],
        ["Tổ Công tác tuyên truyền của Sở Tài chính"],
        ["UBND các xã, phường: Gio Linh, Cửa Tùng và Hướng Hóa"],
        ["các cơ quan, đơn vị, doanh nghiệp sử dụng trụ sở công"],
        [
            "Giám đốc Công an tỉnh",
            "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh",
            "Phòng Quản lý thu và Phát triển người tham gia của Bảo hiểm xã hội tỉnh",
        ],
        ["Văn phòng Sở Tài chính"],
        ["Các sở, ban, ngành"],
        ["Các sở, ban, ngành"],
        ["Công an tỉnh"],
        ["Các đồng chí thành viên Tổ công tác phụ trách địa bàn"],
    ]


def test_the_headings_lead_leads_and_the_vague_partner_only_supports() -> None:
    bullets = [t for t in _tasks() if t["text"].startswith(("Hướng dẫn", "Tổng hợp"))]
    assert len(bullets) == 2
    for task in bullets:
        assert task["lead"] == ["Sở Tài chính"]
        assert "các cơ quan, đơn vị liên quan" in task["supporting"]
        assert "các cơ quan, đơn vị liên quan" not in task["assignees"]


def test_each_duty_keeps_its_term() -> None:
    assert [t["deadline"]["date"] if t["deadline"] else None for t in _tasks()] == [
        "2027-03-31", "2027-02-20", "2027-06-15", "2027-07-31", "2027-02-28", "2027-09-30",
        "2027-09-30", "2027-03-15", "2027-01-25", None, "2027-06-15", "2027-12-15",
        "2027-02-20", "2027-03-31",
    ]


def test_a_point_that_reviews_progress_is_no_duty() -> None:
    # "9. Đến ngày 31/12/2026, các xã, phường đã bàn giao 42 trụ sở dôi dư, đạt 60% kế hoạch năm."
    assert not any("đạt 60%" in t["text"] for t in _tasks())


def test_a_meeting_announced_gives_the_duty_after_it_not_itself() -> None:
    task = next(t for t in _tasks() if "cuộc họp" in t["text"])
    assert task["text"] == "Văn phòng Sở Tài chính chuẩn bị nội dung, tài liệu phục vụ cuộc họp."


def test_two_reports_joined_by_va_are_two_tasks_of_one_text() -> None:
    reports = [t for t in _tasks() if t["text"].startswith("Các sở, ban, ngành báo cáo sơ kết")]
    assert len(reports) == 2 and reports[0]["text"] == reports[1]["text"]
    assert [t["deadline"]["text"] for t in reports] == ["trước ngày 15/6/2027", "trước ngày 15/12/2027"]


def test_carrying_out_ones_rows_of_the_appendix_is_the_generic_closing() -> None:
    # "12. Các phòng … căn cứ nhiệm vụ được giao tại Phụ lục kèm theo Thông báo này, chủ động triển
    # khai thực hiện bảo đảm tiến độ, hiệu quả.": the duties are the appendix's rows
    assert not any("Phụ lục" in t["text"] for t in _tasks())
