"""The genre of a dispatch and the kind of each of its sections: what can be a duty where.

A chỉ thị, a kế hoạch's "Tổ chức thực hiện" or a công văn đề nghị lays duties; an answer letter
(công văn trả lời: "Trả lời công văn số … của Công ty …, Tổng cục Thuế có ý kiến như sau:")
explains the law, and only an explicit request in it ("đề nghị Chi cục Thuế … rà soát, báo cáo
trước ngày …") is a duty; a báo cáo's findings, a plan's purpose section and the particulars of a
giấy mời ("Chủ trì:", "Thời gian:") lay none. The cue phrases live in extractors/data/genres.json.

    genre_of(text, document_type)   → Genre
    section_kind(title)             → "muc_dich", "can_cu", "hoi_dap", … or None
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from functools import cache
from typing import Any

import regex

from congvan.extractors.landmarks import LANDMARKS
from congvan.extractors.textutil import alternation, fold
from congvan.extractors.vocab import load_table


class Genre(StrEnum):
    CHI_THI = "chi_thi"
    KE_HOACH = "ke_hoach"
    CONG_VAN_DE_NGHI = "cong_van_de_nghi"
    CONG_VAN_TRA_LOI = "cong_van_tra_loi"
    THONG_BAO = "thong_bao"
    THONG_BAO_KET_LUAN = "thong_bao_ket_luan"
    QUYET_DINH = "quyet_dinh"
    BAO_CAO = "bao_cao"
    TO_TRINH = "to_trinh"
    GIAY_MOI = "giay_moi"
    CONG_DIEN = "cong_dien"
    OTHER = "other"


# A quoted article of law in an answer letter (folded): "Tại khoản 1 Điều 5 Thông tư số
# 78/2021/TT-BTC quy định:", "Tại Điều 8 Nghị định 123/2020/NĐ-CP quy định như sau", "Căn cứ Điều 30
# và Điều 31 Luật Doanh nghiệp số 59/2020/QH14 quy định:" (the citation may wrap onto the next line).
QUOTED_ARTICLE = regex.compile(
    r"\b(?:tai|can\s+cu)\s+(?:(?:diem|khoan)\s+\w+\s+)*dieu\s+\d+\b[^.;:]{0,200}?\bquy\s+dinh\b"
)
# Runs of white space: a cue phrase the whole text wraps across lines ("nhận được Văn bản\nsố …")
# is one phrase.
SPACES = regex.compile(r"\s+")

# A conclusion notice (folded): "Thông báo kết luận của Chủ tịch UBND tỉnh …", "ý kiến kết luận".
CONCLUSION = regex.compile(r"\b(?:thong\s+bao\s+)?(?:y\s+kien\s+)?ket\s+luan\s+(?:cua|tai)\b")

# How many words open a sentence whose subject a decision's effect follows ("Tổ tiếp công dân, xử lý
# khiếu nại, tố cáo, kiến nghị, phản ánh của công dân tự giải thể …" has 17 words before its cue).
EFFECT_WORDS = 24

# A body's composition stated near a sentence's start: "Đoàn kiểm tra gồm …", "Tổ công tác bao gồm …"
# ("thu gom" is collecting, a duty). Folded; matches "doan tu kiem tra gom ban giam doc".
COMPOSED_OF = regex.compile(r"(?<![a-z0-9])(?<!thu\s)(?:bao\s+)?gom(?![a-z0-9])", regex.VERBOSE)
COMPOSITION_WORDS = 8

# How far into the text the trích yếu and the opening of the body lie (characters).
HEAD_SPAN = 2500


@cache
def _table() -> dict[str, Any]:
    table: dict[str, Any] = load_table("genres")
    return table


def _has(folded: str, phrases: Sequence[str]) -> bool:
    return _phrases(tuple(phrases)).search(folded) is not None


def _starts(folded: str, phrases: Sequence[str]) -> bool:
    return _phrases(tuple(phrases)).match(SPACES.sub(" ", folded).lstrip(" -–*:.")) is not None


@cache
def _phrases(phrases: tuple[str, ...]) -> regex.Pattern[str]:
    # one pattern per vocabulary list (folded), compiled once: asked about on every sentence
    if not phrases:
        return regex.compile(r"(?!)")  # an empty list holds nothing
    return regex.compile(r"(?<![a-z0-9])(?:" + alternation(phrases) + r")(?![a-z0-9])")


def _subject_lines(folded: str) -> str:
    """The trích yếu: the "V/v …" line and the one after it (a wrapped subject). The landmark
    anchors at the start of a header piece, so each line of the head is tried as one."""
    pos = 0
    for line in folded[:HEAD_SPAN].split("\n"):
        for key in ("vv", "ve_viec"):
            match = LANDMARKS[key].pattern.match(line)
            if match is not None:
                return folded[pos + match.end() : pos + match.end() + 200]
        pos += len(line) + 1
    return ""


def _body_opening(folded: str) -> str:
    """The first lines after the Kính gửi block (or the whole head when there is none)."""
    match = LANDMARKS["kinh_gui"].pattern.search(folded, 0, HEAD_SPAN)
    start = match.end() if match else 0
    lines = [line for line in folded[start : start + 1500].split("\n") if line.strip()]
    # the addressee lines are short or dashed; the body opens with the first long line
    body = [line for line in lines if len(line.strip()) >= 50 and not line.lstrip().startswith(("-", "+"))]
    return " ".join(body[:2])


def is_answer_letter(text: str) -> bool:
    """A reply to a question or a request for guidance: "V/v trả lời …" in the trích yếu, a body
    opening "Trả lời công văn số …" / "Phúc đáp …", or two of the softer signs (quoted articles
    "Tại Điều … quy định", "Hướng trả lời", "… trả lời để Công ty được biết", "về vấn đề … hỏi")."""
    folded = fold(text)
    cues = _table()["answer_cues"]
    if _starts(_subject_lines(folded), cues["subject"]) or _starts(_body_opening(folded), cues["opening"]):
        return True
    flowing = SPACES.sub(" ", folded)  # the cues of the whole text, wherever its lines wrap them
    if _has(flowing, cues["conclusive"]):
        return True  # "Về vấn đề này, Bộ Tư pháp xin trả lời như sau:" (a voter's petition answered)
    soft = sum(1 for p in cues["anywhere"] if _has(flowing, [p]))
    quoted = len(QUOTED_ARTICLE.findall(folded))
    return soft + min(quoted, 2) >= 3 or (soft >= 1 and quoted >= 1 and _has(flowing, ["huong tra loi"]))


def genre_of(text: str, document_type: str | None) -> Genre:
    """The genre from the document type, refined by the text for công văn and thông báo."""
    mapped = _table()["type_genres"].get(document_type or "", None)
    if mapped in (None, Genre.CONG_VAN_DE_NGHI) and is_answer_letter(text):
        return Genre.CONG_VAN_TRA_LOI
    if mapped == Genre.THONG_BAO and CONCLUSION.search(fold(text[:HEAD_SPAN])):
        return Genre.THONG_BAO_KET_LUAN
    return Genre(mapped) if mapped else Genre.OTHER


TRAILING_NUMBER = regex.compile(r"\s+\d+$")  # "cau hoi 2" → "cau hoi"


def section_kind(title: str) -> str | None:
    """The kind of a section from its heading's title ("I. MỤC ĐÍCH, YÊU CẦU" → "muc_dich",
    "II NHIỆM VỤ" → "noi_dung", "Câu hỏi 2:" → "hoi_dap"); None when the title says nothing."""
    folded = fold(title).strip(" .:-*")
    whole = TRAILING_NUMBER.sub("", folded.split(":")[0].strip())
    whole_only = set(_table()["whole_title_only"])
    for kind, openers in _table()["section_kinds"].items():
        if whole in openers or _starts(folded, [p for p in openers if p not in whole_only]):
            return str(kind)
    return None


def is_fact_section(kind: str | None) -> bool:
    return kind in _table()["fact_sections"]


def is_step_section(kind: str | None, document_type: str | None, assigned_later: bool = False) -> bool:
    """A procedure's steps in a document that lays down a procedure: a duty only where a step binds
    (genres.json `step_sections`, `procedure_document_types`). Where such a document assigns its
    duties in a later "Tổ chức thực hiện" part, a part before it that no title names ("IV. VỀ TỔ
    CHỨC TRAO TẶNG HUY HIỆU ĐẢNG", its ceremony, attendance and programme) describes the procedure
    too (class: hướng dẫn of party boards and agencies, quy định, quy chế)."""
    if document_type not in _table()["procedure_document_types"]:
        return False
    return kind in _table()["step_sections"] or (kind is None and assigned_later)


def is_topic_title(title: str) -> bool:
    """ "II. NỘI DUNG", "1. Nội dung tuyên truyền", "II. NỘI DUNG, HÌNH THỨC VÀ THỜI GIAN": a plan's
    part that says what its event or campaign covers (genres.json `topic_titles`)."""
    folded = SPACES.sub(" ", fold(title)).strip(" .:-*")
    if "nhiem vu" in folded:
        return False  # "Nội dung, nhiệm vụ": the duties
    return folded in _table()["topic_titles"] or _starts(folded, _table()["topic_title_openers"])


def grants_permission(sentence: str) -> bool:
    """ "Học viên được phép bảo vệ luận văn …", "Đảng viên … được quyền …": a right the document
    grants, not a duty, unless the sentence also binds ("phải", "có trách nhiệm")
    (genres.json `permission_cues`)."""
    folded = SPACES.sub(" ", fold(sentence))
    words = folded.split()
    opening = " ".join(words[:10])
    return _has(opening, _table()["permission_cues"]) and not _has(folded, _table()["permission_binding"])


def verb_at(text: str, start: int, end: int, key: str) -> int | None:
    """Where the first phrase of the genres.json list `key` in text[start:end] begins, or None
    (folding keeps offsets): `news_verbs`, what the press or another party said ("Báo Đấu thầu ngày
    26 tháng 3 năm 2019 đưa tin, …"); `leave_verbs`, days off ("… nghỉ Tết Nguyên đán từ …")."""
    found = _phrases(tuple(_table()[key])).search(fold(text[start:end]))
    return start + found.start() if found else None


def asks_comments(text: str) -> bool:
    """ "… nghiên cứu, tham gia, đóng góp ý kiến tại cuộc họp": the act of commenting on a draft
    (genres.json `comment_verbs`)."""
    return _has(SPACES.sub(" ", fold(text)), _table()["comment_verbs"])


def step_binds(text: str) -> bool:
    """Does a procedure's step bind ("… phải thông báo …", "Chậm nhất 05 ngày …", "Hằng năm, chi bộ
    rà soát …"), rather than describe how the procedure runs?"""
    folded = fold(text)
    for phrase in _table()["step_not_binding"]:
        folded = folded.replace(phrase, " " * len(phrase))
    return _has(folded, _table()["step_binding_terms"])


def is_fact_item(content: str) -> bool:
    """ "Chỉ tiêu: đưa 1.200 sản phẩm …", "Phương thức: kết hợp thi tuyển và xét tuyển": an item that
    states a plan's targets or particulars under its label (class: kế hoạch), no duty."""
    label, colon, rest = content.partition(":")
    return bool(colon and rest.strip()) and fold(label).strip(" .-*") in _table()["fact_item_labels"]


def is_meeting_section(kind: str | None) -> bool:
    return kind in _table()["meeting_sections"]


def introduces_law(header: str) -> bool:
    """A paragraph ending in ':' that introduces quoted law: "Tại khoản 1 Điều 5 Thông tư số
    78/2021/TT-BTC quy định:", "Hướng trả lời, hướng dẫn:"."""
    folded = fold(header).rstrip(" :*")
    if not header.rstrip(" *").endswith(":"):
        return False
    return any(folded.endswith(" " + p) or folded == p for p in _table()["law_headers"])


def introduces_notes(header: str) -> bool:
    """ "Lưu ý:", "Lưu ý khi đăng ký:": a list of notes or conditions, not of duties ("…; trong đó
    lưu ý:" after a directive is not such a label: it must open the paragraph)."""
    return header.rstrip(" *").endswith(":") and _starts(fold(header), _table()["note_headers"])


# A topic heading is a short title: "1. Nội dung tuyên truyền", "Nội dung tập huấn:"; a longer line
# ("Nội dung kiểm tra gồm việc chấp hành …") is a sentence of its own.
TOPIC_TITLE_MAX_WORDS = 8


def introduces_topics(header: str) -> bool:
    """ "1. Nội dung tuyên truyền" over "- Bối cảnh lịch sử và ý nghĩa …" (class: a kế hoạch's content
    list): the items name what the plan covers, not who must act."""
    title = header.strip(" *")
    if title.endswith(":"):
        title = title[:-1]
    if ":" in title or len(title.split()) > TOPIC_TITLE_MAX_WORDS:
        return False
    return _starts(fold(title), _table()["topic_header_openers"])


def is_case_subject(folded_subject: str) -> bool:
    """ "đơn vị không có số liệu", "trường nào chưa …": a body picked out by a case (folded)."""
    return _has(folded_subject, _table()["case_subject_words"])


def _ends_with(header: str, key: str) -> bool:
    if not header.rstrip(" *").endswith(":"):
        return False
    folded = fold(header).rstrip(" :*")
    return any(folded.endswith(" " + p) for p in _table()[key])


def introduces_conditions(header: str) -> bool:
    """ "Giảng viên dạy trực tiếp tại trường khi:": the list says when, not who must act."""
    return _ends_with(header, "condition_header_ends")


def introduces_members(header: str) -> bool:
    """ "Điều 1. Thành lập Tổ công tác …, gồm các ông (bà) có tên sau:": the list says who a body is
    made of, not who must act."""
    return _ends_with(header, "member_list_ends")


def is_member_entry(item: str) -> bool:
    """ "BSCKI. Hoàng Văn Sơn, Trưởng phòng Kế hoạch tổng hợp – Thành viên;": a member and the role
    the list gives them, after a dash."""
    folded = fold(item).rstrip(" ;.,")
    _, dash, roles = folded.rpartition(" - ")
    if not dash:
        _, dash, roles = folded.rpartition(" – ")
    return bool(dash) and all(r.strip() in _table()["member_roles"] for r in roles.split(",") if r.strip())


def introduces_options(header: str) -> bool:
    """ "Thực hiện việc khai báo y tế theo một trong các cách sau:": one duty, its items are ways."""
    return _ends_with(header, "option_header_ends")


def only_applies_the_law(sentence: str) -> bool:
    """ "Đề nghị Công ty căn cứ quy định nêu trên để thực hiện": an answer letter's request to
    apply the law it explained, no duty of its own; "… đối chiếu các quy định nêu trên để hướng dẫn
    Công ty …; đồng thời kiểm tra …" (a superior body to a subordinate one) adds actions of its own."""
    folded = fold(sentence)
    return _has(folded, _table()["apply_law_cues"]) and not _has(folded, _table()["apply_law_own_actions"])


def asks_to_attend(sentence: str) -> bool:
    """ "Đề nghị các đồng chí dự họp đúng thành phần, thời gian …": a giấy mời's invitation."""
    return _has(fold(sentence), _table()["attend_cues"])


def asks_besides_attending(sentence: str) -> bool:
    """ "Đề nghị các đơn vị đăng ký danh sách đại biểu tham dự về Sở …": a giấy mời's request for
    something of its own (a list, a paper, a confirmation), not only to attend."""
    return _has(fold(sentence), _table()["invitation_own_duty_cues"])


def is_schedule_title(title: str) -> bool:
    """ "IV. THỜI GIAN THỰC HIỆN", "1. Lịch kiểm tra", "Tiến độ thực hiện:": a timetable's whole
    title (class: kế hoạch and school notices); "Thời gian thực hiện: tháng 5/2026" is a field."""
    head, colon, rest = title.strip(" *").partition(":")
    if colon and rest.strip():
        return False
    folded = fold(head).strip(" .-")
    if folded in _table()["schedule_titles"]:
        return True
    return len(folded.split()) <= 8 and _starts(folded, _table()["schedule_title_openers"])


def states_data_scope(sentence: str) -> bool:
    """ "Số liệu báo cáo tính từ ngày 01/01/2024 đến hết ngày 30/9/2024": the period of the figures
    asked for (class: data lists of công văn asking for a report), not a duty or a deadline."""
    return _starts(fold(sentence), _table()["data_scope_openers"])


def states_delivery(sentence: str) -> bool:
    """ "Báo cáo gửi bằng văn bản về Ngân hàng Nhà nước Chi nhánh Khu vực 14 (qua Phòng Thanh tra,
    giám sát) và qua thư điện tử …": how the reports asked above are sent (a document noun, then
    "gửi"), no duty of its own (class: công văn asking for reports, their closing instructions)."""
    return _starts(fold(sentence), _table()["delivery_openers"])


def points_elsewhere(sentence: str) -> bool:
    """ "Các nhiệm vụ cụ thể, cơ quan chủ trì … tại Phụ lục kèm theo Công văn này", "Đầu mối liên hệ:
    Vụ …, số điện thoại …": where the duties are listed or whom to call, no duty itself (a "Giao Sở …
    thực hiện các nhiệm vụ tại Phụ lục" names who acts and is one)."""
    folded = fold(sentence).strip()
    if _starts(folded, _table()["contact_openers"]):
        return True
    return _starts(folded, _table()["appendix_pointer_openers"]) and "phu luc" in folded


def states_composition(sentence: str) -> bool:
    """ "Đoàn tự kiểm tra gồm Ban Giám đốc, …; Trưởng đoàn là đồng chí …": who a body is made of,
    no duty (class: a plan's "Thành phần" paragraphs)."""
    words = fold(sentence).split()[:COMPOSITION_WORDS]
    opening = " ".join(words)
    return bool(COMPOSED_OF.search(opening)) and not _has(opening, _table()["composition_blockers"])


# A meeting announced with its clock time, on folded text: "Hội đồng Khoa họp thông qua danh sách …
# vào lúc 14 giờ 00 ngày 10/6/2025 tại Phòng họp Khoa", "… họp vào 8h00 ngày …", a gathering the
# issuer holds under a label: "Tập huấn: Bệnh viện tổ chức tập huấn … vào lúc 14 giờ 00 ngày …".
MEETING_AT = regex.compile(
    r"""^ (?: [^,;:]{1,30} : \s* )? [^,;:]{0,80}? \s (?: hop | to \s chuc ) \s [^;]{0,160}?
        \b vao \s+ (?: luc \s+ )? \d{1,2} \s* (?: gio | h ) \b""",
    regex.VERBOSE,
)


def announces_meeting(sentence: str) -> bool:
    """ "Hội đồng Khoa họp thông qua danh sách sinh viên … vào lúc 14 giờ 00 ngày 10/6/2025 tại …":
    a meeting the document announces (an event with its time), no one's duty, unless the sentence
    also asks something of someone (class: kế hoạch and thông báo of schools and hospitals)."""
    # "… thành phần gồm … lãnh đạo các đơn vị được phân công": a participle, no request
    folded = GATHERING_KIND.sub(" ", ASSIGNED_PARTICIPLE.sub(" ", fold(sentence)))
    cues = [fold(c) for c in load_table("directive_verbs")["request_cues"]]
    return bool(MEETING_AT.search(folded)) and not _has(folded, cues)


# A kind of meeting whose name holds a cue word (folded): "Cuộc họp giao ban tháng 6/2025", "giao lưu".
GATHERING_KIND = regex.compile(r"\bgiao\s+(?:ban|luu)\b")

# A request cue as a participle or a past act (folded): "các đơn vị được phân công", "đã giao".
ASSIGNED_PARTICIPLE = regex.compile(r"\b(?:duoc|da)\s+(?:giao(?:\s+cho)?|phan\s+cong|de\s+nghi|yeu\s+cau)\b")


def takes_effect(sentence: str) -> bool:
    """ "Tổ công tác tự giải thể sau khi hoàn thành nhiệm vụ", "Quyết định này có hiệu lực kể từ
    ngày ký": what a quyết định does by itself, no one's duty. The cue follows the sentence's own
    subject ("… cụ thể: Luật Phòng, chống ma túy năm 2021 … có hiệu lực từ ngày …" describes a law
    inside a duty)."""
    opening = " ".join(fold(sentence).split()[:EFFECT_WORDS])
    return _has(opening, _table()["decision_effect_cues"])


@cache
def _know_closing() -> regex.Pattern[str]:
    verbs = "|".join(regex.escape(v) for v in _table()["know_closing"])
    # "Nhà trường thông báo để cán bộ, giáo viên, nhân viên và học sinh biết và thực hiện" (folded)
    return regex.compile(r"(?<![a-z0-9])(?:" + verbs + r")\s+de\s+[^.;:]{0,160}?(?<![a-z0-9])biet(?![a-z0-9])")


@cache
def _passed_on() -> regex.Pattern[str]:
    senders = "|".join(regex.escape(v) for v in _table()["know_closing_senders"])
    # a paper the issuer passes on, its object between: "Sở Tài chính sao gửi Quyết định số
    # 12/QĐ-UBND để các đơn vị biết, thực hiện" (folded)
    return regex.compile(
        r"(?<![a-z0-9])(?:" + senders + r")(?![a-z0-9])[^.;:]{0,100}?\s+de\s+"
        r"[^.;:]{0,160}?(?<![a-z0-9])biet(?![a-z0-9])"
    )


def is_know_closing(sentence: str) -> bool:
    """ "… thông báo / trả lời để <anyone> (được) biết (và thực hiện)", "… sao gửi Quyết định … để
    các đơn vị biết": the document's closing. A paper passed on at someone's request ("Giao Sở Y tế
    chuyển hồ sơ để Sở Nội vụ biết …") is a duty."""
    folded = fold(sentence)
    if _know_closing().search(folded) is not None:
        return True
    passed = _passed_on().search(folded)
    return passed is not None and not _has(folded[: passed.start()], _table()["request_cues_folded"])


def lays_duties(kind: str | None, document_type: str | None = None) -> bool:
    """A section whose items are the duties (a plan's "Nội dung", "Tổ chức thực hiện"; a biên
    bản's "Kết luận")."""
    by_type = _table()["duty_sections_by_type"].get(document_type or "", [])
    return kind in _table()["duty_sections"] or kind in by_type
