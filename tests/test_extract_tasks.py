"""Tasks extractor on the real corpus: per-document scores against gold, assignee splitting on
real lines, lead/supporting, Kính gửi fallback, evidence spans, and no crash on any text."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from congvan.extractors.base import Context
from congvan.extractors.obligations.pipeline import assignees_of, get_nlp
from congvan.extractors.tasks import extract
from congvan.extractors.textutil import collapse
from tests.obligations_gold import (
    REPO,
    GoldDoc,
    Score,
    full_ocr_documents,
    match_tasks,
    ocr_documents,
    reachable,
    score,
    text_documents,
)

TEXT_DOCS = text_documents()
OCR_DOCS = ocr_documents()


def _predict(doc: GoldDoc, text: str | None = None) -> list[dict]:
    return [c.value for c in extract(text if text is not None else doc.text(), doc.context()).candidates]


def test_corpus_is_here() -> None:
    assert len(TEXT_DOCS) >= 8, "seeds, 039, 003 and 016 with their gold records"
    assert len(OCR_DOCS) >= 10, "recorded OCR text in tests/data/obligations/ocr"


# Scores use the project's matching (evaluation/evaluate.py: shared words over the larger word set
# ≥ 0.5). Seed 001's gold cuts long sentences at a clause, the text rule here keeps the whole
# first sentence (gold guide: "first one to three sentences"), so a document may fall below the
# corpus-wide target; the corpus totals are held to it.
def _totals(docs: list[GoldDoc], limit_to_text: bool = False) -> Score:
    parts = []
    for doc in docs:
        text = doc.text()
        gold = doc.gold().get("tasks", [])
        parts.append(score(_predict(doc, text), reachable(gold, text) if limit_to_text else gold))
    return Score(*(sum(getattr(p, f) for p in parts) for f in Score.__dataclass_fields__))


@pytest.mark.parametrize("doc", [pytest.param(d, id=d.doc_id) for d in TEXT_DOCS])
def test_tasks_match_gold_on_text_documents(doc: GoldDoc) -> None:
    got = score(_predict(doc), doc.gold().get("tasks", []))
    precision, recall, f1 = got.tasks
    assert precision >= 0.5 and recall >= 0.5, (
        f"{doc.doc_id}: tasks P/R/F1 {precision:.2f}/{recall:.2f}/{f1:.2f}"
    )
    assert got.deadlines[2] >= 0.95, f"{doc.doc_id}: deadline dates P/R/F1 {got.deadlines} ({got})"


def test_text_documents_reach_the_target() -> None:
    got = _totals(TEXT_DOCS)
    assert got.tasks[2] >= 0.85 and got.deadlines[2] >= 0.95, (got.tasks, got.deadlines)


def test_all_pages_ocr_reach_the_target() -> None:
    got = _totals(full_ocr_documents())
    assert got.tasks[2] >= 0.9 and got.deadlines[2] >= 0.95, (got.tasks, got.deadlines)


def test_first_page_ocr_samples() -> None:
    # the OCR stage's recorded first pages; gold tasks count only when their opening is there
    got = _totals(OCR_DOCS, limit_to_text=True)
    assert got.tasks[0] >= 0.9 and got.tasks[1] >= 0.75, got.tasks


@pytest.mark.parametrize("doc", [pytest.param(d, id=d.doc_id) for d in TEXT_DOCS])
def test_assignees_match_gold_on_text_documents(doc: GoldDoc) -> None:
    predicted, gold = _predict(doc), doc.gold().get("tasks", [])
    pairs = match_tasks(predicted, gold)
    same = [
        sorted(a.lower() for a in predicted[i]["assignees"])
        == sorted(a.lower() for a in gold[j]["assignees"])
        for i, j in pairs
    ]
    assert not pairs or sum(same) / len(same) >= 0.75, [
        (predicted[i]["assignees"], gold[j]["assignees"])
        for (i, j), ok in zip(pairs, same, strict=True)
        if not ok
    ]


@pytest.mark.parametrize("doc", [pytest.param(d, id=d.doc_id) for d in full_ocr_documents()])
def test_tasks_on_all_pages_of_recorded_ocr(doc: GoldDoc) -> None:
    got = score(_predict(doc), doc.gold().get("tasks", []))
    precision, recall, f1 = got.tasks
    assert f1 >= 0.75, f"{doc.doc_id}: tasks P/R/F1 {precision:.2f}/{recall:.2f}/{f1:.2f} ({got})"
    assert got.deadlines[2] >= 0.95, f"{doc.doc_id}: deadline dates P/R/F1 {got.deadlines} ({got})"


def test_full_ocr_fixtures_are_here() -> None:
    assert len(full_ocr_documents()) == 6


@pytest.mark.parametrize(
    ("phrase", "names"),
    [
        pytest.param(
            "Sở Giáo dục và Đào tạo, Sở Văn hóa, Thể thao và Du lịch theo chức năng, nhiệm vụ khẩn trương",
            ["Sở Giáo dục và Đào tạo", "Sở Văn hóa, Thể thao và Du lịch"],
            id="016-5-and-inside-names",
        ),
        pytest.param(
            "Giao Ban Dân tộc tỉnh, Sở Lao động - Thương binh và Xã hội, Sở Kế "
            "hoạch và Đầu tư, Sở Nông nghiệp và "
            "Phát triển nông thôn, Sở Tài chính theo chức năng",
            [
                "Ban Dân tộc tỉnh",
                "Sở Lao động - Thương binh và Xã hội",
                "Sở Kế hoạch và Đầu tư",
                "Sở Nông nghiệp và Phát triển nông thôn",
                "Sở Tài chính",
            ],
            id="016-7-five-bodies",
        ),
        pytest.param(
            "Thủ trưởng các sở, ban, ngành, đoàn thể tỉnh, các đơn vị có liên quan "
            "và Chủ tịch UBND các huyện, thị xã, "
            "thành phố xây dựng kế hoạch cụ thể",
            [
                "Thủ trưởng các sở, ban, ngành, đoàn thể tỉnh",
                "các đơn vị có liên quan",
                "Chủ tịch UBND các huyện, thị xã, thành phố",
            ],
            id="007-collective-tails",
        ),
        pytest.param(
            "Đề nghị Ủy ban MTTQ Việt Nam tỉnh, Bộ Chỉ huy Quân sự tỉnh, Bộ Chỉ "
            "huy Bộ đội biên phòng tỉnh, Tỉnh đoàn "
            "và các tổ chức chính trị - xã hội phối hợp chặt chẽ",
            [
                "Ủy ban MTTQ Việt Nam tỉnh",
                "Bộ Chỉ huy Quân sự tỉnh",
                "Bộ Chỉ huy Bộ đội biên phòng tỉnh",
                "Tỉnh đoàn",
                "các tổ chức chính trị - xã hội",
            ],
            id="004-de-nghi",
        ),
        pytest.param(
            "Tổ Công tác tuyên truyền và Ban Biên tập Trang thông tin điện tử Viện "
            "kiểm sát nhân dân tỉnh thực hiện tốt",
            ["Tổ Công tác tuyên truyền", "Ban Biên tập Trang thông tin điện tử Viện kiểm sát nhân dân tỉnh"],
            id="seed-001-va",
        ),
        pytest.param(
            "Vụ 7, Vụ 9, Vụ 10 VKSND tối cao phối hợp chặt chẽ",
            ["Vụ 7", "Vụ 9", "Vụ 10 VKSND tối cao"],
            id="seed-002-vu",
        ),
        pytest.param(
            "Các phòng GD&ĐT quận, huyện, các trường Đại học NCL, các trường THPT, "
            "trường trực thuộc, các Trung tâm "
            "GDTX chủ động phối hợp",
            [
                "Các phòng GD&ĐT quận, huyện",
                "các trường Đại học NCL",
                "các trường THPT, trường trực thuộc",
                "các Trung tâm GDTX",
            ],
            id="027-5",
        ),
        pytest.param(
            "Giám đốc Công an tỉnh, Viện trưởng Viện kiểm sát nhân dân tỉnh, Chánh "
            "án Tòa án nhân dân tỉnh, Cục trưởng "
            "Cục Thi hành án dân sự tỉnh",
            [
                "Giám đốc Công an tỉnh",
                "Viện trưởng Viện kiểm sát nhân dân tỉnh",
                "Chánh án Tòa án nhân dân tỉnh",
                "Cục trưởng Cục Thi hành án dân sự tỉnh",
            ],
            id="013-office-holders",
        ),
        pytest.param(
            "Sở Kế hoạch - Đầu tư, Sở Tài chính theo chức năng",
            ["Sở Kế hoạch - Đầu tư", "Sở Tài chính"],
            id="016-3-hyphen",
        ),
        pytest.param(
            "Hiệu trưởng các trường trung học phổ thông, giám đốc các trung tâm "
            "giáo dục thường xuyên có trách nhiệm",
            ["Hiệu trưởng các trường trung học phổ thông", "giám đốc các trung tâm giáo dục thường xuyên"],
            id="030-gdtx",
        ),
        pytest.param(
            "Thủ trưởng các Sở, ban, ngành của tỉnh; Chủ tịch Ủy ban nhân dân các "
            "huyện, thành phố trong tỉnh có trách nhiệm:",
            [
                "Thủ trưởng các Sở, ban, ngành của tỉnh",
                "Chủ tịch Ủy ban nhân dân các huyện, thành phố trong tỉnh",
            ],
            id="011-semicolon",
        ),
        pytest.param(
            "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức, đoàn thể tỉnh thực hiện tốt",
            ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "các tổ chức, đoàn thể tỉnh"],
            id="011-to-chuc-is-a-noun",
        ),
        pytest.param(
            "Cơ quan điều tra VKSND tối cao chủ động phối hợp",
            ["Cơ quan điều tra VKSND tối cao"],
            id="seed-002-dieu-tra",
        ),
        pytest.param(
            "Ngân hàng Nhà nước - Chi nhánh Quảng Ngãi",
            ["Ngân hàng Nhà nước - Chi nhánh Quảng Ngãi"],
            id="001-branch",
        ),
        pytest.param(
            "Sở Giao thông vận tải chủ trì, phối hợp Sở Nông nghiệp",
            ["Sở Giao thông vận tải"],
            id="006-giao-in-name",
        ),
        pytest.param(
            "Đề nghị Ban Tuyên giáo và Dân vận Trung ương lãnh đạo, chỉ đạo, hướng dẫn các cơ quan",
            ["Ban Tuyên giáo và Dân vận Trung ương"],
            id="real2-t12-lanh-dao-ends-the-subject",
        ),
    ],
)
def test_assignee_splitting(phrase: str, names: list[str]) -> None:
    for cue in ("Giao ", "Đề nghị "):
        phrase = phrase.removeprefix(cue)
    assert assignees_of(phrase) == names


def _task_containing(text: str, words: str, context: Context) -> dict:
    tasks = [c.value for c in extract(text, context).candidates]
    found = [t for t in tasks if words in t["text"]]
    assert len(found) == 1, [t["text"] for t in tasks]
    return found[0]


DISPATCH = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI
Số: 12/UBND-KT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Quảng Ngãi, ngày 15 tháng 11 năm 2024
Kính gửi: Sở Tài chính
Để kịp thời tổng hợp, báo cáo Bộ Tài chính theo quy định, Chủ tịch UBND tỉnh có ý kiến như sau:
1. Khẩn trương rà soát, tổng hợp số liệu quyết toán vốn đầu tư công năm 2024, báo cáo UBND tỉnh
trong vòng 10 ngày làm việc kể từ ngày ký.
2. Giao Chánh Thanh tra tỉnh chủ trì, phối hợp với các cơ quan liên quan theo dõi, đôn đốc, kiểm tra việc
thực hiện, báo cáo UBND tỉnh hằng tháng, trước ngày 25.
Nơi nhận:
- Như trên;
- Lưu: VT.
"""


def test_directive_naming_nobody_goes_to_the_kinh_gui_addressees() -> None:
    context = Context(
        issued_date=date(2024, 11, 15),
        known={"recipients": [{"name": "Sở Tài chính", "kind": "kinh_gui", "purpose": None}]},
    )
    task = _task_containing(DISPATCH, "Khẩn trương rà soát", context)
    assert task["assignees"] == ["Sở Tài chính"]
    assert task["deadline"]["date"] == "2024-11-29"  # 10 working days after Friday 15/11/2024


def test_lead_supporting_and_monthly_deadline() -> None:
    task = _task_containing(DISPATCH, "Chánh Thanh tra", Context(issued_date=date(2024, 11, 15)))
    assert task["assignees"] == ["Chánh Thanh tra tỉnh"]
    assert task["lead"] == ["Chánh Thanh tra tỉnh"]
    assert task["supporting"] == ["các cơ quan liên quan"]
    # "hằng tháng, trước ngày 25": no first due date printed; the tracker is given the next one
    deadline = task["deadline"]
    assert (deadline["recurrence"], deadline["date"], deadline["next_due"]) == ("P1M", None, "2024-11-25")


def test_without_issue_date_a_relative_deadline_keeps_its_text() -> None:
    task = _task_containing(DISPATCH, "Khẩn trương rà soát", Context())
    assert task["deadline"]["date"] is None
    assert task["deadline"]["text"].startswith("trong vòng 10 ngày làm việc")


@pytest.mark.parametrize("doc", [pytest.param(d, id=d.doc_id) for d in TEXT_DOCS + OCR_DOCS])
def test_evidence_points_at_the_task_text(doc: GoldDoc) -> None:
    text = doc.text()
    for task in _predict(doc, text):
        start, end = task["evidence"]["start"], task["evidence"]["end"]
        assert 0 <= start < end <= len(text)
        assert collapse(text[start:end]).startswith(task["text"][:30])


def test_news_article_has_no_tasks() -> None:
    seed = next(d for d in TEXT_DOCS if d.doc_id == "004-seed")
    assert extract(seed.text(), Context()).candidates == ()  # no header, no Kính gửi, no Nơi nhận


def test_closing_sentence_about_the_document_itself_is_no_task() -> None:
    text = DISPATCH.replace(
        "Nơi nhận:", "Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện Công văn này./.\nNơi nhận:"
    )
    tasks = [c.value["text"] for c in extract(text, Context(issued_date=date(2024, 11, 15))).candidates]
    assert len(tasks) == 2 and not any("Công văn này" in t for t in tasks)


def test_pipeline_components_declare_what_they_assign() -> None:
    nlp = get_nlp()
    assert nlp.pipe_names == [
        "congvan_paragraphs",
        "body_names",
        "body_heads",
        "congvan_deadlines",
        "congvan_directives",
    ]
    analysis = nlp.analyze_pipes()
    assert not analysis["problems"]["congvan_directives"]
    assert "doc._.tasks" in analysis["summary"]["congvan_directives"]["assigns"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=1500))
def test_never_raises_on_random_text(text: str) -> None:
    result = extract(text, Context(issued_date=date(2024, 11, 15)))
    assert not result.warnings, result.warnings


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_never_raises_on_cut_real_text(data: st.DataObject) -> None:
    text = TEXT_DOCS[data.draw(st.integers(0, len(TEXT_DOCS) - 1))].text()
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    noise = data.draw(st.text(alphabet="-–:;.,()0123456789\n aăâđêôơưÁÀẢÃẠ", max_size=40))
    result = extract(text[start:end] + noise, Context(issued_date=date(2024, 11, 15)))
    assert not result.warnings, result.warnings


WRITTEN = REPO / "tests" / "data" / "obligations" / "written"


def _written(name: str, issued: date, recipients: list[str] | None = None) -> list[dict]:
    known = {"recipients": [{"name": n, "kind": "kinh_gui", "purpose": None} for n in recipients or []]}
    text = (WRITTEN / f"{name}.txt").read_text(encoding="utf-8")
    return [c.value for c in extract(text, Context(issued_date=issued, known=known)).candidates]


def test_quyet_dinh_articles() -> None:
    tasks = _written("quyet_dinh", date(2024, 5, 10))
    # Điều 1 approves, Điều 3 only asks for the decision itself to be carried out
    assert [t["assignees"] for t in tasks] == [["Sở Thông tin và Truyền thông"], ["Sở Tài chính"]]
    assert tasks[0]["supporting"] == ["các sở, ban, ngành", "UBND các huyện, thị xã, thành phố"]
    assert tasks[0]["deadline"]["recurrence"] == "P3M"
    assert tasks[1]["deadline"]["date"] == "2024-09-30"


def test_ministry_request_to_quy_co_quan() -> None:
    tasks = _written(
        "cong_van_bo", date(2024, 6, 3), ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]
    )
    # the conditional "nếu có vướng mắc, đề nghị phản ánh" and the past "đã có Công văn" are no tasks
    assert len(tasks) == 1
    # "đề nghị Quý cơ quan …": the honorific is the addressee (the gold reads it so, p05)
    assert tasks[0]["assignees"] == ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]
    assert tasks[0]["deadline"]["date"] == "2024-07-15"


def test_ke_hoach_purpose_and_meeting_sections_are_no_tasks() -> None:
    tasks = _written("ke_hoach", date(2024, 8, 20))
    assert [(t["assignees"], (t["deadline"] or {}).get("date")) for t in tasks] == [
        (["Bộ phận Chuyên môn Phòng GDĐT"], "2024-09-10"),
        (["Hiệu trưởng các trường"], "2024-09-30"),
        (["Hiệu trưởng các trường"], "2024-10-05"),
        (["Trung tâm Văn hóa - Thể thao huyện"], None),
    ]


@pytest.mark.parametrize("doc", [pytest.param(d, id=d.doc_id) for d in TEXT_DOCS + OCR_DOCS])
def test_task_values_fit_the_record_schema(doc: GoldDoc) -> None:
    from congvan.schemas.record import Task

    for value in _predict(doc):
        Task.model_validate(value)


def test_numbered_list_of_documents_is_no_task() -> None:
    text = DISPATCH.split("Để kịp thời")[0] + (
        "UBND tỉnh sao gửi các văn bản sau:\n"
        "1. Quyết định số 2003/QĐ-TTg ngày 01/11/2024 của Thủ tướng Chính phủ về việc phê duyệt Đề án.\n"
        "2. Thông tư số 15/2024/TT-BTC ngày 10/10/2024 của Bộ Tài chính.\n"
        "Đề nghị Sở Tài chính nghiên cứu, tham mưu UBND tỉnh triển khai trước ngày 30/11/2024.\n"
        "Nơi nhận:\n- Như trên;\n"
    )
    tasks = [c.value for c in extract(text, Context(issued_date=date(2024, 11, 15))).candidates]
    assert [(t["assignees"], t["deadline"]["date"]) for t in tasks] == [(["Sở Tài chính"], "2024-11-30")]


# The preamble of a party decision (Quy định 66-QĐ/TW layout): its legal bases are dashed items.
PARTY_DECISION = """TỈNH ỦY QUẢNG NGÃI                    ĐẢNG CỘNG SẢN VIỆT NAM
        *
Số 238-QĐ/TU                     Quảng Ngãi, ngày 05 tháng 3 năm 2024

QUYẾT ĐỊNH
về việc thành lập Ban Chỉ đạo tổng kết Nghị quyết số 18-NQ/TW
-----

- Căn cứ Điều lệ Đảng;
- Căn cứ Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh khóa XX,

BAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH

Điều 1. Thành lập Ban Chỉ đạo tổng kết Nghị quyết số 18-NQ/TW.
Điều 2. Ban Chỉ đạo báo cáo kết quả trước ngày 30/6/2024.
Điều 3. Văn phòng Tỉnh ủy, các đồng chí có tên tại Điều 1 căn cứ Quyết định thi hành.

Nơi nhận:                                  T/M BAN THƯỜNG VỤ
- Ban Bí thư (để b/c),                           BÍ THƯ
- Như Điều 3,
- Lưu Văn phòng Tỉnh ủy.

                                          Bùi Thị Quỳnh Vân
"""


def test_legal_bases_are_never_tasks() -> None:
    texts = [c.value["text"] for c in extract(PARTY_DECISION, Context(issued_date=date(2024, 3, 5))).candidates]
    assert not any(t.startswith(("Căn cứ", "Xét")) for t in texts)
    assert any(t.startswith("Ban Chỉ đạo báo cáo kết quả") for t in texts)


# 001 (scan) as the OCR stage hands it on (header, then the end of page 1 and the start of page 2):
# the page's e-signature text layer is appended under its marker inside the list of directives.
PAGE_END_WITH_ESIGN = """UỶ BAN NHÂN DÂN
TỈNH QUẢNG NGÃI
Số: 05 /CT-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Quảng Ngãi, ngày 15 tháng 4 năm 2020

CHỈ THỊ
,Về việc triển khai thực hiện mở rộng nộp thuế điện tử
doanh trên địa bàn tỉnh trong thời gian đến đạt chất lượng và hiệu quả, Chủ tịch
UBND tỉnh yêu cầu Thủ trưởng các sở, ban ngành liên quan, Chủ tịch UBND
các huyện, thị xã, thành phố thực hiện một số nhiệm vụ chủ yêu sau:
1. Cục Thuế tỉnh
Chủ trì, phối hợp với các Ngân hàng thương mại trên địa bàn tỉnh, VNPT
Quảng Ngãi xây dựng Kế hoạch triển khai thực hiện nộp thuế điện tử đối với cá
nhân kinh doanh trên địa bàn tỉnh; chỉ đạo, hướng dẫn các Chi cục Thuế và đơn
vị trực thuộc tổ chức rà soát, đối chiếu đữ liệu quản lý thuế với đữ liệu về cá
nhân kinh doanh mở tài khoản tại các Ngân hàng thương mại để động viên, hỗ
trợ, hướng dẫn người nộp thuế sử dụng dịch vụ nộp thuế điện tử; phối hợp chặt
chẽ với các Ngân hàng thương mại trên địa bàn tỉnh, đảm bảo chất lượng hạ tầng
công nghệ thông tin trong việc nộp thuế theo phương thức điện tử tại tất cả các
khâu từ truyền, nhận, đôi soát dữ liệu, đến nộp thuế vào ngân sách nhà nước,.
thường xuyên đôn đốc, kiểm tra, giám sát, kịp thời tháo gỡ khó khăn, vướng mắc
của các cơ quan, đơn vị, người nộp thuế phát sinh trong quá trình thực hiện.
Tổ chức tập huấn, tuyên truyền, phổ biến kịp thời nội dung nộp thuế điện
tử, những lợi ích, chính sách ưu đãi, hỗ trợ, tạo điều kiện thuận lợi cho người nộp
thuế khi mở tài khoản và đăng ký nộp thuế điện tử trên hệ thông thanh toán điện
tử của các Ngân hàng thương mại.
Chủ trì, phối hợp với các cơ quan, đơn vị liên quan định kỳ tổ chức sơ
kết, tổng kết đánh giá kết quả phối hợp triển khai thực hiện nộp thuế điện tử của
cá nhân kinh doanh, đề xuất các giải pháp thực hiện nhằm đem lại hiệu quả cao
nhất; nghiên cứu, đề xuất UBND tỉnh khen thưởng cho các tổ chức và cá nhân có
thành tích xuất sắc trong công tác triển khai nộp thuế điện tử trên địa bàn tỉnh.

[Chữ ký số]
Người ký: Ủy ban
nhân dân tỉnh Quảng
Ngãi
Cơ quan: Tỉnh Quảng
Ngãi
Thời gian ký:
16.04.2020 07:37:07
+07:00

2. Ngân hàng Nhà nước - Chỉ nhánh Quảng Nøãi chỉ đạo và hướng dẫn
Ngân hàng thương mại trên địa bàn tỉnh thực hiện các nội dung sau:
- Đăng ký kế hoạch triển khai thực hiện dịch vụ nộp thuế điện tử đối với
cá nhân kinh doanh trên toàn tỉnh với Cục Thuế tỉnh; thực hiện ký kết với Kho
"""


def test_the_e_signature_layer_between_pages_is_not_a_task() -> None:
    texts = [c.value["text"] for c in extract(PAGE_END_WITH_ESIGN, Context(is_ocr=True)).candidates]
    assert not any(t.startswith(("Người ký", "nhân dân tỉnh", "Cơ quan")) for t in texts), texts
    assert any(t.startswith("Chủ trì, phối hợp với các cơ quan") for t in texts)
    assert any(t.startswith("Đăng ký kế hoạch triển khai") for t in texts)


_UBND_HEAD = """ỦY BAN NHÂN DÂN                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH QUẢNG NGÃI                      Độc lập - Tự do - Hạnh phúc
Số: 120/UBND-KGVX                 Quảng Ngãi, ngày 05 tháng 3 năm 2024
V/v triển khai phòng chống dịch

Kính gửi: Các sở, ban, ngành tỉnh.

Thực hiện chỉ đạo của Bộ Y tế, Chủ tịch UBND tỉnh có ý kiến như sau:
"""
_UBND_FOOT = """
Nơi nhận:                                  KT. CHỦ TỊCH
- Như trên;                                PHÓ CHỦ TỊCH
- Lưu: VT.

                                          Nguyễn Văn Phước
"""


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            "1. Căn cứ hướng dẫn của Bộ Y tế, Sở Y tế chủ trì, phối hợp với các đơn vị liên quan triển khai "
            "các biện pháp phòng chống dịch, hoàn thành trước ngày 30/3/2024.\n"
            "2. Căn cứ tình hình thực tế, Sở Tài chính bố trí kinh phí thực hiện.\n",
            id="basis-then-a-body-acting",
        ),
        pytest.param(
            "1. Theo đề nghị của Sở Y tế tại Tờ trình số 15/TTr-SYT, giao các đơn vị sau:\n"
            "a) Sở Y tế chủ trì, phối hợp với các đơn vị liên quan triển khai các biện pháp phòng chống dịch, "
            "hoàn thành trước ngày 30/3/2024.\n"
            "b) Sở Tài chính bố trí kinh phí thực hiện.\n",
            id="basis-heading-a-list-of-duties",
        ),
    ],
)
def test_a_basis_that_goes_on_to_give_an_order_keeps_its_duties(body: str) -> None:
    found = extract(_UBND_HEAD + body + _UBND_FOOT, Context(issued_date=date(2024, 3, 5))).candidates
    assert sorted(a for c in found for a in c.value["assignees"]) == ["Sở Tài chính", "Sở Y tế"]
