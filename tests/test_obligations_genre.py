"""Genre and section decide what can be a duty (issue #15): an answer letter's explanation of the
law, a report's findings, a "Lưu ý:" list of notes, a giấy mời's particulars lay none, while a
request inside them does; OCR-garbled list markers are read where the sequence confirms them."""

from __future__ import annotations

from datetime import date

import pytest

from congvan.extractors.base import Context
from congvan.extractors.obligations.genre import Genre, announces_meeting, genre_of, section_kind
from congvan.extractors.obligations.segment import paragraphs, resolve_markers
from congvan.extractors.tasks import extract
from congvan.extractors.vocab import load_table
from tests.obligations_gold import REPO

DATA = REPO / "tests" / "data" / "obligations" / "written"

TAIL = """Nơi nhận:
- Như trên;
- Lưu: VT.
"""


def _tasks(text: str, document_type: str | None = "cong_van", issued: date = date(2024, 6, 12)) -> list[dict]:
    context = Context(issued_date=issued, known={"document_type": document_type})
    return [c.value for c in extract(text, context).candidates]


def test_genres_table_loads() -> None:
    table = load_table("genres")
    assert set(table["fact_sections"]) <= set(table["section_kinds"])
    assert {Genre(g) for g in table["type_genres"].values()}


@pytest.mark.parametrize(
    ("name", "document_type", "genre"),
    [
        pytest.param("tra_loi_thue", "cong_van", Genre.CONG_VAN_TRA_LOI, id="tax-answer-by-its-cues"),
        pytest.param("hoi_dap_hai_quan", "cong_van", Genre.CONG_VAN_TRA_LOI, id="customs-answer-by-subject"),
        pytest.param("bao_cao", "bao_cao", Genre.BAO_CAO, id="report"),
        pytest.param("cong_van_bo", "cong_van", Genre.CONG_VAN_DE_NGHI, id="request-letter-stays"),
        pytest.param("ke_hoach", "ke_hoach", Genre.KE_HOACH, id="plan"),
    ],
)
def test_genre_of_a_document(name: str, document_type: str, genre: Genre) -> None:
    assert genre_of((DATA / f"{name}.txt").read_text(encoding="utf-8"), document_type) == genre


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        pytest.param("MỤC ĐÍCH, YÊU CẦU", "muc_dich", id="purpose"),
        pytest.param("NGUYÊN TẮC, YÊU CẦU SẮP XẾP THÔN, TỔ DÂN PHỐ", "muc_dich", id="principles"),
        pytest.param("TỔ CHỨC THỰC HIỆN", "to_chuc_thuc_hien", id="execution"),
        pytest.param("NHIỆM VỤ CỤ THỂ", "noi_dung", id="duties"),
        pytest.param("Câu hỏi 2:", "hoi_dap", id="numbered-question"),
        pytest.param("Hướng trả lời, hướng dẫn:", "tra_loi", id="answer-heading"),
        pytest.param("Chủ trì:", "hop", id="meeting-chair"),
        pytest.param("HỘI NGHỊ TỔNG KẾT", None, id="hoi-nghi-is-no-question"),
        pytest.param("Trả lời công văn số 58/CV-MP của Công ty", None, id="answer-opening-is-no-heading"),
        pytest.param("Thời gian thực hiện", None, id="time-word-opening-a-title"),
    ],
)
def test_section_kind_from_a_heading(title: str, kind: str | None) -> None:
    assert section_kind(title) == kind


@pytest.mark.parametrize(
    ("name", "assignee", "deadline"),
    [
        pytest.param("tra_loi_thue", "Cục Thuế tỉnh Bình Dương", "2024-07-31", id="tax-quoted-articles"),
        pytest.param("hoi_dap_hai_quan", "Cục Hải quan thành phố Hải Phòng", "2024-08-15", id="customs-q-and-a"),
    ],
)
def test_answer_letter_gives_only_its_request(name: str, assignee: str, deadline: str) -> None:
    # quoted articles, "Căn cứ quy định nêu trên …", "Đề nghị Công ty căn cứ quy định … để thực
    # hiện", the Q&A pairs and "… trả lời để … biết và thực hiện" lay no duty
    tasks = _tasks((DATA / f"{name}.txt").read_text(encoding="utf-8"))
    assert [(t["assignees"], t["deadline"]["date"]) for t in tasks] == [([assignee], deadline)]
    assert tasks[0]["text"].startswith("Đề nghị " + assignee)


def test_report_findings_are_no_tasks_but_its_request_is() -> None:
    tasks = _tasks((DATA / "bao_cao.txt").read_text(encoding="utf-8"), "bao_cao", date(2024, 9, 20))
    # "đã giao cho các cơ quan, đơn vị rà soát …" and "Phòng Nội vụ tổ chức kiểm tra …" report what was done
    assert [(t["assignees"], t["deadline"]["date"]) for t in tasks] == [(["Sở Nội vụ"], "2024-12-31")]


REPORTED_REQUEST = """Thực hiện Công văn số 145/UBND-NN ngày 20/02/2025 của UBND tỉnh, Sở Tài nguyên và Môi trường
đề nghị UBND các huyện, thị xã, thành phố báo cáo kết quả cấp giấy chứng nhận năm 2024, gửi về
Sở trước ngày 25/3/2025.
Năm 2024, Sở đã đề nghị UBND tỉnh bổ sung kinh phí đo đạc; UBND huyện Gia Bình vừa yêu cầu các xã
rà soát hồ sơ tồn đọng.
""" + TAIL


def test_a_request_told_in_the_past_is_reported_not_laid() -> None:
    tasks = _tasks(REPORTED_REQUEST, issued=date(2025, 3, 10))
    assert [(t["assignees"], t["deadline"]["date"]) for t in tasks] == [
        (["UBND các huyện, thị xã, thành phố"], "2025-03-25")
    ]


REPORT_WITH_COORDINATED_PAST = """II. KẾT QUẢ THỰC HIỆN
Ngay sau khi có chỉ đạo của tỉnh, Sở Nông nghiệp đã họp các huyện, đồng thời đề nghị Công an tỉnh
cử cán bộ tham gia Tổ công tác. UBND huyện Tuy Phước đã chỉ đạo các xã ra quân và yêu cầu các hộ
chăn nuôi tiêu độc khử trùng, báo cáo trước ngày 30/8/2024.
III. KIẾN NGHỊ
Đề nghị UBND tỉnh giao Sở Tài chính bố trí kinh phí phòng chống dịch trước ngày 31/12/2024.
""" + TAIL


def test_a_request_joined_to_a_past_verb_is_reported_and_a_handed_on_one_is_the_askeds() -> None:
    tasks = _tasks(REPORT_WITH_COORDINATED_PAST, "bao_cao", date(2024, 9, 2))
    assert [(t["assignees"], t["deadline"]["date"]) for t in tasks] == [(["UBND tỉnh"], "2024-12-31")]


GUIDANCE_WITH_TOPIC_TITLES = """Để triển khai thống kê năm 2025, Sở Y tế đề nghị các đơn vị thực hiện như sau:
1. Đối với các bệnh viện, trung tâm y tế, trạm y tế xã, phường, thị trấn trên địa bàn toàn tỉnh
Cập nhật số liệu khám bệnh, chữa bệnh lên phần mềm, gửi về Sở trước ngày 10/4/2025.
2. Hỗ trợ phần mềm
Trong thời gian các đơn vị nhập liệu, tài khoản cũ được giữ nguyên; đơn vị cần hỗ trợ liên hệ
quản trị hệ thống. Trung tâm Kiểm soát bệnh tật có trách nhiệm bảo đảm phần mềm hoạt động ổn
định. Phòng Kế hoạch - Tài chính rà soát số liệu, báo cáo Giám đốc Sở trước ngày 20/4/2025.
""" + TAIL


def test_topic_titles_over_their_duties_give_the_duties() -> None:
    tasks = _tasks(GUIDANCE_WITH_TOPIC_TITLES, issued=date(2025, 3, 20))
    assert [(t["text"].split()[0], t["assignees"], (t["deadline"] or {}).get("date")) for t in tasks] == [
        (
            "Cập",
            ["các bệnh viện, trung tâm y tế, trạm y tế xã, phường, thị trấn trên địa bàn toàn tỉnh"],
            "2025-04-10",
        ),
        ("Trung", ["Trung tâm Kiểm soát bệnh tật"], None),
        ("Phòng", ["Phòng Kế hoạch - Tài chính"], "2025-04-20"),
    ]


NOTES = (DATA / "luu_y.txt").read_text(encoding="utf-8")


def test_notes_of_a_luu_y_list_are_no_tasks_unless_one_names_an_actor() -> None:
    tasks = _tasks(NOTES, issued=date(2024, 3, 4))
    texts = [t["text"] for t in tasks]
    assert not any(t.startswith(("Bản sao", "Bảng xác định", "Giấy đề nghị")) for t in texts), texts
    assert any(t.startswith("Sở Tài chính chủ trì") for t in texts), texts


INVITATION = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG
Số: 560/GM-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lâm Đồng, ngày 06 tháng 11 năm 2025
GIẤY MỜI
Họp đánh giá các chỉ số cải cách hành chính
1. Chủ trì: Đồng chí Nguyễn Văn An - Phó Chủ tịch UBND tỉnh.
2. Thành phần mời: Lãnh đạo các sở, ban, ngành thuộc tỉnh.
3. Thời gian: từ 08h00 ngày 07/11/2025.
4. Địa điểm: Phòng họp số 02 Văn phòng UBND tỉnh.
5. Phân công chuẩn bị:
Giao Sở Nội vụ chuẩn bị nội dung để trình chiếu số liệu tại cuộc họp.
Đề nghị các đồng chí dự họp đúng thành phần, thời gian và địa điểm nêu trên./.
""" + TAIL


def test_meeting_particulars_and_the_invitation_are_no_tasks() -> None:
    tasks = _tasks(INVITATION, "giay_moi", date(2025, 11, 6))
    assert [(t["text"][:22], t["assignees"]) for t in tasks] == [("Giao Sở Nội vụ chuẩn b", ["Sở Nội vụ"])]


# unnumbered particulars with the agenda under "Nội dung:" (class: schools' and offices' giấy mời;
# blind set 46, zah05): what the meeting will do is no one's duty, the requests after it are
INVITATION_AGENDA = """TRƯỜNG THCS LÊ LỢI
Số: 21/GM-THCSLL
GIẤY MỜI
Họp Ban đại diện cha mẹ học sinh học kỳ I
Trường THCS Lê Lợi trân trọng kính mời Giáo viên chủ nhiệm các lớp đến dự cuộc họp.
Thời gian: 14 giờ 00, thứ Bảy, ngày 17/01/2026.
Địa điểm: Phòng họp Hội đồng, Trường THCS Lê Lợi.
Nội dung: Nhà trường thông báo kết quả giáo dục học kỳ I; thống nhất kế hoạch phối hợp giáo dục học sinh học kỳ II.
Để cuộc họp đạt kết quả, nhà trường đề nghị:
1. Giáo viên chủ nhiệm các lớp chuẩn bị báo cáo kết quả học tập, gửi Văn phòng trước 16 giờ 00 ngày 14/01/2026.
""" + TAIL


def test_a_meetings_agenda_is_no_task_and_the_request_after_it_is() -> None:
    tasks = _tasks(INVITATION_AGENDA, "giay_moi", date(2026, 1, 8))
    assert [(t["text"][:30], t["assignees"]) for t in tasks] == [
        ("Giáo viên chủ nhiệm các lớp ch", ["Giáo viên chủ nhiệm các lớp"])
    ]


ACCOUNT = (DATA / "tai_khoan.txt").read_text(encoding="utf-8")


def test_account_details_under_a_step_are_data_and_the_step_is_the_task() -> None:
    texts = [t["text"] for t in _tasks(ACCOUNT, issued=date(2024, 3, 4))]
    assert any(t.startswith("Bước 2: Sau khi đăng ký") for t in texts), texts
    assert not any(t.startswith(("Tên đơn vị", "Số tài khoản", "Tên ngân hàng")) for t in texts), texts


@pytest.mark.parametrize(
    ("lines", "kinds"),
    [
        pytest.param(
            ["I. MỤC ĐÍCH", "1. Nâng cao", "II NHIỆM VỤ CỤ THỂ", "1. Sở Y tế"],
            ["roman", "number", "roman", "number"],
            id="roman-without-dot",
        ),
        pytest.param(
            ["[. Tổ chức giảng dạy", "1. Đối với sinh viên", "2. Đối với K21", "HH. Các điều kiện", "1. Đối với"],
            ["roman", "number", "number", "roman", "number"],
            id="roman-look-alikes-before-a-restart",
        ),
        pytest.param(
            ["l. Sở Tài chính chủ trì", "2. Sở Xây dựng", "3. Sở Y tế"],
            ["number", "number", "number"],
            id="l-for-1",
        ),
        pytest.param(
            ["I. Sở Tài chính chủ trì", "2. Sở Xây dựng"],
            ["number", "number"],
            id="I-for-1-before-2",
        ),
        pytest.param(
            ["I. MỤC ĐÍCH", "1. Sở Tài chính", "2. Sở Xây dựng"],
            ["roman", "number", "number"],
            id="a-true-roman-I-stays",
        ),
        pytest.param(
            ["4. Sở Tài chính", "§. Sở Xây dựng", "6. Sở Y tế"],
            ["number", "number", "number"],
            id="section-sign-for-5",
        ),
        pytest.param(
            ["H. Bình Sơn có 12 xã", "I. MỤC ĐÍCH", "1. Nâng cao"],
            ["plain", "roman", "number"],
            id="unconfirmed-look-alike-stays-plain",
        ),
        pytest.param(
            ["§. Điều kiện", "Nội dung"],
            ["plain", "plain"],
            id="section-sign-without-neighbours",
        ),
        pytest.param(
            ["1. Sở Tài chính", "2. Sở Xây dựng", "3 Sở Nội vụ", "Chủ trì thẩm định hồ sơ.", "4. Sở Y tế"],
            ["number", "number", "number", "plain", "number"],
            id="number-that-lost-its-dot",
        ),
        pytest.param(
            ["1. Công tác chuẩn bị", "2. Công tác vận hành", "3 Chế độ thông tin", "a) Các đơn vị báo cáo"],
            ["number", "number", "number", "letter"],
            id="last-number-that-lost-its-dot",
        ),
        pytest.param(
            ["1. Kết quả", "Năm 2024, toàn tỉnh có", "12 Sở đạt chuẩn", "2. Tồn tại"],
            ["number", "plain", "plain", "number"],
            id="a-count-out-of-sequence-stays-plain",
        ),
        pytest.param(
            ["I KẾT QUẢ", "1. Khoa Nhi đã", "2. Khoa Sản đã", "II NHIỆM VỤ THÁNG TỚI", "l. Giao Khoa Nhi", "2. Giao"],
            ["roman", "number", "number", "roman", "number", "number"],
            id="l-for-1-after-a-section-that-restarts-numbering",
        ),
        pytest.param(
            ["1. Kết quả kiểm tra", "2. Đề nghị", "Lưu ý:", "l. Biểu mẫu ghi đủ các cột", "2. Số liệu tính đến"],
            ["number", "number", "plain", "number", "number"],
            id="l-for-1-under-a-list-label",
        ),
    ],
)
def test_garbled_markers_read_in_sequence(lines: list[str], kinds: list[str]) -> None:
    assert [kind for kind, _ in resolve_markers(lines)] == kinds


GARBLED = (DATA / "garbled_markers.txt").read_text(encoding="utf-8")


def test_a_garbled_section_heading_ends_the_purpose_section() -> None:
    tasks = _tasks(GARBLED, issued=date(2024, 3, 4))
    assert [(t["assignees"], (t["deadline"] or {}).get("date")) for t in tasks] == [
        (["Sở Tài chính"], "2024-04-30"),
        (["Sở Kế hoạch và Đầu tư"], None),
    ]


def test_conditions_are_no_tasks_and_options_make_one() -> None:
    text = (DATA / "dieu_kien.txt").read_text(encoding="utf-8")
    texts = [t["text"] for t in _tasks(text, "ke_hoach", date(2022, 1, 24))]
    # "… tại trường khi:" says when, its bullets are conditions; "… theo một trong các cách sau:" is
    # one duty whatever way it is done
    assert texts == [
        "Khai báo tình trạng tiêm vắc-xin trên hệ thống khai báo của Nhà trường;",
        "Thực hiện việc khai báo y tế theo một trong các cách sau:",
    ], texts


def test_an_article_listing_a_bodys_duties_names_it_for_its_items() -> None:
    text = (DATA / "thanh_lap_to.txt").read_text(encoding="utf-8")
    tasks = _tasks(text, "quyet_dinh", date(2026, 1, 12))
    # the members of Điều 1 are no tasks; "Điều 2. Nhiệm vụ của Tổ …:" gives its bullets their body
    assert [t["assignees"] for t in tasks] == [["Tổ tiếp công dân, xử lý đơn thư"]] * 2


def test_a_heading_that_fills_its_line_is_cut_from_the_duty_below_and_a_sentence_is_not() -> None:
    text = (
        "Các đơn vị triển khai các nội dung sau đây theo đúng kế hoạch của Ban Thường vụ Huyện ủy đề ra:\n"
        "3. Hội Cựu chiến binh, Hội Nông dân, Hội Liên hiệp phụ nữ và Huyện đoàn thanh niên huyện\n"
        "Vận động hội viên, đoàn viên tham gia dọn vệ sinh môi trường trong tháng 3/2025.\n"
        "4. Giao Trung tâm Y tế huyện chủ trì, phối hợp với các đơn vị liên quan và với\n"
        "Tổ chức Y tế Thế giới tại Việt Nam rà soát số liệu tiêm chủng trước ngày 30/3/2025.\n"
    )
    starts = [p.text.split()[0] for p in paragraphs(text)]
    assert starts == ["Các", "3.", "Vận", "4."]


TOPIC_PARAGRAPH = """Để bảo đảm cấp nước an toàn mùa khô năm 2025, Công ty yêu cầu các Xí nghiệp thực hiện:
1. Công tác vận hành
Các Xí nghiệp bố trí lực lượng trực sự cố 24/24 giờ, chuẩn bị đủ vật tư dự phòng. Phòng Kỹ thuật
có trách nhiệm theo dõi, đôn đốc các Xí nghiệp và tham mưu Giám đốc điều phối nguồn nước.
2. Sở Xây dựng
Chủ trì kiểm tra chất lượng nước. Phòng Quản lý chất lượng phối hợp lấy mẫu định kỳ.
""" + TAIL


def test_a_paragraph_under_a_topic_gives_a_task_per_body_that_acts_and_under_a_body_one() -> None:
    tasks = _tasks(TOPIC_PARAGRAPH, issued=date(2025, 3, 3))
    assert [(t["text"].split()[0], t["assignees"][:1]) for t in tasks] == [
        ("Các", ["Các Xí nghiệp"]),
        ("Phòng", ["Phòng Kỹ thuật"]),
        ("Chủ", ["Sở Xây dựng"]),
    ]


def test_notes_under_a_label_after_numbered_parts_are_no_tasks() -> None:
    # a letter's numbered parts, then "Lưu ý:" over its own list whose "1." OCR printed as "l."
    # (class: report requests of the police, procuracy and banks, read from scans)
    text = (
        """Kính gửi: Công an các xã trên địa bàn huyện.

1. Kết quả kiểm tra
Trong quý II/2024, Viện kiểm sát đã kiểm tra 42 hồ sơ tin báo về tội phạm.
2. Đề nghị
Đề nghị Công an các xã tổng hợp tin báo theo biểu thống kê, gửi về Viện kiểm sát trước ngày O5/7/2024.

Lưu ý:
l. Biểu thống kê ghi đủ 10 cột theo mẫu.
2. Tin báo do cơ quan khác chuyển đến ghi ký hiệu "CĐ" ở cột (3).
3. Bản điện tử gửi về địa chỉ vks@example.gov.vn kèm bản giấy có đóng dấu.

"""
        + TAIL
    )
    tasks = _tasks(text, issued=date(2024, 6, 28))
    assert [(t["assignees"], (t["deadline"] or {}).get("date")) for t in tasks] == [
        (["Công an các xã"], "2024-07-05"),
    ], tasks


def test_items_of_a_conclusion_section_after_a_findings_section() -> None:
    # thông báo kết luận: "I ĐÁNH GIÁ" 1.–3. then "II KẾT LUẬN" whose "1." OCR printed as "l."
    text = (
        """Kính gửi: Các khoa, phòng.

Giám đốc Trung tâm kết luận như sau:
I ĐÁNH GIÁ CHUNG
1. Trong tháng 5/2024 Trung tâm đã tiêm chủng cho 12.400 trẻ em.
2. Khoa Xét nghiệm đã hoàn thành nâng cấp hệ thống máy.
3. Tồn tại: còn chậm cập nhật dữ liệu tiêm chủng.
II KẾT LUẬN, CHỈ ĐẠO
l. Giao Khoa Kiểm soát bệnh tật cập nhật dữ liệu tiêm chủng lên hệ thống trước ngày 20/6/2024.
2. Giao Phòng Tài chính - Kế toán cân đối kinh phí mua vắc-xin bổ sung trước l5 giờ OO ngày 25/6/2024.

"""
        + TAIL
    )
    tasks = _tasks(text, "thong_bao", issued=date(2024, 6, 10))
    assert [(t["assignees"], (t["deadline"] or {}).get("date")) for t in tasks] == [
        (["Khoa Kiểm soát bệnh tật"], "2024-06-20"),
        (["Phòng Tài chính - Kế toán"], "2024-06-25"),
    ], tasks


def test_a_part_titled_by_its_request_is_no_task_and_its_prose_gives_them() -> None:
    # "2. Yêu cầu các đơn vị" over the paragraphs that lay the duties (class: a bank's or a
    # department's công văn in numbered parts); the branch's departments keep their comma names
    text = """Kính gửi: Các tổ chức tín dụng trên địa bàn.

1. Kết quả thực hiện
Đến ngày 31/5/2024, dư nợ cho vay tiêu dùng trên địa bàn đạt 2.150 tỷ đồng.
2. Yêu cầu các đơn vị
Để kiểm soát rủi ro, NHNN chi nhánh yêu cầu các tổ chức tín dụng rà soát hồ sơ vay tiêu dùng,
báo cáo kết quả trước ngày 15/7/2024.
Phòng Tổng hợp, kiểm soát nội bộ phối hợp kiểm tra số liệu báo cáo trong quý III/2024.

""" + TAIL
    tasks = _tasks(text, issued=date(2024, 6, 20))
    assert [(t["assignees"], (t["deadline"] or {}).get("date")) for t in tasks] == [
        (["các tổ chức tín dụng"], "2024-07-15"),
        (["Phòng Tổng hợp, kiểm soát nội bộ"], "2024-09-30"),
    ], tasks


def test_a_plans_targets_and_timetable_lines_are_no_tasks() -> None:
    # kế hoạch of a school: a purpose section whose "1." OCR printed as "l.", a "Chỉ tiêu:" item,
    # a timetable whose lines name an activity or its people ("Giao …", "Học viên …") and a day
    text = """I. MỤC ĐÍCH, YÊU CẦU
l. Nâng cao chất lượng thực tập của học viên năm cuối.
2. Việc tổ chức thực tập phải bảo đảm an toàn, đúng quy định.
II. CHỈ TIÊU VÀ THỜI GIAN
1. Chỉ tiêu: 100% học viên năm cuối hoàn thành thực tập; tổ chức 12 đoàn thực tập.
2. Thời gian thực hiện
- Giao địa điểm, phân công giảng viên hướng dẫn: ngày 03/3/2025.
- Học viên thực tập tại cơ sở: từ ngày 10/3/2025 đến ngày 04/4/2025 (đợt bổ sung đến ngày 11/4/2025).
III. TỔ CHỨC THỰC HIỆN
1. Giảng viên hướng dẫn
- Theo dõi học viên thực tập, chấm báo cáo thực tập trước ngày 18/4/2025.
2. Học viên
Nộp báo cáo thực tập cho Bộ môn trước ngày 11/4/2025.
Lưu ý:
- Học viên không nộp báo cáo đúng hạn không được xét tốt nghiệp đợt này.

""" + TAIL
    tasks = _tasks(text, "ke_hoach", issued=date(2025, 2, 20))
    assert [(t["assignees"], (t["deadline"] or {}).get("date")) for t in tasks] == [
        (["Giảng viên hướng dẫn"], "2025-04-18"),
        (["Học viên"], "2025-04-11"),
    ], tasks


def test_a_topic_title_that_fills_its_line_is_cut_from_the_first_sentence_of_its_part() -> None:
    # an answer letter's last part: "3. Về việc …" as long as a line, then "Qua rà soát, …"; the
    # request at the end of the part is the duty (class: answer letters in numbered parts)
    text = """Kính gửi: Công ty TNHH May mặc Bình An.

1. Câu hỏi: Tiền ăn giữa ca có phải tính vào tiền lương tháng đóng bảo hiểm xã hội không?
Trả lời: Căn cứ Thông tư số 10/2020/TT-BLĐTBXH, tiền ăn giữa ca ghi thành mục riêng thì không tính.
2. Câu hỏi: Người lao động nghỉ không lương cả tháng có phải đóng bảo hiểm y tế không?
Trả lời: Người lao động nghỉ không lương từ 14 ngày làm việc trở lên trong tháng thì không đóng.
3. Về việc truy đóng bảo hiểm xã hội cho 12 lao động có phụ cấp trách nhiệm chưa đóng đủ
Qua rà soát dữ liệu, Bảo hiểm xã hội tỉnh nhận thấy Công ty chưa tính phụ cấp trách nhiệm vào tiền
lương đóng bảo hiểm xã hội. Đề nghị Công ty lập hồ sơ truy đóng cho 12 lao động nêu trên, nộp về
Bảo hiểm xã hội huyện trước ngày 15/10/2024.

""" + TAIL
    tasks = _tasks(text, issued=date(2024, 9, 20))
    assert [(t["text"][:20], t["assignees"], (t["deadline"] or {}).get("date")) for t in tasks] == [
        ("Đề nghị Công ty lập ", ["Công ty"], "2024-10-15"),
    ], tasks


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        pytest.param(
            ["2. Về thực hiện các biện pháp phòng, chống dịch bệnh trên địa bàn toàn tỉnh trong mùa", "COVID-19"],
            True,
            id="title-wrapped-onto-a-term",
        ),
        pytest.param(
            ["2. Về việc phối hợp kiểm tra công tác phòng cháy, chữa cháy tại cơ sở với", "Sở Công Thương"],
            True,
            id="title-wrapped-onto-a-body",
        ),
    ],
)
def test_a_topic_title_wrapped_onto_a_name_runs_on(lines: list[str], joined: bool) -> None:
    text = "\n".join(lines) + " tỉnh.\n"
    assert (len(paragraphs(text)) == 1) is joined


@pytest.mark.parametrize(
    ("sentence", "announces"),
    [
        pytest.param(
            "Ban Giám hiệu họp xét danh sách học sinh được khen thưởng vào lúc 15 giờ 30 ngày 22/5/2025 tại"
            " Phòng họp số 2.",
            True,
            id="meeting-with-its-time",
        ),
        pytest.param(
            "Đề nghị các tổ chuyên môn họp rà soát đề kiểm tra vào lúc 14 giờ 00 ngày 12/5/2025.",
            False,
            id="a-request-to-meet-is-a-duty",
        ),
        pytest.param("Phòng Kế toán phối hợp với Phòng Hành chính lập dự toán.", False, id="phoi-hop-is-no-meeting"),
    ],
)
def test_a_meeting_announced_with_its_time(sentence: str, announces: bool) -> None:
    assert announces_meeting(sentence) is announces


SUBMISSION_WITH_REQUEST = """Sở Giao thông vận tải kính trình Ủy ban nhân dân tỉnh xem xét, phê duyệt danh mục
công trình sửa chữa đường tỉnh năm 2026. Đồng thời, đề nghị Ủy ban nhân dân tỉnh chỉ đạo Sở Tài
chính bố trí 12 tỷ đồng kinh phí trong dự toán năm 2026.
Kính trình Ủy ban nhân dân tỉnh xem xét, quyết định./.
""" + TAIL


def test_a_to_trinh_gives_its_submission_and_a_request_added_to_it() -> None:
    tasks = _tasks(SUBMISSION_WITH_REQUEST, "to_trinh", date(2025, 10, 2))
    assert [t["text"].split(",")[0] for t in tasks] == [
        "Sở Giao thông vận tải kính trình Ủy ban nhân dân tỉnh xem xét",
        "Đồng thời",
    ]
    assert tasks[1]["assignees"] == ["Ủy ban nhân dân tỉnh"]


RESTARTED_LIST = """Hiệu trưởng kết luận như sau:
1. Đánh giá chung
Công tác tuyển sinh năm 2024 đạt kế hoạch.
2. Nhiệm vụ trọng tâm thời gian tới
1. Giao Phòng Đào tạo hoàn thiện Đề án tuyển sinh, trình Hiệu trưởng trong tháng 4/2025.
2. Giao Phòng Kế hoạch - Tài chính hoàn thành quyết toán kinh phí tuyển sinh trước ngày 30/4/2025.
""" + TAIL

SECTION_TITLED_DUTY = """1. Sở Y tế chủ trì kiểm tra an toàn thực phẩm.
2. Tổ chức thực hiện
Giao Sở Nội vụ tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/5/2025.
""" + TAIL


def test_a_heading_over_a_list_that_starts_again_and_a_section_title_are_no_tasks() -> None:
    tasks = _tasks(RESTARTED_LIST, "thong_bao", date(2025, 3, 20))
    assert [t["assignees"] for t in tasks] == [["Phòng Đào tạo"], ["Phòng Kế hoạch - Tài chính"]]
    titled = _tasks(SECTION_TITLED_DUTY, "chi_thi", date(2025, 3, 20))
    assert [t["text"].split(" ")[0] for t in titled] == ["Sở", "Giao"]


SUBMISSION_WITH_OWN_REQUEST = """Bệnh viện kính trình Sở Y tế xem xét, phê duyệt Kế hoạch lựa chọn nhà thầu năm 2025.
Đồng thời, Bệnh viện đề nghị Sở Tài chính hướng dẫn thủ tục sử dụng nguồn kinh phí chi thường xuyên.
""" + TAIL


def test_a_to_trinh_request_with_its_asker_named_is_a_task_too() -> None:
    tasks = _tasks(SUBMISSION_WITH_OWN_REQUEST, "to_trinh", date(2025, 3, 25))
    assert [t["assignees"] for t in tasks][1:] == [["Sở Tài chính"]]


ANSWER_WRAPPED = """Sở Kế hoạch và Đầu tư tỉnh Bình Dương nhận được Văn bản
số 02/2025/TP ngày 08/01/2025 của Công ty TNHH Cơ khí Tân Phát (sau đây gọi là Công ty) hỏi về thủ
tục đăng ký thay đổi người đại diện theo pháp luật. Sở Kế hoạch và Đầu tư có ý kiến như sau:
Căn cứ Điều 30 và Điều 31 Luật Doanh nghiệp số
59/2020/QH14 quy định:
"1. Doanh nghiệp phải đăng ký với Cơ quan đăng ký kinh doanh khi thay đổi nội dung Giấy chứng
nhận đăng ký doanh nghiệp."
Căn cứ khoản 3 Điều 12 Luật Doanh nghiệp số 59/2020/QH14 quy định: "Doanh nghiệp phải bảo đảm
luôn có ít nhất một người đại diện theo pháp luật cư trú tại Việt Nam."
Căn cứ các quy định trên, trường hợp Công ty chỉ có một người đại diện theo pháp luật và người này
xuất cảnh thì Hội đồng thành viên cử người khác làm người đại diện. Khi đó, Công ty phải đăng ký
thay đổi người đại diện theo pháp luật trong thời hạn 10 ngày kể từ ngày có quyết định thay đổi.
Đề nghị Công ty TNHH Cơ khí Tân Phát bổ sung Nghị quyết của Hội đồng thành viên và nộp lại hồ sơ
trước ngày 10/02/2025.
Nếu còn vướng mắc, đề nghị Công ty liên hệ Phòng Đăng ký kinh doanh để được hỗ trợ./.
""" + TAIL


def test_an_answer_letter_is_told_by_cues_wrapped_across_lines_and_by_articles_cited_with_can_cu() -> None:
    # class: answer letters printed from a word processor ("nhận được Văn bản | số …" wraps), whose
    # quoted law is introduced by "Căn cứ Điều … quy định:" rather than "Tại Điều …"
    assert genre_of(ANSWER_WRAPPED, "cong_van") == Genre.CONG_VAN_TRA_LOI
    tasks = _tasks(ANSWER_WRAPPED, issued=date(2025, 1, 20))
    # the law applied to the asker ("Khi đó, Công ty phải …") and the conditional offer of help
    # ("Nếu còn vướng mắc, đề nghị … liên hệ …") lay no duty; the request with its date does
    assert [(t["assignees"], t["deadline"]["date"]) for t in tasks] == [
        (["Công ty TNHH Cơ khí Tân Phát"], "2025-02-10")
    ]


def test_a_request_to_apply_the_law_with_actions_of_its_own_is_a_task() -> None:
    # class: a ministry's answer copied to a subordinate office, which it asks to guide and check
    text = """Bộ Tài chính nhận được công văn số 45/2025/CV ngày 10/01/2025 của Công ty Cổ phần Đông Á hỏi
về ưu đãi thuế thu nhập doanh nghiệp. Về vấn đề này, Bộ Tài chính có ý kiến như sau:
Tại khoản 1 Điều 18 Thông tư số 78/2014/TT-BTC quy định: "Doanh nghiệp có dự án đầu tư mở rộng
được hưởng ưu đãi thuế đối với phần thu nhập tăng thêm."
Đề nghị Công ty căn cứ quy định nêu trên để thực hiện.
Đề nghị Cục Thuế tỉnh Bắc Ninh căn cứ hồ sơ thực tế của Công ty, đối chiếu các quy định nêu trên để
hướng dẫn Công ty thực hiện theo đúng quy định; đồng thời kiểm tra việc xác định thu nhập tăng thêm.
Bộ Tài chính trả lời để Cục Thuế tỉnh Bắc Ninh và Công ty được biết./.
""" + TAIL
    tasks = _tasks(text, issued=date(2025, 2, 5))
    assert [t["assignees"] for t in tasks] == [["Cục Thuế tỉnh Bắc Ninh"]]


def test_requests_others_made_are_reported_in_a_reports_findings() -> None:
    # class: báo cáo findings that tell what other bodies asked, in the present tense
    text = """I. KẾT QUẢ THỰC HIỆN
1. Về gói tín dụng 120.000 tỷ đồng: Ngân hàng Nhà nước Việt Nam đã chỉ đạo các ngân hàng thương mại
giải ngân cho 48 dự án. Một số ngân hàng thương mại đề nghị Ngân hàng Nhà nước Việt Nam xem xét điều
chỉnh giảm lãi suất cho vay.
2. UBND Thành phố Hà Nội, UBND Thành phố Hồ Chí Minh có văn bản đề nghị Bộ Xây dựng hướng dẫn việc xác
định giá bán nhà ở xã hội.
II. KIẾN NGHỊ, ĐỀ XUẤT
1. Đề nghị Bộ Tài chính hướng dẫn cơ chế ưu đãi về thuế đối với chủ đầu tư, hoàn thành trong quý II/2025.
""" + TAIL
    tasks = _tasks(text, "bao_cao", issued=date(2025, 4, 5))
    assert [(t["assignees"], t["deadline"]["date"]) for t in tasks] == [(["Bộ Tài chính"], "2025-06-30")]


def test_a_noi_nhan_label_ocr_garbled_still_ends_the_body() -> None:
    # class: scans whose small-print "Nơi nhận:" OCR reads as "Bi hận:" (our OCR of a 200 dpi JPEG):
    # the list under it names the copies, not bodies that must act
    text = """III. TỔ CHỨC THỰC HIỆN
1. Sở Khoa học và Công nghệ chủ trì theo dõi, đôn đốc việc thực hiện Kế hoạch này.
2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh phối hợp tuyên truyền, vận động nhân dân
tham gia sử dụng các nền tảng số trước ngày 30/9/2025.

Bi hận:
- Chủ tịch, các PCT UBND tỉnh;
- Các sở, ban, ngành cấp tỉnh;
- UBND các huyện, thị xã, thành phố;
Lưu: f KSTTHeNG.
"""
    # a scan's header (cut off here) told the extractors this is a dispatch
    context = Context(issued_date=date(2025, 3, 1), known={"document_type": "ke_hoach", "is_dispatch": True})
    tasks = [c.value for c in extract(text, context).candidates]
    assert [t["assignees"] for t in tasks] == [["Sở Khoa học và Công nghệ"], ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]]
    from congvan.extractors.obligations.segment import body_bounds

    assert text[body_bounds(text)[1] :].startswith("Bi hận:")


# A party board's hướng dẫn (class: hướng dẫn quy trình of party committees and agencies): rating
# criteria and the steps of the procedure say how things are judged and run; a step that binds by a
# date, and the duties of "Tổ chức thực hiện", are tasks.
GUIDE = """Kính gửi: Các chi bộ trực thuộc Đảng ủy xã.

I. TIÊU CHÍ XẾP LOẠI
1. Hoàn thành xuất sắc nhiệm vụ: là đảng viên thực sự tiêu biểu; hoàn thành 100% chỉ tiêu, nhiệm vụ được giao.
2. Hoàn thành tốt nhiệm vụ: tư tưởng chính trị vững vàng; hoàn thành 100% chỉ tiêu, nhiệm vụ.
II. QUY TRÌNH
1. Bước 1: Chi bộ rà soát hồ sơ, lập danh sách, biểu quyết đề nghị cấp ủy cấp trên xem xét.
2. Bước 2: Đảng ủy cơ sở thẩm định hồ sơ, có văn bản đề nghị gửi Ban Tổ chức chậm nhất 45 ngày trước ngày trao tặng.
3. Bước 3: Các chi bộ gửi hồ sơ về Đảng ủy xã trước ngày 25/12/2025.
III. TỔ CHỨC THỰC HIỆN
Ban Xây dựng Đảng theo dõi, đôn đốc, báo cáo Ban Thường vụ Đảng ủy trước ngày 05/01/2026.

""" + TAIL


def test_criteria_and_steps_that_only_say_how_the_procedure_runs_are_no_tasks() -> None:
    found = _tasks(GUIDE, "huong_dan", issued=date(2025, 11, 20))
    assert [((t["deadline"] or {}).get("date")) for t in found] == ["2025-12-25", "2026-01-05"], found


# A hướng dẫn's procedure in numbered parts under a roman section (class: party boards' and
# agencies' guidance): "1. Đối tượng" says whom it covers, a fact; the next part and the next
# roman section read as before.
NUMBERED_PARTS = """Kính gửi: Các tỉnh ủy, thành ủy.

Ban Tổ chức Trung ương hướng dẫn như sau:
I. CHUYỂN SINH HOẠT ĐẢNG CHÍNH THỨC
1. Đối tượng
Đảng viên được điều động, bố trí công tác sang cơ quan, đơn vị mới sau sắp xếp; đảng viên nghỉ hưu về nơi cư trú.
2. Trách nhiệm của cấp ủy
Cấp ủy cơ sở có trách nhiệm giới thiệu sinh hoạt đảng cho đảng viên trước ngày 15/9/2025.
II. TỔ CHỨC THỰC HIỆN
1. Các tỉnh ủy, thành ủy hoàn thành việc chuyển sinh hoạt đảng trước ngày 30/9/2025.

""" + TAIL


def test_a_numbered_part_of_definitions_lays_no_duty_and_the_next_part_does() -> None:
    found = _tasks(NUMBERED_PARTS, "huong_dan", issued=date(2025, 8, 22))
    assert [((t["deadline"] or {}).get("date")) for t in found] == ["2025-09-15", "2025-09-30"], found
