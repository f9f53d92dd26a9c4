"""Which paragraphs of a dispatch lay a duty on someone, and on whom.

Input is the "flat" body text (one paragraph per line, same offsets as the original), the
paragraph spans with their item markers, the known-name ranges and head-word offsets from the
body ruler, and the deadline spans. Output: one `TaskDraft` per directive, in document order.

The rules follow the gold guide: each numbered/lettered item or bullet of a directive list is a
task; an item that ends with ":" is a header whose children are the tasks (they inherit its
subject); a section that only reports facts ("Mục đích, yêu cầu", "Đánh giá chung", "Thành
phần", "Thời gian", "Địa điểm" …) lays no duty except an explicit "giao X …"; outside lists, a
sentence lays a duty when it says "giao / đề nghị / yêu cầu <body> …", when a body is the subject
of an action verb, or when it asks for a report by a date. A closing sentence that only asks for
the document itself to be carried out is not a task, but it names who carries the document out.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import regex

from congvan.extractors.deadlines import find_deadlines, is_firm
from congvan.extractors.obligations import genre as genres
from congvan.extractors.obligations.assignees import Range, opens_people_group, split_names, subject_end
from congvan.extractors.obligations.segment import opens_with_action, opens_with_body_head
from congvan.extractors.obligations.units import head_of
from congvan.extractors.obligations.vague import is_vague
from congvan.extractors.textutil import alternation, fold
from congvan.extractors.vocab import load_table

LEVELS = {"roman": 0, "number": 1, "sub": 2, "letter": 3, "paren": 3, "bullet": 4}

# A sentence end inside a paragraph: ". Giao Vụ 15", "./. ", "! "; not "TP. Đà Nẵng" or "Đ/c.".
SENTENCE_END = regex.compile(
    r"(?<!\b(?:TP|Tp|TT|Đ/c|đ/c|ông|bà|Ô|B|St|[A-ZĐ]))(?:\./\.|[.!?…])\s+(?=[\p{Lu}\d“\"(])"
)

# Openers before the subject of a sentence. Clause openers end at a comma: "Đối với các môn học …,
# Sở GDĐT hướng dẫn"; bare openers may run straight into the subject: "Trong quá trình thực hiện
# Thủ trưởng các địa phương chủ động …", "Đồng thời, đề nghị …"; "Trong thời gian các đơn vị cập
# nhật số liệu, tài khoản … được giữ nguyên" opens a clause of its own, up to its comma.
OPENER = regex.compile(
    r"""(?:(?P<clause>đối\s+với|căn\s+cứ|để|nhằm|sau\s+khi|khi|trên\s+cơ\s+sở|qua\s+đó|theo\s+đó|riêng
         |trong\s+(?:quá\s+trình|thời\s+gian)(?!\s+(?:thực\s+hiện|tới|đến|qua)\b)(?=[^.;:]*,))
         |(?P<bare>trong\s+(?:quá\s+trình|thời\s+gian)(?:\s+(?:thực\s+hiện|tới|đến))?|đồng\s+thời|ngoài\s+ra|bên\s+cạnh\s+đó
         |vì\s+vậy|do\s+đó|mặt\s+khác))\b""",
    regex.VERBOSE | regex.IGNORECASE,
)

# A date or a number inside a would-be subject: "Quyết định số 12/QĐ-UBND", "ngày 20/10/2024".
CITATION_MARK = regex.compile(r"\d{1,2}/\d{1,2}/\d{4}|\bsố\s+\d")

# A short topic label before the sentence's subject: "Thời gian nộp đơn phúc khảo: Thí sinh nộp
# đơn …", "Bước 2: Thí sinh chuyển khoản lệ phí …".
TOPIC_LABEL = regex.compile(r"[^:;.\n]{1,60}:[ \t]*")

# A heading that only names the bodies of its list: "1. Giao người đứng đầu các cơ quan …",
# "2. Đối với sinh viên K21", "Riêng đối với Trường Tiểu học:".
HEADING_SUBJECT = regex.compile(
    r"""(?:(?:giao|đề\s+nghị|yêu\s+cầu)(?:\s+cho)?|(?:riêng\s+)?đối\s+với)\s+""",
    regex.VERBOSE | regex.IGNORECASE,
)

# The closing sentence about the document itself: "… triển khai thực hiện Kế hoạch này",
# "Yêu cầu … nghiêm túc thực hiện Chỉ thị này" (folded text).
THIS_DOCUMENT = regex.compile(
    r"""(?:thuc\s+hien|trien\s+khai|chap\s+hanh|thi\s+hanh)\b.{0,60}?\b(?:ke\s+hoach|chi\s+thi|thong\s+bao(?:\s+ket\s+luan)?|cong\s+van|quyet\s+dinh|huong\s+dan|
         chuong\s+trinh|van\s+ban|cong\s+dien|nghi\s+quyet|phuong\s+an|thong\s+tri)\s+nay\b""",
    regex.VERBOSE,
)

# Carrying out one's part of the document itself, on its basis (folded; class: closings of chương
# trình, kế hoạch and phương án: the duties are the document's rows and items).
# matches "… căn cứ Chương trình này chủ động triển khai thực hiện các nội dung được phân công."
# and, where the duties are the appendix's rows, "… căn cứ nhiệm vụ được giao tại Phụ lục kèm theo Kế
# hoạch này, chủ động triển khai thực hiện bảo đảm tiến độ, hiệu quả."
BASED_ON_THIS = regex.compile(
    r"""can\s+cu\s+(?:(?:cac\s+)?nhiem\s+vu\s+(?:duoc\s+)?(?:giao|phan\s+cong)\s+tai\s+phu\s+luc\s+(?:kem\s+theo\s+)?)?
        (?:ke\s+hoach|chuong\s+trinh|phuong\s+an|de\s+an|chi\s+thi|thong\s+bao|quyet\s+dinh|huong\s+dan|van\s+ban)\s+nay
        \s*,?\s+(?:chu\s+dong\s+|khan\s+truong\s+|nghiem\s+tuc\s+)?(?:trien\s+khai|to\s+chuc)\s*,?\s+thuc\s+hien
        (?:\s+(?:cac\s+)?(?:noi\s+dung|nhiem\s+vu)\s+(?:duoc\s+)?(?:phan\s+cong|giao|lien\s+quan))?
        (?:\s*,?\s+(?:bao\s+dam|dam\s+bao)\s+(?:dung\s+)?tien\s+do(?:\s*(?:,|va)\s*(?:chat\s+luong|hieu\s+qua))*)?
        \s*[.,;/]*\s*$""",
    regex.VERBOSE,
)

# An execution closing: the bodies named are answerable for carrying the document out, and the
# sentence ends there (folded).
# matches "… chiu trach nhiem to chuc thuc hien nghiem chi thi nay./."
EXECUTION_CLOSING = regex.compile(
    r"""chiu \s+ trach \s+ nhiem \s+ (?:to \s+ chuc \s+ )? (?:trien \s+ khai \s+ )? (?:thuc \s+ hien | thi \s+ hanh)
        (?: \s+ nghiem (?: \s+ tuc)? )? \s+ (?:ke\s+hoach|chi\s+thi|cong\s+van|quyet\s+dinh|cong\s+dien|thong\s+bao)
        \s+ nay \s* [./]* \s* $""",
    regex.VERBOSE,
)

# "Kế hoạch này", "Chỉ thị này": the document itself.
THIS_ONE = regex.compile(r"""\bnày\b""", regex.VERBOSE)

# A closing that asks for nothing but "carrying out" (folded): "… khẩn trương triển khai thực hiện.",
# "… nghiêm túc triển khai thực hiện./." (or ". /.", as some type it) — the duty is the document itself.
# Class: closings of công văn and chỉ thị that only urge ("… khẩn trương triển khai, thực hiện./.",
# "… đề nghị Thủ trưởng các đơn vị nghiêm túc thực hiện./.", "… quan tâm, phối hợp thực hiện./.").
BARE_CARRY_OUT = regex.compile(
    r"""(?: (?: trien \s+ khai | to \s+ chuc ) \s* ,? \s+ thuc \s+ hien
          | quan \s+ tam \s* ,? \s* (?: (?: phoi \s+ hop | chi \s+ dao ) \s* ,? \s* )? thuc \s+ hien
          | (?: nghiem \s+ tuc | khan \s+ truong ) \s+ thuc \s+ hien )
        (?: \s+ (?:nghiem \s+ tuc|tot|dung \s+ quy \s+ dinh) )? (?: \s* [.,;/] )* \s* $""",
    regex.VERBOSE,
)

# Sub-heading kinds that make the prose under them facts (only definitions: a numbered "1. Mục
# đích" or "2. Nội dung" sub-heading keeps the section's own reading).
DEFINITION_KINDS = frozenset({"dinh_nghia"})

# A duty to report or send something: "báo cáo về Sở …", "gửi về Viện kiểm sát …" (folded).
REPORT_DUTY = regex.compile(r"\b(?:bao\s+cao|gui|nop)\b")

# A list's introduction whose items are things to hand over: the contents of a report or the
# documents asked for ("… cung cấp cho Tòa án các tài liệu sau:", "… xây dựng báo cáo như sau:").
HANDS_OVER = regex.compile(r"\b(?:bao\s+cao|cung\s+cap|nop)\b")

# Sending what was asked for, in the sentence that closes such a list (folded): "Tài liệu đề nghị
# gửi về Tòa án …", "… nộp về Phòng Tổ chức …", "… cung cấp trước ngày …".
SENDS = regex.compile(r"\b(?:bao\s+cao|gui|nop|cung\s+cap)\b")

# What follows a subject when the sentence states a fact, a purpose or a right, not a duty:
# "… đã tổ chức", "… là …", "… sẽ được …", "… để …", "… về việc …", "… được kiểm tra bù" (but
# "… được giao chủ trì" reports a duty).
NOT_A_DUTY = regex.compile(r"\s*,?\s*(?:đã|vừa|là|sẽ|để|nhằm|về\s+việc|trong\s+việc|được(?!\s+giao))\b")

# The verb of a sentence that says how documents are sent, marked or not: "Báo cáo gửi về …".
DELIVERY_VERB = regex.compile(r"(?i)(?<!\w)g(?:ử|u)i(?!\w)")
# The "vào" before a meeting's clock time (genres.announces_meeting), marked or not: a cheap test first.
MEETING_TIME_CUE = regex.compile(r"(?i)(?<!\w)v(?:à|a)o(?!\w)")

# Numbers in a title ("năm 2027") say its scope, not its length.
NUMBERS = regex.compile(r"\d+")

# A passive participle that picks out the bodies, then their duty: "Các chi bộ, đảng bộ bộ phận được
# kiểm tra | chuẩn bị báo cáo …", "Các đơn vị được phân bổ kinh phí | quyết toán …" (a quyết định's
# article). The participle is one or two words and an action verb in lower case follows it; "Học
# sinh vắng mặt được kiểm tra bù" is a right.
PASSIVE_MARK = regex.compile(r"\s*,?\s*được\s+")
# the participle's words, one or two, after "được": "kiểm tra", "phân bổ kinh phí" (two syllables)
PARTICIPLES = (regex.compile(r"\s*(?:\p{Ll}+\s+){1}"), regex.compile(r"\s*(?:\p{Ll}+\s+){2}"))


def _passive_then_duty(flat: str, pos: int, stop: int, end: int) -> int | None:
    """Where the participle ends (the subject's end, as printed), or None when there is none."""
    if _entitled(flat[pos:stop]):
        start = stop  # the subject ran to its "được": the participle starts at the stop
    else:
        mark = PASSIVE_MARK.match(flat, stop, end)
        if mark is None:
            return None
        start = mark.end()
    for participle in PARTICIPLES:
        words = participle.match(flat, start, end)
        if words is not None and _action_start().match(flat, words.end(), end) and flat[words.end()].islower():
            return len(flat[: words.end()].rstrip())
    return None


# … unless the "là" only names the body's role and the sentence goes on to its duty: "Sở Tài chính
# là cơ quan thường trực của Tổ công tác, có trách nhiệm bảo đảm …" (quyết định thành lập).
# A role that is itself a duty: "Phòng Văn hóa - Xã hội là cơ quan thường trực, tham mưu UBND xã …",
# "Phòng Kinh tế là đầu mối tổng hợp, báo cáo …" (kế hoạch, quyết định: who leads or collects).
ROLE_THEN_DUTY = regex.compile(
    r"\s*là\s+(?:[^,;.:]{3,120},\s*(?:có|chịu)\s+trách\s+nhiệm\b"
    r"|(?:cơ\s+quan\s+|đơn\s+vị\s+)?(?:thường\s+trực|đầu\s+mối|chủ\s+trì)\b)"
)

# A subject that ends in a right: "Học sinh vắng mặt có lý do chính đáng được | kiểm tra bù" (folded;
# "không được", "chỉ được" forbid or restrict, which is a duty). The word is in lower case: a name
# ending in "Dược" ("Khoa Dược", "Công ty Cổ phần Dược") folds alike and is no right.
ENTITLED = regex.compile(r"(?<!\bkhong|\bchua|\bchi)\s+(?P<word>duoc)\s*$")


def _entitled(subject: str) -> bool:
    """ "Học sinh vắng mặt … được": a subject ending in a right (see ENTITLED)."""
    match = ENTITLED.search(fold(subject))
    return match is not None and subject[match.start("word")].islower()

# Words that announce duties in a list's intro, header or section title (folded): "… đề nghị …
# thực hiện như sau:", "III. TỔ CHỨC THỰC HIỆN", "II. Nhiệm vụ cụ thể", "trong đó lưu ý:" ("giao"
# but not the folded "Giáo dục", "Giao thông", "giao dịch" of a name; "Giao Ban Quản lý …" asks).
DUTY_CONTEXT = regex.compile(
    r"""\b(?:giao(?!\s+(?:duc|thong|dich|luu|tiep))|de\s+nghi|yeu\s+cau|chi\s+dao|nhiem\s+vu|giai\s+phap|thuc\s+hien|trien\s+khai|luu\s+y
         |trach\s+nhiem|phan\s+cong|noi\s+dung\s+trong\s+tam|ket\s+luan|to\s+chuc
         |(?:can|phai)\s+(?:dam\s+bao|tuan\s+thu|thuc\s+hien))\b""",
    regex.VERBOSE,
)

# When a timetable's line happens, not by when a duty is due: "từ ngày 16/12 đến ngày 21/12",
# "ngày 20/9/2025", "tuần 19", "tháng 5/2026" (folded).
SCHEDULED = regex.compile(r"(?:tu\s|ngay\s|tuan\s|thang\s|\d)", regex.VERBOSE)

# A day or days of a timetable's line, on folded text, with no cue: "ngay 05/5/2025", "ngay 03/6/2025
# va ngay 04/6/2025", "du kien ngay 18/6/2025".
BARE_DAYS = regex.compile(
    r"""(?: (?: du \s+ kien \s+ )? (?: ngay \s+ )? \d{1,2} / \d{1,2} (?: / \d{2,4} )? \s* (?: va | , | ; )? \s* )+""",
    regex.VERBOSE,
)

# A parenthesis of a timetable's line that holds a date: "(đối với đồ án đợt bổ sung thì đến ngày
# 06/6/2025)", "(thi chuyên ngày 05/6/2025)".
DATED_PARENTHESIS = regex.compile(r"\([^()]*\d{1,2}/\d{1,2}[^()]*\)")

# The lead and its partners: "X chủ trì, phối hợp với Y", "chủ trì phối hợp với", "chủ trì và phối hợp cùng".
LEAD_SUPPORT = regex.compile(
    r"""chủ \s+ trì \s* ,? \s* (?: và \s+ )? phối \s+ hợp \s+ (?: với \s+ | cùng \s+ )?""",
    regex.VERBOSE | regex.IGNORECASE,
)

# The issuer's formula over its list of directives: "Chủ tịch Ủy ban nhân dân tỉnh | có ý kiến chỉ
# đạo như sau:", "Phó Chủ tịch UBND tỉnh kết luận như sau:".
SPEAKS = regex.compile(r"\s*(?:có\s+ý\s+kiến\s+)?(?:chỉ\s+đạo|kết\s+luận)(?:\s+\S+){0,3}?\s+như\s+sau\b")

# How the item's result is delivered, not another duty: "Bản tổng hợp gửi qua email:
# vanphonghuyenuy.thoxuan@thanhhoa.gov.vn." (OCR read "Bản" as "Ban").
DELIVERY = regex.compile(r"(?i)\b(?:e-?mail|thư\s+điện\s+tử)\b|@")

# The issuer asking over its list, the cue right before the colon: "Chủ tịch Ủy ban nhân dân tỉnh |
# yêu cầu:" (the cue pattern wants a body after the cue).
ASKS_OVER_LIST = regex.compile(r"(?:kính\s+)?(?:yêu\s+cầu|đề\s+nghị|chỉ\s+thị)\s*:")

# A closing that hands the follow-up of the document to a body, folded: "Giao Phòng Kế hoạch tổng hợp
# làm đầu mối theo dõi, đôn đốc các khoa, phòng thực hiện Kế hoạch này" (the real gold counts it:
# "Giao cho Cục Thi hành án dân sự tỉnh có trách nhiệm theo dõi, đôn đốc, kiểm tra việc triển khai
# thực hiện Chỉ thị …").
HANDS_MONITORING = regex.compile(r"\s*giao\s+(?:cho\s+)?[^.;]{3,160}?\b(?:theo\s+doi|don\s+doc)\b")

# The subject's duty stated as such: "Giám đốc Trung tâm | có trách nhiệm …", "… chịu trách nhiệm …".
BOUND_BY_DUTY = regex.compile(r"[\s,]*(?:(?:có|chịu)\s+trách\s+nhiệm|có\s+nhiệm\s+vụ)(?![\p{L}])")

# Where a case ("Đối với …") hands over to the body that acts: after its colon or a comma.
CASE_THEN_SUBJECT = regex.compile(r"[:,]\s+")

# A sentence that names the work first: "Việc trang trí cổng chào, pa-nô …"; and the agent it is
# handed to: "… do Sở Khoa học và Công nghệ thực hiện", "… giao cho Phòng Văn hóa - Xã hội thực hiện".
THE_WORK = regex.compile(r"\s*(?:[-+•]\s*)?(?P<opener>Việc|Công\s+tác)\s")
AGENT = regex.compile(r"(?<![\p{L}])(?:do|giao\s+cho)\s+(?=\p{Lu})")
# After "Công tác …" the agent must run the work ("… do Văn phòng Ủy ban nhân dân tỉnh chủ trì"): a
# "do" before another verb names who issued or caused something ("… theo Kế hoạch do UBND tỉnh ban hành").
RUNS_THE_WORK = regex.compile(
    r"\s*(?:chủ\s+trì|thực\s+hiện|tổ\s+chức\s+thực\s+hiện|đảm\s+nhiệm|phụ\s+trách|triển\s+khai)\b"
)

# A request that names nobody: "đề nghị rà soát …", "Kính đề nghị khẩn trương …" (the action follows).
BARE_REQUEST = regex.compile(r"(?:kính\s+)?(?:đề\s+nghị|yêu\s+cầu)\s+", regex.IGNORECASE)

# A request the text reports as done: "đã giao cho …", "được giao", "vừa đề nghị" (a cue follows).
PAST_CUE = regex.compile(r"(?<![\p{L}])(?:đã|được|vừa)\s+$", regex.IGNORECASE)

# A request the sentence reports from a cited document, in the clause before the cue: "Bộ Y tế đã
# có Công văn số 2150/BYT-DP ngày 02/5/2024 | đề nghị các tỉnh …", "Sở đã ban hành văn bản số 85 …".
# a request told in the past is reported, not laid: "Sở đã đề nghị UBND tỉnh bổ sung kinh phí"
REPORTED_CUE = regex.compile(r"(?<![\p{L}])(?:đã|vừa|từng)\s+$", regex.IGNORECASE)
# the coordinator right before a request cue: "… đã chỉ đạo … và | yêu cầu", ", đồng thời | đề nghị"
COORDINATOR_END = regex.compile(r"(?:,|\s)\s*(?:đồng\s+thời|và|rồi|cũng)\s*,?\s*$", regex.IGNORECASE)
# What a review reached, by a date or a figure: "Đến ngày 30/9/2025, …", "Tính đến …", "… đạt 71% kế
# hoạch năm", "… mới đạt 61%".
PROGRESS = regex.compile(
    r"^\s*(?:đến|tính\s+đến|tính\s+từ)\s+(?:ngày|hết|nay)\b|(?<![\p{L}])đạt\s+[\d,.]+|\d\s*%", regex.IGNORECASE
)

# A meeting's agenda under its label: "Nội dung: …", "Nội dung cuộc họp: …", "Nội dung làm việc: …".
AGENDA_LABEL = regex.compile(r"\s*Nội\s+dung(?:\s+(?:cuộc\s+họp|hội\s+nghị|làm\s+việc|chương\s+trình))?\s*:")

# A duty said by its modal: "… phải hoàn thành …", "… cần khẩn trương …".
MODAL_DUTY = regex.compile(r"(?<![\p{L}])(?:phải|cần|khẩn\s+trương|tiếp\s+tục)(?![\p{L}])", regex.IGNORECASE)

# a past verb in the clause: "đã chỉ đạo", "vừa ban hành" (not "đã được", a passive qualifier)
PAST_VERB = regex.compile(r"(?<![\p{L}])(?:đã|vừa)\s+(?!được\b)\p{L}", regex.IGNORECASE)
CITED_REQUEST = regex.compile(r"(?<![\p{L}])(?:đã|vừa)\s(?:[^;]*\s)?(?:số\s+\d|văn\s+bản|công\s+văn)", regex.IGNORECASE)
# A request inside the description of a numbered document the text cites, in the same clause:
# "Công văn số 6785/VPCP-KGVX ngày 21/7/2025 của Văn phòng Chính phủ thông báo ý kiến chỉ đạo của
# Phó Thủ tướng … | giao Bộ Công an …" (class: the "Thực hiện …" basis opening a công văn): the cited
# document asks, the text does not. A comma after the citation may open the text's own clause
# ("Thực hiện Kế hoạch số 45/KH-UBND …, Sở Y tế yêu cầu …"): that request is the text's.
CITED_DOCUMENT = regex.compile(
    r"""^\s*(?:(?:thực\s+hiện|căn\s+cứ|theo)\s+)?(?:công\s+văn|văn\s+bản|thông\s+báo|quyết\s+định|chỉ\s+thị
        |kế\s+hoạch|nghị\s+quyết|nghị\s+định|thông\s+tư|công\s+điện)\s+(?:số\s+)?\S*\d""",
    regex.IGNORECASE | regex.VERBOSE,
)
# A request that another body's paper makes, told in the present: "UBND Thành phố Hà Nội, UBND
# Thành phố Hồ Chí Minh có văn bản | đề nghị Bộ Xây dựng hướng dẫn …" (a report's finding).
PAPER_REQUEST = regex.compile(
    r"(?<![\p{L}])có\s+(?:văn\s+bản|công\s+văn|tờ\s+trình|ý\s+kiến|kiến\s+nghị|thư|đơn)(?:\s+số\s+\S+)?\s*$",
    regex.IGNORECASE,
)
# An indefinite group as the requester: "Một số ngân hàng thương mại | đề nghị Ngân hàng Nhà nước
# xem xét …": what others asked, reported; an issuer never asks as "some" of anything.
GROUP_REQUESTER = regex.compile(r"^(?:một\s+số|một\s+vài|nhiều|đa\s+số|phần\s+lớn)\s+\p{L}", regex.IGNORECASE)
# Where the clause before a request cue begins: after ";", ":" or a sentence's full stop.
CLAUSE_BREAK = regex.compile(r"[;:]|\.\s")

# A quyết định's article opening a paragraph: "Điều 2. Nhiệm vụ của Tổ …", "Điều 3."
ARTICLE = regex.compile(r"Điều\s+\d+\s*[.:]")

# The article or heading that lists a body's duties (class: quyết định thành lập, quy chế): "Điều 2.
# Nhiệm vụ của Tổ tiếp công dân, xử lý khiếu nại, tố cáo …:", "Trách nhiệm của Sở Nội vụ:".
# An article's title needs no colon: "Điều 2. Nhiệm vụ của Tổ công tác" over its numbered duties.
DUTIES_OF = regex.compile(
    r"""(?P<article>Điều\s+\d+\s*[.:]\s*)?(?:nhiệm\s+vụ|trách\s+nhiệm)(?:,?\s+(?:và\s+)?quyền\s+hạn)?\s+của\s+
        (?P<body>[^:;.]{3,200}?)\s*(?::|(?(article)\.?|(?!)))\s*$""",
    regex.VERBOSE | regex.IGNORECASE,
)

# A heading that only says whose duties follow, with or without its colon: "7. Trách nhiệm của các
# sở, ban, ngành, UBND các xã, phường, đặc khu" (its content, the marker already read).
DUTIES_TITLE = regex.compile(
    r"""(?:nhiệm\s+vụ|trách\s+nhiệm)(?:,?\s+(?:và\s+)?quyền\s+hạn)?\s+của\s+(?P<body>[^:;.]{3,200}?)\s*:?\s*$""",
    regex.VERBOSE | regex.IGNORECASE,
)

# Stamp furniture inside a body paragraph: "ttcbth@quangngai.gov.vn", "06.11.2024 09:27:05", "+07:00".
STAMP_TOKEN = regex.compile(r"\S+@\S+|\d[\d.:/+\-]*\d|\+\d\d:\d\d")

# The request of a tờ trình (folded): "UBND tỉnh kính trình HĐND tỉnh xem xét", "UBND tỉnh đề nghị
# Thường trực HĐND tỉnh xem xét", "Kính trình Hội đồng nhân dân tỉnh xem xét, quyết định".
SUBMISSION_CUE = regex.compile(
    r"\b(?:kinh\s+trinh|kinh\s+de\s+nghi|(?:de\s+nghi|trinh)(?=[^.]{0,80}\bxem\s+xet))\b"
)

# A heading's title before its colon: "Thành phần", "2. Thời gian: Vào lúc …" (folded).
# A tờ trình's request added to its submission: "Đồng thời, đề nghị Ủy ban nhân dân tỉnh chỉ đạo …",
# "Đồng thời, Bệnh viện đề nghị Sở Tài chính hướng dẫn …".
ALSO_REQUEST = regex.compile(
    r"(?:Đồng\s+thời|Ngoài\s+ra|Bên\s+cạnh\s+đó),\s+(?:[^,.;:]{1,60}?\s)?(?:kính\s+)?đề\s+nghị\s", regex.IGNORECASE
)
HEADING_TITLE = regex.compile(r"^(?P<title>[^:.;]{2,60}?)\s*(?::|$)")


# Genres whose "Nội dung" and "Tổ chức thực hiện" sections list the duties themselves, one per item.
PLAN_GENRES = frozenset({genres.Genre.KE_HOACH, genres.Genre.CHI_THI, genres.Genre.CONG_DIEN})


@dataclass(frozen=True)
class Para:
    start: int
    end: int
    kind: str  # roman, number, sub, letter, bullet, plain
    content_start: int


@dataclass
class TaskDraft:
    start: int  # span of the task text (its first sentences)
    end: int
    scope_end: int  # end of the whole item, continuation paragraphs included (deadlines are looked for here)
    assignees: list[Any]  # spans in the flat text, or names (the Kính gửi addressees)
    lead: list[Range] = field(default_factory=list)
    supporting: list[Range] = field(default_factory=list)
    inherited_deadline_from: int | None = None  # start of a header whose deadline children inherit
    parts: list[Range] = field(default_factory=list)  # the sentences that make up the text
    borrowed_deadline: Range | None = None  # a later report task whose deadline this item shares


@dataclass
class _Node:
    level: float
    para: Para
    excluded: bool
    header: bool
    subject: list[Range] | list[str]
    header_scope: tuple[int, int] | None = None
    law: bool = False  # introduces quoted law ("Tại khoản 1 Điều 5 … quy định:"): its children explain
    asks: bool = False  # a request heading a list inside an explanation: its children are duties
    options: bool = False  # "… theo một trong các cách sau:": the header is the duty, its children ways
    signs: frozenset[str] = frozenset()  # bullet signs of its list up to it ("-"): another sign is deeper
    notes: bool = False  # a "Lưu ý:" label: its children are notes unless one names an actor
    topics: bool = False  # "1. Nội dung tuyên truyền": its children are topics unless one acts
    step_only: bool = False  # excluded only as a step that describes: its points may still bind
    unit: bool = False  # an unmarked line naming the body its items are for ("Sở Tài chính:")


@dataclass(frozen=True)
class Inputs:
    flat: str
    paras: Sequence[Para]
    protected: Sequence[Range]
    heads: frozenset[int]
    document_type: str | None
    fallback: tuple[str, ...]  # addressees of the Kính gửi block
    genre: str = genres.Genre.OTHER  # genre.Genre: an answer letter lays duties only by request


@cache
def _vocab() -> dict[str, Any]:
    return load_table("directive_verbs")


# How far into a sentence a condition may open for the sentence to be the conditional closing:
# "3. Quá trình thực hiện, nếu có khó khăn, vướng mắc, …" (the marker and 40-odd letters).
CONDITION_OPENING = 70

# The label of a procedure's step before its sentence.
# matches "Bước 2: ", "- ", "a) ", "3.1. "
STEP_LABEL = regex.compile(
    r"\s*(?:(?:bước|giai\ đoạn)\s*\d+\s*[.:)\-–]?|[-–+*•]|\d+(?:\.\d+)*[.)]?|[a-zđ][.)])\s*",
    regex.VERBOSE | regex.IGNORECASE,
)


@cache
def _cue_pattern() -> regex.Pattern[str]:
    cues = sorted(_vocab()["request_cues"], key=len, reverse=True)
    compounds = {k: v for k, v in _vocab()["cue_compounds"].items() if not k.startswith("_")}

    def cue(c: str) -> str:
        # "Chương trình kiểm tra", "bàn giao": a noun the cue word ends is no request
        before = compounds.get(c)
        guard = r"(?<!(?:" + "|".join(regex.escape(w) for w in before) + r")\s+)" if before else ""
        return guard + regex.escape(c)

    # "Giao Sở …", "đề nghị VKSND các cấp", "yêu cầu Thủ trưởng …", "kính trình HĐND tỉnh".
    return regex.compile(
        r"(?<![\p{L}\d])(?P<cue>" + "|".join(cue(c) for c in cues) + r")(?:\s+cho)?\s+",
        regex.IGNORECASE,
    )


@cache
def _action_start() -> regex.Pattern[str]:
    verbs = sorted(_vocab()["action_verbs"], key=len, reverse=True)
    # an item that opens with its action: "Tăng cường …", "Chủ trì, phối hợp …", "Khẩn trương …"
    # ("Quyết định số 2003/QĐ-TTg …" cites a document: the verb-looking word is its type)
    return regex.compile(r"(?:" + "|".join(regex.escape(v) for v in verbs) + r")(?![\p{L}\d])(?!\s+số\b)")


def _acts(text: str) -> bool:
    """Does an action verb stand anywhere in the text, in lower case, as a word of its own?"""
    lowered = text.lower()
    return any(
        not (m.start() and regex.match(r"[\p{L}\d]", lowered[m.start() - 1])) and text[m.start()].islower()
        for m in _action_start().finditer(lowered)
    )


def _folded_has(text: str, phrases: Sequence[str]) -> bool:
    return _folded_phrases(tuple(phrases)).search(fold(text)) is not None


@cache
def _folded_phrases(phrases: tuple[str, ...]) -> regex.Pattern[str]:
    # one pattern per vocabulary list: the lists are asked about on every sentence of a long text
    if not phrases:
        return regex.compile(r"(?!)")  # an empty list holds nothing
    return regex.compile(r"(?<![a-z0-9])(?:" + alternation(fold(p) for p in phrases) + r")(?![a-z0-9])")


def _folded_has_prefix(text: str, prefixes: Sequence[str]) -> bool:
    folded = fold(text).strip()
    return any(folded == fold(p) or folded.startswith(fold(p) + " ") for p in prefixes)


def _folded_ends_with(text: str, phrases: Sequence[str]) -> bool:
    folded = fold(text).rstrip()
    return any(folded == fold(p) or folded.endswith(" " + fold(p)) for p in phrases)


COMMA_SEMICOLON_AS_SPACE = str.maketrans(",;", "  ")


def _unpunctuated(text: str) -> str:
    """Folded, with a comma or a semicolon read as a space (same length): "Ghi nhận, đánh giá cao …"
    opens with the cue "ghi nhan" as "Ghi nhận và đánh giá cao …" does."""
    return fold(text).translate(COMMA_SEMICOLON_AS_SPACE)


def is_legal_basis(text: str) -> bool:
    """ "- Căn cứ Điều lệ Đảng;", "Xét đề nghị của Giám đốc Sở Nội vụ": a cited basis and nothing
    else. An opener followed by a clause that acts is a directive: "Căn cứ hướng dẫn của Bộ Y tế,
    Sở Y tế chủ trì, phối hợp …", "Theo đề nghị của Sở Y tế, giao các đơn vị sau:", and so is a
    basis of *this* document's own content: "Căn cứ các nội dung trong Kế hoạch này, …"."""
    if not _folded_has_prefix(text, _vocab()["basis_openers"]) or THIS_ONE.search(text.lower()):
        return False
    _, comma, rest = text.partition(",")
    if not comma:
        return True
    # a clause that acts: a request ("giao …") or a named body doing something in lower case
    # ("Sở Y tế chủ trì"); "khóa XX, BAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH" is the decision's own line
    subject_acts = rest.lstrip()[:1].isupper() and _action_start().search(rest) is not None
    return not (_cue_pattern().search(rest) or subject_acts)


def _opens_with_clause(text: str) -> bool:
    """ "Đối với các chi phí …,": an opening clause (not a bare "Đồng thời")."""
    opener = OPENER.match(text)
    return opener is not None and bool(opener.group("clause"))


# The word of an office holder inside a name's first words: "Cục trưởng", "Bộ trưởng Bộ …".
OFFICE_WORD = regex.compile(r"(?<![\p{L}])(?:trưởng|Giám\s+đốc|Chủ\s+tịch)(?![\p{L}])", regex.IGNORECASE)


def _names_one(name: str) -> bool:
    """A body named as such, by a head of the unit vocabulary ("Sở Y tế", "Trạm Y tế phường"), not a
    collective, a category, an office holder or a word that is no unit ("các đơn vị", "Toàn Ngành",
    "cán bộ, công chức", "Thủ trưởng, Viện trưởng …", "Chương trình tổ chức thực hiện …")."""
    if not name[:1].isupper() or fold(name).split()[0] in ("cac", "toan") or is_vague(name):
        return False
    entry = head_of(name)
    if entry is None:
        # a head the unit vocabulary lacks but the body names have ("Báo …", "Đài …", "Bảo hiểm xã hội …")
        return opens_with_body_head(name) and not OFFICE_WORD.search(name.split(",")[0])
    return entry.specific and entry.kind == "body"


# A ";" that hands the sentence to another subject: "…, hoàn thành trước ngày 31/3/2026; Công an tỉnh
# hướng dẫn …; Sở Tài chính bố trí kinh phí …" (class: kế hoạch whose paragraph assigns in turn).
CLAUSE_TURN = regex.compile(r";\s+(?=\p{Lu})")


def clauses(flat: str, start: int, end: int) -> list[Range]:
    """The sentences of flat[start:end], each cut again at a ";" before a capital: the places where
    a paragraph under a topic's title may hand its duty to another body (an item's own ";" clauses
    stay with it, item_duties)."""
    out: list[Range] = []
    for s, e in sentences(flat, start, end):
        pos = s
        for match in CLAUSE_TURN.finditer(flat, s, e):
            out.append((pos, match.start() + 1))
            pos = match.end()
        out.append((pos, e))
    return out


def sentences(flat: str, start: int, end: int) -> list[Range]:
    out: list[Range] = []
    pos = start
    for match in SENTENCE_END.finditer(flat, start, end):
        out.append((pos, match.start() + (3 if flat.startswith("./.", match.start()) else 1)))
        pos = match.end()
    if pos < end:
        out.append((pos, end))
    return [(s, e) for s, e in out if flat[s:e].strip()]


def _words(text: str) -> int:
    return len(text.split())


def text_parts(flat: str, start: int, end: int) -> list[Range]:
    """The directive's own first sentences: the first one, then up to two more while the text is
    short (about 50 words); a later "Giao X …" sentence is kept, a sentence about what was done
    ("… đã …") is not."""
    found = sentences(flat, start, end)
    if not found:
        return [(start, end)]
    s0, e0 = found[0]
    parts = [(s0, e0)]
    words = _words(flat[parts[0][0] : parts[0][1]])
    for s, e in found[1:3]:
        sentence = flat[s:e]
        if fold(sentence).startswith("giao ") or words < 50 and not regex.search(r"\b(?:đã|vừa)\b", sentence):
            parts.append((s, e))
        else:
            continue
        words += _words(sentence)
    return parts


class Detector:
    """Walks the paragraphs once; every decision is a small method named after its rule."""

    def __init__(self, inputs: Inputs) -> None:
        self.x = inputs
        self.heads_in_order = sorted(inputs.heads)  # for "the first head after …" without a scan
        self.tasks: list[TaskDraft] = []
        self.stack: list[_Node] = []
        self.intro: list[Range] = []
        # a heading's lead → the partners it names ("Giao X chủ trì, phối hợp với Y:"), for its items
        self.heading_roles: dict[tuple[Any, ...], list[Range]] = {}
        self.document_subject: list[Range] = []
        self.section_excluded = False
        self.section_steps = False  # a procedure's steps ("III. QUY TRÌNH GIẢI QUYẾT"): see describes_step
        # the roman section's own values, which a sub-heading of definitions ("1. Đối tượng") or
        # steps ("2. Quy trình") overrides until the next sub-heading
        self.roman_excluded = False
        self.roman_steps = False
        self.sub_level: float | None = None  # the level of the sub-heading overriding them
        self.section_kind: str | None = None  # the kind of the current roman section ("noi_dung", …)
        self.section_schedule = False  # a timetable section: its lines say when, not who acts
        # the section title and the list intro: where a list's duties are announced
        self.context_spans: list[Range] = []
        self.in_preamble = False
        self.opens_list: set[int] = set()
        self.report_items: list[int] | None = None  # items listing the contents of a report
        self.term_open = False  # no paragraph yet after those items: the next one may state their term
        self.item_run_start = 0  # the first task of the items since the last unmarked paragraph
        self.inviting = False  # under "… trân trọng kính mời:": the bullets are invitees
        # an answer letter explains the law: only an explicit request in it lays a duty
        self.answer = inputs.genre == genres.Genre.CONG_VAN_TRA_LOI
        self.in_law = False  # inside quoted law or a Q&A section, outside any list
        self.notes_intro = False  # after a "Lưu ý khi lập hồ sơ:" paragraph: its items are notes
        self.members_intro = False  # after "… gồm các ông (bà) có tên sau:": its items are members
        self.signs: set[str] = set()  # bullet signs used in the current list ("-", then "+" deeper)
        self.notes_level: int | None = None  # the level of those items; a shallower item ends them
        self.bullet_signs: list[str] = []  # bullet signs by depth: "-" then "+" under a "-" header

    # --- subjects -------------------------------------------------------------------------
    def _split(self, start: int, end: int) -> list[Range]:
        return split_names(self.x.flat, start, end, self.x.protected, self.x.heads)

    def leading_subject(self, start: int, end: int) -> list[Range]:
        """The body a sentence opens with, up to its first action verb or colon."""
        flat = self.x.flat
        pos = start
        label = TOPIC_LABEL.match(flat, pos, end)
        if label is not None and (
            label.end() in self.x.heads and flat[label.end()].isupper() or OPENER.match(flat, label.end(), end)
        ):
            pos = label.end()  # "Bước 1: Thí sinh đăng ký …", "Bước 2: Sau khi …, thí sinh chuyển khoản …"
        opener = OPENER.match(flat, pos, end)
        if opener is not None:
            # the subject follows the opener's clause: after its comma, or at the first head word
            comma = flat.find(",", opener.end(), min(end, opener.end() + 200))
            first_head = bisect_left(self.heads_in_order, opener.end())
            heads_after = [
                h for h in self.heads_in_order[first_head : first_head + 1] if h < min(end, opener.end() + 160)
            ]
            if opener.group("clause"):
                # the clause may hold commas of its own: "Đối với các chi phí khám bệnh, chữa bệnh …
                # giai đoạn năm 2019-2022, Bảo hiểm xã hội Việt Nam khẩn trương …"
                # (a later comma only before a capitalised body, not "…, sinh viên bỏ học")
                commas = [m.end() for m in regex.finditer(r",\s*", flat[opener.end() : min(end, opener.end() + 300)])]
                candidates = [
                    opener.end() + c
                    for i, c in enumerate(commas)
                    if i == 0 or flat[opener.end() + c : opener.end() + c + 1].isupper()
                ]
            else:
                candidates = sorted(([comma + 1] if comma != -1 else []) + sorted(heads_after)[:1])
            for candidate in candidates:
                while candidate < end and flat[candidate] == " ":
                    candidate += 1
                if candidate in self.x.heads:
                    pos = candidate
                    break
            else:
                return []
        # a subject in lower case opens with "các" or, after an opener's clause, names people: "Sau
        # khi đăng ký phúc khảo thành công, thí sinh chuyển khoản lệ phí …"
        lower_ok = flat.startswith(("các", "những"), pos) or (opener is not None and opens_people_group(flat, pos))
        if pos not in self.x.heads or not flat[pos].isupper() and not lower_ok:
            return []
        stop = subject_end(flat, pos, min(end, pos + 320), self.x.protected)
        if stop is None or stop <= pos:
            return []
        participle = _passive_then_duty(flat, pos, stop, end)
        if participle is not None:
            stop = participle  # "Các chi bộ … được kiểm tra": the participle is part of the name as printed
        elif (NOT_A_DUTY.match(flat, stop, end) and not ROLE_THEN_DUTY.match(flat, stop, end)) or _entitled(
            flat[pos:stop]
        ):
            return []  # "Viện kiểm sát … đã tổ chức": a fact, not a duty; "Học sinh … được …": a right
        if self.asks_at(stop, end):
            return []  # "Hiệu trưởng yêu cầu …": the body that asks is not the one that acts
        speaks = SPEAKS.search(flat, pos, min(end, stop + 80))
        if speaks is not None and speaks.start() <= stop + 1:
            return []  # "Chủ tịch Ủy ban nhân dân tỉnh có ý kiến chỉ đạo như sau:": who speaks, not who acts
        if CITATION_MARK.search(flat[pos:stop]):
            return []  # a subject carrying a date or a number is a citation, not a body
        return self._split(pos, stop)

    def request_targets(self, start: int, end: int, anywhere: bool = True) -> list[Range]:
        """Bodies named after "giao / đề nghị / yêu cầu" in text[start:end]."""
        flat = self.x.flat
        found: list[Range] = []
        last_stop = -1
        for match in _cue_pattern().finditer(flat, start, end):
            cue_pos = match.start()
            before = flat[start:cue_pos].rstrip()
            if last_stop != -1 and not flat[last_stop:cue_pos].strip():
                continue  # "Đề nghị UBND tỉnh | giao Sở Tài chính …": the body asked hands it on
            # at the start of the sentence, or of a clause: "…; giao Sở Nông nghiệp … rà soát"
            at_start = (
                before in ("", "Đồng thời,", "Đồng thời")
                # after an opening clause: "Đối với các chi phí …, giao Bảo hiểm xã hội Việt Nam …"
                or (before.endswith(",") and _opens_with_clause(before))
                or (before.endswith(";") and flat[cue_pos].islower())
                # after a topic label: "Việc điều chỉnh tiến độ cấp vốn: Giao Ban Quản lý dự án …"
                or (before.endswith(":") and ":" not in before[:-1] and _words(before) <= 20)
            )
            if not at_start and (not anywhere or not flat[cue_pos].islower()):
                continue
            if not at_start and CITED_REQUEST.search(before.rsplit(";", 1)[-1]):
                continue  # "Bộ Y tế đã có Công văn số 2150/BYT-DP … đề nghị các tỉnh …": reported
            clause = before.rsplit(";", 1)[-1]
            if not at_start and "," not in clause and CITED_DOCUMENT.match(clause):
                continue  # "Công văn số 6785/VPCP-KGVX … thông báo ý kiến chỉ đạo … giao Bộ Công an …"
            if not at_start and REPORTED_CUE.search(flat, max(start, cue_pos - 12), cue_pos):
                continue  # a báo cáo's "Năm 2024, Sở đã đề nghị UBND tỉnh bổ sung …": what was asked
            if not at_start and self.others_asked(before):
                continue  # "… có văn bản đề nghị …", "Một số ngân hàng … đề nghị …": others asked
            if not at_start and self.coordinated_with_past(before):
                continue  # "Sở đã lập biên bản và | đề nghị Chủ tịch UBND tỉnh …": the same past
            if fold(match.group("cue")) == "trinh" and self.x.document_type != "to_trinh":
                continue
            target = match.end()
            if target not in self.x.heads:
                continue
            stop = subject_end(flat, target, min(end, target + 320), self.x.protected)
            if stop is None or stop <= target:
                continue
            found.extend(self._split(target, stop))
            last_stop = stop
        return found

    @staticmethod
    def others_asked(before: str) -> bool:
        """Is the request another's, told in a report: a body's paper ("UBND Thành phố … có văn bản
        | đề nghị …") or an indefinite group ("Một số ngân hàng thương mại | đề nghị …")?"""
        clause = CLAUSE_BREAK.split(before)[-1].strip()
        return bool(PAPER_REQUEST.search(clause) or GROUP_REQUESTER.match(clause))

    def coordinated_with_past(self, before: str) -> bool:
        """Does a request joined by "và / đồng thời" share a past verb of its clause ("UBND huyện
        đã chỉ đạo … và yêu cầu các cơ sở …", "Sở đã đề nghị …, đồng thời đề nghị Công an tỉnh …")?
        A past marker inside an opening clause ("Trên cơ sở kết quả đã đạt được, …") does not count."""
        clause = before.rsplit(";", 1)[-1]
        if not COORDINATOR_END.search(clause):
            return False
        head, comma, rest = clause.partition(",")
        if comma and _opens_with_clause(head + ","):
            clause = rest
        return PAST_VERB.search(clause) is not None

    def lead_support(
        self, start: int, end: int, subject: Sequence[Range] | Sequence[str]
    ) -> tuple[list[Any], list[Range]]:
        """ "X chủ trì, phối hợp với Y, Z …": lead X, supporting Y and Z. (A bare "X phối hợp với
        Y …" leaves Y out: the real gold reads Y as a partner in X's duty, not an assignee — 004's
        "Sở Tài chính phối hợp với Ủy ban Mặt trận …", t12's "Bộ Văn hóa, Thể thao và Du lịch phối
        hợp với Ban Tuyên giáo …" — though constructed sets' writers mostly list Y.)"""
        flat = self.x.flat
        match = LEAD_SUPPORT.search(flat, start, end)
        if match is None or match.start() - start > 400:
            return [], []
        target = match.end()
        stop = subject_end(flat, target, min(end, target + 320), self.x.protected)
        supporting = self._split(target, stop) if stop and stop > target else []
        return list(subject), supporting

    # --- classification -------------------------------------------------------------------
    def is_excluded_heading(self, start: int, end: int) -> bool:
        title = HEADING_TITLE.match(fold(self.x.flat[start:end]).strip())
        if title is None:
            return False
        words = title.group("title").strip(" .-")
        return words in _vocab()["non_task_headings"]

    def is_closing(self, start: int, end: int) -> bool:
        text = self.x.flat[start:end]
        folded = fold(text)
        if _folded_has(text, _vocab()["closing_cues"]) or THIS_DOCUMENT.search(folded):
            return True
        if _folded_has(text, _vocab()["courtesy_cues"]):
            return True  # "Rất mong nhận được sự phối hợp của Quý cơ quan", "Trân trọng cảm ơn"
        if genres.is_know_closing(text):
            return True  # "Nhà trường thông báo để cán bộ, giáo viên, … biết và thực hiện./."
        if any(
            BARE_CARRY_OUT.search(folded_sentence) or BASED_ON_THIS.search(folded_sentence)
            for folded_sentence in (fold(self.x.flat[s:e]) for s, e in sentences(self.x.flat, start, end))
        ):
            return True
        return _folded_has(text, _vocab()["conditional_cues"])

    def adds_clauses(self, start: int, end: int) -> bool:
        """ "Chỉ đạo Sở TT&TT … thực hiện nghiêm chỉnh Chỉ thị này; chủ động bố trí … kinh phí …": a
        unit's duties that open with carrying the document out and go on with duties of their own
        (clauses after a ";" that act) are no closing."""
        clauses = self.x.flat[start:end].split(";")[1:]
        return any(
            _action_start().match(clause.strip().lower()) and not THIS_DOCUMENT.search(fold(clause))
            for clause in clauses
        )

    def acts_over_cases(self, para: Para, content: str) -> bool:
        """A lettered or numbered item that ends with ':' over cases ("Đối với …: hoàn thành …"): it
        runs long enough to be a duty of its own, and the next paragraph opens with "Đối với"."""
        paras = list(self.x.paras)
        index = next((i for i, p in enumerate(paras) if p.start == para.start), None)
        if index is None or index + 1 >= len(paras) or para.kind not in ("letter", "number", "paren"):
            return False
        nxt = paras[index + 1]
        if _words(content) < 10:
            return False  # "1. Hạ tầng và dữ liệu:" titles its cases
        return _folded_has_prefix(self.x.flat[nxt.content_start : nxt.end], ("đối với", "riêng đối với"))

    def is_schedule_line(self, para: Para, timetable: bool = False) -> bool:
        """A line of a plan's timetable: a short label and nothing but its dates ("Ôn tập: từ ngày
        16/12/2024 đến ngày 21/12/2024.", "Kiểm tra tập trung: tuần 19"): when, not who must act.
        Under a timetable's title ("3. Lịch tuyển sinh", "2. Thời gian thực hiện") the label may be
        a longer activity naming its people or a "Giao …" ("- Học sinh đăng ký dự tuyển trực tuyến:
        từ ngày … đến ngày …", "- Giao đề tài, phân công giảng viên hướng dẫn: ngày 05/5/2025."), and
        a bare day and a parenthesis about the dates are dates too (class: kế hoạch of schools)."""
        flat = self.x.flat
        content = flat[para.content_start : para.end]
        label, colon, value = content.partition(":")
        if not colon or not 1 <= _words(label) <= (10 if timetable else 6):
            return False
        if not timetable and _cue_pattern().search(label):
            return False
        if timetable:
            value = DATED_PARENTHESIS.sub(lambda m: " " * len(m.group()), value)
        found = find_deadlines(value)
        if not all(SCHEDULED.match(fold(str(v["text"]))) for _, _, v in found):
            return False  # "Đối với cấp xã: hoàn thành trước ngày 30/6/2026": a duty's term
        if not found and not (timetable and BARE_DAYS.search(fold(value))):
            return False
        rest = value
        for start, end, _ in reversed(found):
            rest = rest[:start] + rest[end:]
        if timetable:
            rest = BARE_DAYS.sub(" ", fold(rest))
        return _words(rest.strip(" .;,")) == 0

    def in_timetable(self) -> bool:
        """Under a timetable's title: a section ("IV. THỜI GIAN THỰC HIỆN") or a list heading ("3. Lịch
        tuyển sinh")."""
        return self.section_schedule or any(
            n.header and genres.is_schedule_title(self.x.flat[n.para.content_start : n.para.end]) for n in self.stack
        )

    def carries_out_document(self, start: int, end: int) -> bool:
        """An item that only asks for the document itself to be carried out (gold guide: the generic
        closing, numbered or not), every sentence of it, or asks to hear of difficulties, with no
        report or date of its own."""
        flat = self.x.flat
        spans = sentences(flat, start, end) or [(start, end)]
        # "3. Quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị kịp thời báo cáo về Ban Chỉ
        # đạo để được hướng dẫn": the conditional closing, numbered as the plan's last item
        # (the condition opens the sentence: "…, tháo gỡ khó khăn …; nếu có khó khăn, vướng mắc kịp thời
        # báo cáo" is a duty with a conditional tail)
        if not all(
            EXECUTION_CLOSING.search(folded) or BASED_ON_THIS.search(folded)
            or _folded_has(flat[s : min(e, s + CONDITION_OPENING)], _vocab()["conditional_cues"])
            for s, e in spans
            for folded in (fold(flat[s:e]),)
        ):
            return False
        return not self.adds_own_duty(start, end)

    def adds_own_duty(self, start: int, end: int) -> bool:
        """A closing sentence that also asks for a report to a body, or by a date, is a task."""
        folded = fold(self.x.flat[start:end])
        if _folded_has(self.x.flat[start:end], _vocab()["conditional_cues"]):
            # "… nếu có khó khăn, vướng mắc, báo cáo về Sở … để tổng hợp": a report only when
            # something goes wrong is the generic closing; results or a date are a duty of their own
            report = regex.search(r"\bbao\s+cao\s+ket\s+qua\b", folded)
        else:
            report = regex.search(r"\bbao\s+cao\s+(?:ket\s+qua\s+)?(?:ve|cho|gui)\b", folded)
        return bool(report) or self.has_deadline(start, end)

    def describes_step(self, start: int, end: int) -> bool:
        """A step of a procedure section that only says how the procedure runs ("Bước 2. Tiến hành:
        Tổ giải quyết tố cáo làm việc với …"): no duty unless it binds (genres.step_binds), or asks."""
        if not self.section_steps:
            return False
        flat = self.x.flat
        text = flat[start:end]
        if genres.lays_duties(genres.section_kind(text.split(":")[0])):
            return False  # "2. Trách nhiệm của cấp ủy": a part of the procedure that assigns
        # "Chi bộ … biểu quyết đề nghị cấp ủy cấp trên xem xét": inside a step "đề nghị" is the step's
        # proposal; a step asks something of the reader only when it opens with the request
        label = STEP_LABEL.match(text)
        asks = _cue_pattern().match(text, label.end() if label else 0)
        return not (genres.step_binds(text) or asks or self.has_deadline(start, end))

    def has_deadline(self, start: int, end: int) -> bool:
        return any(
            found[2]["date"] or found[2]["recurrence"] for found in find_deadlines(self.x.flat[start:end])
        )

    def is_noise(self, para: Para) -> bool:
        """A stamp or page furniture between two body paragraphs: "TRUNG TÂM CÔNG", an e-mail, a
        time stamp "06.11.2024 09:27:05", "+07:00"."""
        raw = self.x.flat[para.start : para.end]
        if genres.introduces_notes(raw) or genres.introduces_conditions(raw):
            return False  # "Lưu ý:" alone on its line heads a list of notes (class: report requests)
        text = STAMP_TOKEN.sub(" ", raw)
        letters = [ch for ch in text if ch.isalpha()]
        upper = sum(ch.isupper() for ch in letters)
        return _words(text) < 4 or not letters or upper > 0.6 * len(letters)

    # --- walking --------------------------------------------------------------------------
    def subject_for(self, start: int, end: int, inherited: Sequence[Any]) -> list[Any]:
        first = sentences(self.x.flat, start, end)
        head_end = first[0][1] if first else end
        labelled = (
            self.labelled_subject(start, head_end)
            or self.subject_after_period(start, head_end)
            or self.subject_after_case(start, head_end)
        )
        leading = [] if labelled else self.leading_subject(start, head_end)
        if leading and isinstance(leading[-1], tuple) and BOUND_BY_DUTY.match(self.x.flat, leading[-1][1], head_end):
            # "Giám đốc Trung tâm có trách nhiệm quản lý …; phân công công chức …": the duty's
            # holder, not the staff it hands work to in a later clause
            return list(leading)
        own = (
            labelled
            or self.duties_owner(start, end)
            or self.request_targets(start, head_end, anywhere=False)
            or self.requested_by_subject(start, head_end)
            or leading  # read once above: with a label found, the chain ends there
            or self.passive_agent(start, head_end)
        )
        giao = [
            r
            for s, e in first[1:3]
            for r in self.request_targets(s, e, anywhere=False)
            if fold(self.x.flat[s : s + 4]) == "giao"
        ]
        if own or giao:
            return list(own) + [g for g in giao if g not in own]
        return list(inherited)

    def passive_agent(self, start: int, end: int) -> list[Range]:
        """The body a "Việc …" sentence hands its work to: "Việc theo dõi, đánh giá … do Sở Khoa học
        và Công nghệ thực hiện", "Việc trang trí cổng chào … giao cho Phòng Văn hóa - Xã hội thực
        hiện" (class: kế hoạch and công văn that name the work before who does it)."""
        flat = self.x.flat
        work = THE_WORK.match(flat, start, end)
        if work is None:
            return []
        agent = AGENT.search(flat, start, end)
        if agent is None or agent.end() not in self.x.heads:
            return []
        stop = subject_end(flat, agent.end(), min(end, agent.end() + 200), self.x.protected)
        if stop is None or stop <= agent.end():
            return []
        if work["opener"] != "Việc" and not RUNS_THE_WORK.match(flat, stop, end):
            return []  # "Công tác … theo Kế hoạch do UBND tỉnh ban hành": who issued, not who works
        return self._split(agent.end(), stop)

    def duties_owner(self, start: int, end: int) -> list[Range]:
        """ "7. Trách nhiệm của các sở, ban, ngành, UBND các xã, phường, đặc khu" over its lettered
        items, its colon printed or not (class: thông báo kết luận and kế hoạch of provinces): the
        bodies whose duties the items are, each a name."""
        match = DUTIES_TITLE.match(self.x.flat, start, end)
        if match is None:
            return []
        body_start = match.start("body")
        flat = self.x.flat
        if not (
            flat[body_start].isupper()
            or flat.startswith(("các ", "những "), body_start)
            # "2. Trách nhiệm của thủ trưởng các cơ sở giáo dục": an office holder in lower case
            or opens_with_body_head(flat[body_start : match.end("body")])
        ):
            return []
        return self._split(body_start, match.end("body"))

    def labelled_subject(self, start: int, end: int) -> list[Range]:
        """ "Các khoa lâm sàng, cận lâm sàng: Chuẩn bị …; phân công nhân viên …": the body named as
        the item's label is its subject, whoever the duty's own verbs name later."""
        lead = self.leading_subject(start, end)
        if not lead or not isinstance(lead[-1], tuple):
            return []
        after = self.x.flat[lead[-1][1] : lead[-1][1] + 3].lstrip(" *")
        return list(lead) if after.startswith(":") else []

    def subject_after_period(self, start: int, end: int) -> list[Range]:
        """ "Định kỳ hằng tháng, Ban Chỉ đạo cấp tỉnh báo cáo …": a periodic term before the comma,
        the body that acts after it."""
        flat = self.x.flat
        opening = flat[start : min(end, start + 40)]
        comma = opening.find(", ")
        if comma < 0 or not _folded_has_prefix(opening, _vocab()["periodic_openers"]):
            return []
        after = start + comma + 2
        if after not in self.x.heads:
            return []
        return self.leading_subject(after, end)

    def subject_after_case(self, start: int, end: int) -> list[Range]:
        """ "Đối với các dự án còn vướng mắc về bồi thường …: Ủy ban nhân dân các xã, phường … chủ trì
        …", "Đối với hồ sơ tồn đọng, Văn phòng Sở rà soát …": the case first, then the body that acts
        (class: công văn đôn đốc and kế hoạch that sort the work by case). A subject in lower case
        after the comma ("…, thủ trưởng đơn vị có trách nhiệm …") is not read here."""
        flat = self.x.flat
        if fold(flat[start : start + 8]) != "doi voi ":
            return []
        for match in CASE_THEN_SUBJECT.finditer(flat, start, min(end, start + 240)):
            after = match.end()
            if after in self.x.heads and (subject := self.leading_subject(after, end)):
                return subject
        return []

    def heading_subject(self, para: Para) -> list[Range]:
        """A heading over its list that names who acts and nothing else: "1. Giao người đứng đầu
        các cơ quan chuyên môn …; Chủ tịch Ủy ban nhân dân các xã, phường" (no verb: the items
        are the verbs), "1. Đối với sinh viên các khóa K18, 19, 20"."""
        match = HEADING_SUBJECT.match(self.x.flat, para.content_start, para.end)
        if match is None or match.end() not in self.x.heads:
            return []
        end = para.start + len(self.x.flat[para.start : para.end].rstrip(" :.;"))
        if end <= match.end():
            return []
        # "Giao Sở Tư pháp chủ trì, phối hợp với các cơ quan, đơn vị liên quan:" over lettered items
        # (class: thông báo kết luận and kế hoạch of provinces): the lead is the name before "chủ trì",
        # its partners are the items' supporting bodies
        partners = LEAD_SUPPORT.search(self.x.flat, match.end(), end)
        if partners is None:
            return self._split(match.end(), end)
        lead = self._split(match.end(), partners.start()) if partners.start() > match.end() else []
        if not lead:
            return []
        supporting = self._split(partners.end(), end) if end > partners.end() else []
        self.heading_roles[tuple(lead)] = supporting
        return lead

    def requested_by_subject(self, start: int, end: int) -> list[Range]:
        """ "Sở Giáo dục và Đào tạo đề nghị tổ dân phố, chính quyền địa phương …": the bodies asked,
        not the one asking."""
        if start not in self.x.heads:
            return []
        stop = subject_end(self.x.flat, start, min(end, start + 320), self.x.protected)
        if stop is None:
            return []
        while stop < end and self.x.flat[stop] == " ":
            stop += 1
        cue = _cue_pattern().match(self.x.flat, stop)
        return self.request_targets(stop, end) if cue and self.x.flat[stop].islower() else []

    def inherited(self) -> list[Any]:
        for node in reversed(self.stack):
            if node.subject:
                return list(node.subject)
        return list(self.intro or self.document_subject or self.x.fallback)

    def add_task(self, start: int, end: int, subject: Sequence[Any], header_start: int | None) -> None:
        parts = text_parts(self.x.flat, start, end)
        lead, supporting = self.lead_support(start, end, subject[:1] if subject else [])
        if not lead and tuple(subject) in self.heading_roles:
            lead, supporting = list(subject), self.heading_roles[tuple(subject)]
        self.tasks.append(
            TaskDraft(
                parts[0][0], parts[-1][1], end, list(subject), list(lead), supporting, header_start, parts
            )
        )

    def extend_last(self, end: int) -> None:
        if self.tasks:
            self.tasks[-1].scope_end = max(self.tasks[-1].scope_end, end)

    def run(self) -> list[TaskDraft]:
        paras = list(self.x.paras)
        last_item = max(
            (i for i, p in enumerate(paras) if p.kind in LEVELS and p.kind != "roman"), default=-1
        )
        self.opens_list = self.list_openers(paras)
        self.following = {p.start: q for p, q in zip(paras, paras[1:], strict=False)}
        self.titles = self.sub_titles(paras)
        self.entries = self.entry_lists(paras)
        self.first_item = min(
            (i for i, p in enumerate(paras) if p.kind in LEVELS and p.kind != "roman"), default=len(paras)
        )
        # where the "Tổ chức thực hiện" part lies: the parts before it describe a procedure's run
        execution_at = max(
            (
                i
                for i, p in enumerate(paras)
                if p.kind == "roman"
                and genres.section_kind(self.x.flat[p.content_start : p.end]) == "to_chuc_thuc_hien"
            ),
            default=-1,
        )
        for index, para in enumerate(paras):
            self.in_preamble = index < self.first_item < len(paras)
            if self.x.document_type in _vocab()["request_document_types"]:
                self.submission(para)
            elif para.kind == "roman":
                self.stack = []
                kind = genres.section_kind(self.x.flat[para.content_start : para.end])
                # a plan's "I. MỤC ĐÍCH, YÊU CẦU", "I. NGUYÊN TẮC, YÊU CẦU SẮP XẾP …" (chỉ thị), a
                # decision's "CĂN CỨ": sections that only state facts, purposes or the law
                self.section_excluded = self.is_excluded_heading(
                    para.content_start, para.end
                ) or genres.is_fact_section(kind)
                self.section_kind = kind
                self.section_steps = genres.is_step_section(kind, self.x.document_type, index < execution_at) or (
                    # a plan's topics ("II. NỘI DUNG" over "1. An toàn giao thông") before the part
                    # that assigns the work describe what it covers
                    self.x.genre == genres.Genre.KE_HOACH
                    and index < execution_at
                    and genres.is_topic_title(self.x.flat[para.content_start : para.end])
                )
                self.roman_excluded, self.roman_steps = self.section_excluded, self.section_steps
                self.sub_level = None
                self.section_schedule = genres.is_schedule_title(self.x.flat[para.content_start : para.end])
                self.in_law = self.notes_intro = self.members_intro = False
                self.intro = []
                self.context_spans = [(para.content_start, para.end)]
            elif para.kind in LEVELS:
                if self.sub_level is not None and LEVELS[para.kind] <= self.sub_level:
                    # the next part at the sub-heading's level ends its override
                    self.section_excluded, self.section_steps = self.roman_excluded, self.roman_steps
                    self.sub_level = None
                if index in self.entries:
                    self.entry(para)
                elif index in self.titles:
                    # "1. Thành phần đoàn tự kiểm tra", "2. Phương pháp": a plan's sub-heading over its
                    # prose; the prose is read sentence by sentence like any unlisted text
                    level = LEVELS[para.kind]
                    while self.stack and self.stack[-1].level >= level:
                        self.stack.pop()
                    # "1. Đối tượng", "2. Hồ sơ" under "I. CHUYỂN SINH HOẠT ĐẢNG" (class: a hướng dẫn's
                    # procedure in numbered parts): who and what it covers are facts, its steps run
                    sub = genres.section_kind(self.x.flat[para.content_start : para.end])
                    self.section_excluded = self.roman_excluded or sub in DEFINITION_KINDS
                    self.section_steps = self.roman_steps or genres.is_step_section(sub, self.x.document_type)
                    self.sub_level = level
                elif not (para.kind == "bullet" and self.is_noise(para)):
                    self.item(para, index in self.opens_list)
            elif not self.is_noise(para):
                self.plain(para, tail=index > last_item)
        return self.tasks

    def list_openers(self, paras: Sequence[Para]) -> set[int]:
        """Items that open a list of deeper items without a colon ("1. Ban Chỉ đạo … huyện Bình
        Sơn" over "a) Tiếp tục …", when OCR lost the colon): short, no sentence end."""
        out: set[int] = set()
        for index, para in enumerate(paras[:-1]):
            nxt = paras[index + 1]
            if para.kind not in LEVELS or para.kind == "roman":
                continue
            content = self.x.flat[para.content_start : para.end].rstrip()
            if content.endswith((".", ";")) or _words(content) > 40:
                continue
            if nxt.kind in LEVELS and LEVELS[nxt.kind] > LEVELS[para.kind]:
                out.add(index)
            elif nxt.kind == para.kind == "number" and self._number(nxt) == 1 and (self._number(para) or 0) >= 1:
                # "2. Nhiệm vụ trọng tâm thời gian tới" over "1. Giao …", "2. Giao …", "1. Hoàn thiện
                # thể chế, chính sách" over "1. Văn phòng Bộ rà soát …": a list that starts again at 1
                # under a numbered heading is that heading's (Word restarts it)
                out.add(index)
            elif nxt.kind == "plain" and _words(content) <= 12 and self.deeper_after_prose(paras, index):
                # "2. Thực hiện chính sách hỗ trợ" over a paragraph of context and then "a) Sở Tài
                # chính thẩm định …", "b) …": a heading over its own lettered duties
                out.add(index)
            elif (
                nxt.kind == "plain"
                and (named := self._named_at(para.content_start, para.end)) is not None
                and (
                    _words(content) <= 12
                    # "3. Ủy ban Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội huyện"
                    # over "Vận động đoàn viên, hội viên …"
                    or _words(content) <= 30 and opens_with_action(self.x.flat[nxt.start : nxt.start + 40])
                )
                and subject_end(self.x.flat, named, para.end, self.x.protected) is None
            ):
                # "1. Cục Thuế tỉnh" over unmarked paragraphs: a body's own list of duties; so is
                # "6. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và …" over "Vận động đoàn viên …"
                out.add(index)
            elif (
                nxt.kind == "plain"
                and _folded_has_prefix(content, _vocab()["section_title_openers"])
                and (
                    _words(content) <= 15
                    # "3. Đối với cán bộ, viên chức, người lao động trực tiếp phục vụ công tác giảng
                    # dạy" over "Tuân thủ nghiêm …": a long heading over the duty it opens
                    or _words(content) <= 30
                    and opens_with_action(self.x.flat[nxt.start : nxt.start + 40])
                )
            ):
                # "2. Về thực hiện các biện pháp phòng, chống dịch COVID-19" over its paragraphs
                out.add(index)
            elif (
                nxt.kind == "plain"
                and _words(content) <= 12
                and self.x.flat[nxt.start].isupper()
                and not self.x.flat[nxt.start : nxt.end].rstrip().endswith(":")  # "… tại bảng dưới đây:"
                and not genres.points_elsewhere(self.x.flat[nxt.start : nxt.end])
                and (
                    nxt.start in self.x.heads
                    and self.leading_subject(nxt.start, nxt.end)
                    # "4. Kiểm tra, đánh giá" over "Việc đánh giá … được giao cho Trung tâm …"
                    or bool(self.passive_agent(*sentences(self.x.flat, nxt.start, nxt.end)[0]))
                )
            ):
                # "1. Hoàn thiện hạ tầng công nghệ thông tin" over "Phòng Công nghệ thông tin chủ trì, …":
                # a topic's title over the paragraph that names who does it (class: đề án, kế hoạch)
                out.add(index)
        return out

    def _named_at(self, start: int, end: int) -> int | None:
        """Where the body an item heading names begins: at its start, or after the request cue
        that opens it ("Đề nghị | Ủy ban Mặt trận …", "Giao | Sở Tài chính"); None if no body."""
        if start in self.x.heads:
            return start
        cue = _cue_pattern().match(self.x.flat, start, end)
        if cue is None or cue.end() not in self.x.heads or not self.x.flat[cue.end()].isupper():
            return None  # "2. Yêu cầu các đơn vị" titles a part whose prose names who is asked
        return cue.end()

    def deeper_after_prose(self, paras: Sequence[Para], index: int) -> bool:
        """Whether the first marked item after the unmarked paragraphs under paras[index] sits
        deeper than it (a lettered item under a numbered one)."""
        level = LEVELS[paras[index].kind]
        for later in paras[index + 1 : index + 4]:
            if later.kind in LEVELS:
                return LEVELS[later.kind] > level and later.kind != "bullet"
        return False

    def _number(self, para: Para) -> int | None:
        """The value of a "N." / "N)" marker as printed ("2. Nhiệm vụ …" → 2), None for others."""
        found = regex.match(r"\s*(\d{1,2})\s*[.)]", self.x.flat[para.start : para.content_start])
        return int(found.group(1)) if found else None

    def sub_titles(self, paras: Sequence[Para]) -> set[int]:
        """Numbered sub-headings of a plan over unnumbered prose (class: kế hoạch "II. NỘI DUNG /
        1. Thành phần đoàn tự kiểm tra / 2. Phương pháp"): a short title with no sentence end, no
        action or request at its start, no body named as its subject and no date."""
        out: set[int] = set()
        flat = self.x.flat
        for index, para in enumerate(paras[:-1]):
            if para.kind not in ("number", "sub") or paras[index + 1].kind != "plain" or index in self.opens_list:
                continue
            content = flat[para.content_start : para.end].rstrip(" *")
            if not content or content[-1] in ".;:!?" or _words(content) > 8:
                continue
            cue = _cue_pattern().match(content)
            if cue and not (
                # "2. Yêu cầu các đơn vị" over prose that lays its own requests ("… NHNN Khu vực 12
                # yêu cầu các chi nhánh … rà soát …"): a part's title that names whom the part
                # asks, not a duty (class: a bank's or a department's công văn in numbered parts)
                _words(content) <= 6
                and subject_end(flat, para.content_start + cue.end(), para.end, self.x.protected) is None
                and self.prose_lays_duties(paras[index + 1])
            ):
                continue
            topic = False
            if _action_start().match(content.lower()):
                # "3. Hỗ trợ kỹ thuật" over prose whose sentences name who acts ("Cục Công nghệ thông
                # tin có trách nhiệm …"): a topic, not the duty; "2. Rà soát hồ sơ" over its how stays
                if not (_words(NUMBERS.sub("", content)) <= 5 and self.prose_names_actors(paras[index + 1])):
                    continue
                topic = True
            # a firm date makes it a duty; a year or a period names the title's scope ("2. Xây dựng
            # kế hoạch năm 2027" over "Các đơn vị xây dựng dự thảo …, gửi về Sở trước ngày …"), and
            # such a topic's subject is its prose's, not the one the letter addresses
            firm = any(is_firm(value) for _, _, value in find_deadlines(content))
            if (not cue and not topic and self.subject_for(para.content_start, para.end, [])) or firm:
                continue
            out.add(index)
        return out

    def prose_lays_duties(self, para: Para) -> bool:
        """Does this paragraph lay a duty of its own: a request cue, or a sentence that opens with a
        named body and an action verb?"""
        return bool(_cue_pattern().search(self.x.flat, para.start, para.end)) or self.prose_names_actors(para)

    def prose_names_actors(self, para: Para) -> bool:
        """Does a sentence of this paragraph open with a named body and an action verb?"""
        return any(self.acting_subject(s, e) for s, e in sentences(self.x.flat, para.start, para.end))

    def entry_lists(self, paras: Sequence[Para]) -> set[int]:
        """Items of a list of "label: value" entries that names persons or particulars, not duties
        (class: a court letter's parties "- Nguyên đơn: Ông …", "- Bị đơn: Bà …", "- Người có quyền
        lợi, nghĩa vụ liên quan: Ủy ban nhân dân huyện …"; a notice's "- Khu vực: …"): two or more
        sibling items, each of them an entry (see `is_entry`)."""
        out: set[int] = set()
        run: list[int] = []
        for index, para in enumerate([*paras, None]):
            if para is not None and run:
                first = paras[run[0]]
                same = para.kind == first.kind and (
                    para.kind != "bullet" or self.x.flat[para.start] == self.x.flat[first.start]
                )
                if same and self.is_entry(para):
                    run.append(index)
                    continue
            if len(run) >= 2:
                out.update(run)
            listed = para is not None and para.kind in LEVELS and para.kind != "roman"
            run = [index] if listed and self.is_entry(para) else []
        return out

    def is_entry(self, para: Para) -> bool:
        """ "Nguyên đơn: Ông Trần Văn A, sinh năm 1962; địa chỉ: …", "Trưởng đoàn: Ông …": a short
        label and a value with no action verb anywhere ("Khoa Dược: Cập nhật …", "Sở Y tế: chủ trì
        …" are a unit's duties); no request and no date in it (a "Thời hạn: trước ngày …" is a
        duty's term)."""
        flat = self.x.flat
        content = flat[para.content_start : para.end]
        label, colon, value = content.partition(":")
        if not colon or not 1 <= _words(label) <= 8 or not value.strip():
            return False
        if _action_start().match(label.lower()) or _acts(value):
            return False  # "Bước 1: Thí sinh đăng ký trực tuyến …": a step that acts
        if _cue_pattern().search(flat, para.content_start, para.end):
            return False
        return not find_deadlines(content)

    def entry(self, para: Para) -> None:
        """An entry of a list of persons or particulars: no duty; under a heading that asks, the
        heading is the duty (as with the data lines of `is_data_line`)."""
        level = LEVELS[para.kind]
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        top = self.stack[-1] if self.stack else None
        if top is not None and top.header and not top.excluded and not self.section_excluded and not self.explaining():
            self.header_as_task(top)

    def item(self, para: Para, opens_list: bool = False) -> None:
        level = LEVELS[para.kind]
        top = self.stack[-1] if self.stack else None
        sign = self.x.flat[para.start]
        self.signs = self.signs | {sign} if para.kind == "bullet" else set()
        level += self.bullet_depth(para, sign, top)
        if top is not None and top.options and para.kind == top.para.kind == "bullet" and sign not in top.signs:
            # "+ Khai báo y tế …" under "- … theo một trong các cách sau:": a sign not used yet in
            # this list goes deeper; a "-" after the "+" items is back to the outer list
            self.header_as_task(top)
            return
        if self.notes_intro:
            if self.notes_level is None:
                self.notes_level = level
            elif level < self.notes_level:
                self.notes_intro = False  # "2. Đối với sinh viên" after the conditions of item 1
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        # a step's heading that only describes ("2. Hình thức tuyên truyền" in a plan's content part)
        # leaves each of its points to bind on its own ("- Báo … xây dựng chuyên trang … từ ngày … đến
        # hết ngày 05/02/2026")
        parent_excluded = (
            self.section_excluded
            or any(n.excluded and not n.step_only for n in self.stack)
            or (self.inviting and para.kind == "bullet")
        )
        content = self.x.flat[para.content_start : para.end]
        # each read once: whether the item only describes a step, and whether it is a heading,
        # a meeting's particular or a fact of its own kind (none matter under an excluded parent)
        step = not parent_excluded and self.describes_step(para.content_start, para.end)
        own_kind = not parent_excluded and (
            self.is_excluded_heading(para.content_start, para.end)
            or self.is_meeting_item(para)
            or genres.is_fact_item(content)
        )
        under_step = any(n.excluded and n.step_only for n in self.stack)
        excluded = (
            parent_excluded
            or step
            or own_kind
            # a point under such a heading binds only with its own body and its own date
            or under_step
            and not (
                self.has_deadline(para.content_start, para.end)
                and self.leading_subject(para.content_start, para.end)
            )
            # "1. ThS. Lê Thu Trang, Trưởng phòng Công nghệ thông tin – Tổ phó;" under "… gồm … có tên sau:"
            or (self.members_intro and (genres.is_member_entry(content) or not _acts(content)))
        )
        # a cited basis lays no duty itself, but items under it may ("Căn cứ …, giao: a) …")
        basis = is_legal_basis(content)
        header = content.rstrip().endswith(":") or opens_list
        subject = self.subject_for(para.content_start, para.end, [])
        if header and not subject and para.content_start in self.x.heads and genres.section_kind(content) is None:
            # "1. Sở Giáo dục và Đào tạo" over its own list: the whole heading is the body
            subject = self._split(para.content_start, len(self.x.flat[: para.end].rstrip(" :")))
        if header and not subject:
            subject = self.heading_subject(para)
        elif header and tuple(subject) not in self.heading_roles:
            # "2. Sở Y tế chủ trì, phối hợp với Sở Giáo dục và Đào tạo, …:" over its bullets (class:
            # kế hoạch and công văn of ministries and provinces): the partners the heading names are
            # its items' supporting bodies, as in "Giao X chủ trì, phối hợp với Y:" above
            _, partners = self.lead_support(para.content_start, para.end, subject[:1])
            if partners:
                self.heading_roles[tuple(subject)] = partners
        if content.rstrip().endswith(":"):
            # the sentence that introduces the list names who does its items: "- Sinh viên cư trú …
            # phải đến trường. Sinh viên học trực tiếp tại trường phải tuân thủ:"
            spans = sentences(self.x.flat, para.content_start, para.end)
            introducer = self.leading_subject(*spans[-1]) if len(spans) > 1 else []
            subject = introducer or subject
        node = _Node(
            level, para, excluded, header, subject, (para.content_start, para.end) if header else None
        )
        node.step_only = step and not own_kind
        explaining = self.explaining()
        # "1. Hỏi: …", "Câu hỏi 2:", "Tại khoản 1 Điều 5 … quy định:": what follows explains
        node.law = genres.introduces_law(content) or genres.section_kind(content) in ("hoi_dap", "tra_loi")
        # "2. Tổ chức thực hiện:" in a hướng dẫn or an answer letter: its items are the duties it lays
        # (class: công văn hướng dẫn whose explanation ends in who does what)
        node.asks = header and genres.lays_duties(genres.section_kind(content.split(":")[0]))
        node.notes = header and (
            genres.introduces_notes(content)
            or genres.introduces_conditions(content)
            or genres.is_schedule_title(content)  # "1. Lịch kiểm tra" over its dates
        )
        node.options = header and genres.introduces_options(content)
        node.topics = header and genres.introduces_topics(content)
        node.signs = frozenset(self.signs)
        notes = self.notes_intro or self.section_schedule or any(n.notes for n in self.stack)
        options = next((n for n in reversed(self.stack) if n.options), None)
        if excluded:
            giao = self.giao_targets(para)
            if giao:
                self.add_task(para.content_start, para.end, giao, None)
        elif explaining:
            # an answer letter, quoted law, a report's findings: only an explicit request is a duty
            asked = self.request_duty(para.content_start, para.end)
            if asked and header:
                node.law, node.subject = False, asked  # "Đề nghị Chi cục … rà soát các nội dung sau:"
                node.asks = True
            elif asked and not node.law:
                self.add_task(para.content_start, para.end, asked, None)
        elif options is not None:
            self.header_as_task(options)  # a way of doing what the header asks
        elif node.options:
            pass  # its items decide: the header becomes the task once
        elif not header and self.only_approves(para.content_start, para.end):
            pass  # "b) Đồng ý chủ trương bổ sung biên chế …": the issuer's decision, no one's duty
        elif not header and (asked := self.request_after_meeting(para)) is not None:
            # "5. Tập huấn: Bệnh viện tổ chức tập huấn … vào lúc 14 giờ 00 ngày 25/3/2025 … Đề nghị các
            # khoa gửi danh sách … trước 16 giờ 00 ngày 21/3/2025.": the meeting is an event, the
            # request after it the item's duty (class: hospital and school guidance, giấy mời); read
            # before the meeting alone lays no duty ("3. Cuộc họp giao ban … vào lúc 14 giờ 00 … .
            # Văn phòng Sở chuẩn bị nội dung, tài liệu …")
            self.add_task(asked[0], para.end, asked[1], None)
        elif not header and self.states_no_duty(para.content_start, para.end):
            pass  # "- Số liệu tính từ ngày …", "Tổ công tác tự giải thể …"
        elif not header and self.is_schedule_line(para, self.in_timetable()):
            pass  # "1. Ôn tập: từ ngày 16/12/2024 đến ngày 21/12/2024." under "II. NỘI DUNG VÀ THỜI GIAN"
        elif not header and self.carries_out_document(para.content_start, para.end):
            pass  # "8. Bộ trưởng, … Chủ tịch UBND các tỉnh … chịu trách nhiệm tổ chức thực hiện Chỉ thị này"
        elif notes and not self.note_actor(para.content_start, para.end):
            pass  # an item of a "Lưu ý:" list is a note or a condition unless it names who acts
        elif not header and self.stack and self.stack[-1].topics and self.is_topic(para):
            pass  # "- Bối cảnh lịch sử và ý nghĩa …" under "1. Nội dung tuyên truyền": what, not who
        elif not header and not subject and (acting := self.acting_header()) is not None and self.is_object(para):
            self.header_as_task(acting, loose=True)  # "- Chung một quyết tâm - Vì cộng đồng không ma túy"
        elif not header and not subject and self.names_a_list(para):
            pass  # "-- Số lượng đề thi và đáp án;" over "+ Hình thức thi tự luận: 2 đề thi …": a heading
        elif not header and not basis and (subject or self.directive_context(para)):
            duties = self.item_duties(para.content_start, para.end, subject or self.inherited())
            for index, (s, e, owner) in enumerate(duties):
                self.add_task(s, e, owner, self.header_start())
                if index == 0 and self.report_items is not None and level == 1:
                    self.report_items.append(len(self.tasks) - 1)
                    self.term_open = True
        elif header and not basis and self.acts_over_cases(para, content) and self.directive_context(para):
            # "b) Thực hiện số hóa 100% hồ sơ … theo quy định tại Nghị định số 107/2021/NĐ-CP:" over
            # "+ Đối với cấp tỉnh, cấp huyện: hoàn thành trong quý IV/2025.": the item is a directive
            # (gold guide: each lettered item) and each case under it another
            self.add_task(para.content_start, para.end, subject or self.inherited(), self.header_start())
        self.stack.append(node)

    def item_duties(self, start: int, end: int, subject: Sequence[Any]) -> list[tuple[int, int, Sequence[Any]]]:
        """An item's duties: one, unless a later sentence opens with a body of its own that acts
        ("5. Công an tỉnh đẩy mạnh … . Sở Văn hóa, Thể thao và Du lịch chỉ đạo … . Đề nghị Ủy ban
        Mặt trận Tổ quốc Việt Nam tỉnh … vận động …": three duties on three bodies; gold guide:
        each sentence that lays a duty)."""
        flat = self.x.flat
        named = {fold(flat[a:b]) for a, b in (r for r in subject if isinstance(r, tuple))}
        duties: list[tuple[int, int, Sequence[Any]]] = []
        begun, owner = start, subject
        # sentences, not ";" clauses: "6. Các đơn vị báo chí …, … phối hợp …; Báo Bảo vệ pháp luật phối
        # hợp với Đài Truyền hình Việt Nam …" is one duty in the real gold (002)
        for s, e in sentences(flat, start, end)[1:]:
            if self.is_closing(s, e) or self.states_no_duty(s, e) or DELIVERY.search(flat, s, e):
                continue
            own = self.request_targets(s, e, anywhere=False) or self.leading_subject(s, e) or self.passive_agent(s, e)
            names = {fold(flat[a:b]) for a, b in own}
            if not own or not named or names & named or not _names_one(flat[own[0][0] : own[0][1]]):
                continue  # "… . Toàn Ngành thực hiện …", "… . Yêu cầu các đơn vị …": the item's own duty goes on
            duties.append((begun, s, owner))
            begun, owner, named = s, own, names
        duties.append((begun, end, owner))
        return duties

    def bullet_depth(self, para: Para, sign: str, top: _Node | None) -> int:
        """How deep a bullet sits: "+ Khai báo y tế …" under "- Sinh viên học trực tiếp tại trường
        phải tuân thủ:" is one deeper; a sign is deeper only when it first appears under a bullet
        that introduces a list, and keeps that depth until a numbered item."""
        if para.kind != "bullet":
            self.bullet_signs = []
            return 0
        if sign not in self.bullet_signs:
            if self.bullet_signs and not (top is not None and top.para.kind == "bullet" and top.header):
                self.bullet_signs = []  # another sign with no introducer above: a list of its own
            self.bullet_signs.append(sign)
        return self.bullet_signs.index(sign)

    def directive_context(self, para: Para) -> bool:
        """Is this item a directive? Yes when it opens with an action verb ("Tăng cường …"), or
        when its list is introduced as duties: a header, an intro paragraph or a section title
        with "giao / đề nghị / yêu cầu / nhiệm vụ / thực hiện …". A numbered list of cited
        documents or of facts is not."""
        flat = self.x.flat
        opening = flat[para.content_start : min(para.end, para.content_start + 40)].lower()
        if _action_start().match(opening) or _cue_pattern().match(flat, para.content_start):
            return True
        spans = [n.header_scope for n in self.stack if n.header_scope] + self.context_spans
        if any(DUTY_CONTEXT.search(fold(flat[s:e])) for s, e in spans):
            return True
        if self.x.genre in PLAN_GENRES and genres.lays_duties(self.section_kind):
            return True  # a kế hoạch's "II. NỘI DUNG HOẠT ĐỘNG": each item is an activity to carry out
        # under a unit's heading ("1. Các đơn vị chuyên trách về CNTT …:", "Sở Tài chính:") every
        # item is that unit's duty: "c) Định kỳ (ít nhất 6 tháng một lần) tổ chức đánh giá …"
        return any(n.header and n.subject and not n.excluded and self.names_unit(n) for n in self.stack)

    def names_unit(self, node: _Node) -> bool:
        """A header that is nothing but the name of the bodies its items are for."""
        if node.unit:
            return True
        flat = self.x.flat
        start = node.para.content_start
        heading = flat[start : node.para.end].rstrip(" :*")
        stop = subject_end(flat, start, start + len(heading) + 1, self.x.protected)
        return start in self.x.heads and (stop is None or not flat[stop : start + len(heading)].strip())

    def header_start(self) -> int | None:
        for node in reversed(self.stack):
            if node.header:
                return node.para.content_start
        return None

    def giao_targets(self, para: Para) -> list[Range]:
        flat = self.x.flat
        out: list[Range] = []
        for match in regex.finditer(
            r"(?<![\p{L}])[Gg]iao\s+(?:cho\s+)?", flat[para.content_start : para.end]
        ):
            target = para.content_start + match.end()
            cue = para.content_start + match.start()
            if PAST_CUE.search(flat[max(para.content_start, cue - 12) : cue]):
                continue  # a report's "… đã giao cho các cơ quan, đơn vị rà soát": what was done
            if target in self.x.heads:
                stop = subject_end(flat, target, min(para.end, target + 200), self.x.protected)
                if stop:
                    out.extend(self._split(target, stop))
        return out

    # --- genre and sections --------------------------------------------------------------
    def explaining(self) -> bool:
        """Does the text here explain rather than direct? An answer letter and a báo cáo do
        throughout, quoted law and a Q&A section do, until a request heads a list of its own."""
        for node in reversed(self.stack):
            if node.asks:
                return False
            if node.law:
                return True
        if self.answer and genres.lays_duties(self.section_kind) and self.section_kind == "to_chuc_thuc_hien":
            return False  # "III. TỔ CHỨC THỰC HIỆN" of a hướng dẫn read as an answer letter: who does what
        # a báo cáo reports, save its section that lays the coming period's duties ("II. PHƯƠNG
        # HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM", "NHIỆM VỤ TRỌNG TÂM …"; class: báo cáo sơ kết, tổng kết)
        facts_only = self.x.document_type in _vocab()["fact_document_types"] and not genres.lays_duties(
            self.section_kind, self.x.document_type
        )
        return self.answer or self.in_law or facts_only

    def request_duty(self, start: int, end: int) -> list[Range]:
        """Where the text explains: the bodies an explicit request names ("đề nghị Chi cục Thuế …
        rà soát, báo cáo trước ngày …"); none for quoted law, for a request to apply the law just
        explained ("Đề nghị Công ty căn cứ quy định nêu trên để thực hiện") or for a closing."""
        flat = self.x.flat
        out: list[Range] = []
        for s, e in sentences(flat, start, end):
            sentence = flat[s:e]
            if sentence.lstrip()[:1] in "“\"" or genres.only_applies_the_law(sentence):
                continue
            if self.is_closing(s, e) and not self.adds_own_duty(s, e):
                continue
            cues = list(_cue_pattern().finditer(flat, s, e))
            if cues and all(PAST_CUE.search(flat[max(s, c.start() - 12) : c.start()]) for c in cues):
                continue  # a báo cáo's "đã giao cho các cơ quan …", "được giao": what was done
            out.extend(t for t in self.request_targets(s, e) if t not in out)
        return out

    def is_invitation(self, start: int, end: int) -> bool:
        """ "Đề nghị các đồng chí dự họp đúng thành phần …" in a giấy mời: the invitation, an event;
        not a request of its own by a date ("Đề nghị các đơn vị đăng ký danh sách đại biểu tham dự
        về Sở … trước 16 giờ 00 ngày 07/4/2026"), which is a task."""
        text = self.x.flat[start:end]
        if self.x.genre != genres.Genre.GIAY_MOI or not genres.asks_to_attend(text):
            return False
        return not (genres.asks_besides_attending(text) and self.has_deadline(start, end))

    def only_approves(self, start: int, end: int) -> bool:
        """ "Chủ tịch UBND tỉnh đồng ý chủ trương …", "Ghi nhận, biểu dương …": a conclusion that
        approves, praises or agrees lays no duty unless it also asks someone ("…, giao Sở …")."""
        flat = self.x.flat
        verb_at = start
        subject = self.leading_subject(start, end)
        if subject:
            verb_at = max(e for _, e in subject)  # "Chủ tịch Ủy ban nhân dân tỉnh | đồng ý …"
        cues = _vocab()["approval_cues"]
        opening = _unpunctuated(flat[verb_at:end]).lstrip(" ,")
        # the ruler may end the body at a later verb: "Chủ tịch Ủy ban nhân dân tỉnh đồng ý chủ trương
        # | bổ sung biên chế …" (the name cannot hold the approval)
        inside = [_unpunctuated(flat[start:verb_at]).find(" " + cue + " ") for cue in cues]
        if subject and any(i >= 0 for i in inside):
            opening = _unpunctuated(flat[start:end])[min(i for i in inside if i >= 0) + 1 :]
        elif not subject and start in self.x.heads and flat[start].isupper():
            # a body the ruler cannot end before the cue: "Chủ tịch Ủy ban nhân dân tỉnh đồng ý …"
            words = opening.split()[:12]
            opening = next((" ".join(words[i:]) for i in range(len(words))
                            if any(" ".join(words[i:]).startswith(c + " ") for c in cues)), opening)
        if not any(opening.startswith(cue + " ") for cue in cues):
            return False  # "Kịp thời đề xuất biểu dương, khen thưởng …" asks for a proposal
        return not _cue_pattern().search(flat, start, end)

    def request_after_meeting(self, para: Para) -> tuple[int, list[Range]] | None:
        """An item that first announces a meeting the issuer holds (with its time) and then asks
        something of someone: where the request starts and whom it names; None otherwise."""
        if not MEETING_TIME_CUE.search(self.x.flat, para.content_start, para.end):
            return None  # no "vào (lúc) …" clock time: no meeting announced (most items)
        spans = sentences(self.x.flat, para.content_start, para.end)
        if len(spans) < 2 or not genres.announces_meeting(self.x.flat[slice(*spans[0])]):
            return None
        for s, e in spans[1:]:
            # "… Đề nghị các khoa gửi danh sách …", or a body named with its own duty: "Giáo viên chủ
            # nhiệm các lớp chuẩn bị nội dung, gửi giấy mời … chậm nhất ngày 17/11/2026."
            targets = self.request_targets(s, e, anywhere=False) or (
                self.leading_subject(s, e) if _acts(self.x.flat[s:e]) else []
            )
            if targets:
                return s, targets
        return None

    def states_no_duty(self, start: int, end: int) -> bool:
        """The period of the figures a report asks for ("Số liệu báo cáo tính từ ngày 01/01/2024 đến
        hết ngày 30/9/2024"), or what a quyết định does by itself ("Tổ công tác tự giải thể sau khi
        hoàn thành nhiệm vụ"): a sentence of this kind lays no duty."""
        text = self.x.flat[start:end]
        return (
            genres.states_data_scope(text)
            or genres.states_delivery(text)
            or genres.takes_effect(text)
            or genres.points_elsewhere(text)
            or genres.states_composition(text)
            or genres.announces_meeting(text)
            or self.reports_news(start, end)
            or self.grants_right(start, end)
            or self.takes_leave(start, end)
            or self.reports_progress(start, end)
            or self.is_agenda(start, end)
        )

    def is_agenda(self, start: int, end: int) -> bool:
        """ "Nội dung: Nhà trường thông báo kết quả giáo dục học kỳ I; thống nhất kế hoạch …" beside a
        giấy mời's "Thời gian:" and "Địa điểm:": what the meeting will do, no one's duty (the
        invitees' duties follow "đề nghị")."""
        return self.x.document_type == "giay_moi" and AGENDA_LABEL.match(self.x.flat, start, end) is not None

    def reports_progress(self, start: int, end: int) -> bool:
        """ "1. Đến ngày 30/9/2025, các dự án trọng điểm đã bàn giao 214,6 ha mặt bằng, đạt 71% kế
        hoạch năm; …" (class: thông báo kết luận and báo cáo whose numbered points review the work
        before they assign it): a point whose first sentence tells in the past what was reached,
        with its figure or its date, and that asks nothing of anyone, lays no duty."""
        flat = self.x.flat
        if PAST_VERB.search(flat, start, end) is None:
            return False  # asked of every item and sentence: most tell nothing in the past
        spans = sentences(flat, start, end)
        first = flat[spans[0][0] : spans[0][1]] if spans else flat[start:end]
        return (
            PAST_VERB.search(first) is not None
            and PROGRESS.search(first) is not None
            and _cue_pattern().search(flat, start, end) is None
            and MODAL_DUTY.search(flat, start, end) is None
        )

    def takes_leave(self, start: int, end: int) -> bool:
        """ "Cán bộ, người lao động khối văn phòng nghỉ Tết … từ ngày … đến hết ngày …": days off are
        the leading group's own verb, no action before them; "Phòng Kinh doanh thông báo lịch nghỉ
        Tết" acts."""
        return self.leading_verb_is(start, end, "leave_verbs")

    def reports_news(self, start: int, end: int) -> bool:
        """ "Báo Đấu thầu ngày 26 tháng 3 năm 2019 đưa tin, …": the verb of the sentence's leading body
        tells a report; "Đài … tăng cường thời lượng đưa tin …" acts."""
        return self.leading_verb_is(start, end, "news_verbs")

    def leading_verb_is(self, start: int, end: int, key: str) -> bool:
        """Is the verb of the sentence's leading body one of genres.json's `key` list, with no
        action verb before it?"""
        flat = self.x.flat
        if start not in self.x.heads or not flat[start].isupper():
            return False
        verb = genres.verb_at(flat, start, end, key)
        if verb is None:
            return False  # most sentences: no subject read for them
        stop = subject_end(flat, start, min(end, start + 320), self.x.protected)
        return stop is None or verb <= stop + 1

    def grants_right(self, start: int, end: int) -> bool:
        """ "Học sinh vắng mặt có lý do chính đáng được kiểm tra bù …", "Học viên được phép bảo vệ
        luận văn …" (genres.grants_permission): a right, not a duty."""
        flat = self.x.flat
        if genres.grants_permission(flat[start:end]):
            return True
        if start not in self.x.heads or not flat[start].isupper():
            return False
        stop = subject_end(flat, start, min(end, start + 320), self.x.protected)
        return (
            stop is not None
            and stop > start
            and _entitled(flat[start:stop])
            and _passive_then_duty(flat, start, stop, end) is None
        )

    def names_actor(self, start: int, end: int) -> bool:
        """Does this item say who acts? ("Đề nghị các đơn vị …", "Phòng Đào tạo chủ trì …")."""
        return bool(self.request_targets(start, end) or self.leading_subject(start, end))

    def note_actor(self, start: int, end: int) -> bool:
        """Does a note under "Lưu ý:" say who acts? Not when its subject is a case, a body picked out
        by what it lacks ("- Đơn vị không có số liệu thì ghi số 0", "- Trường chưa có học sinh bỏ học
        vẫn gửi báo cáo": how to fill the form in that case, class: report requests)."""
        if self.request_targets(start, end):
            return True
        subject = self.leading_subject(start, end)
        if not subject:
            return False
        named = fold(" ".join(self.x.flat[r[0] : r[1]] if isinstance(r, tuple) else str(r) for r in subject))
        return not genres.is_case_subject(named)

    def is_topic(self, para: Para) -> bool:
        """An item of a content list that names a topic: no action verb at its start, no request,
        no one named as acting ("- Những thành tựu nổi bật của Đảng bộ huyện …")."""
        content = self.x.flat[para.content_start : para.end]
        if _action_start().match(content[:40].lower()) or _cue_pattern().search(content):
            return False
        return not self.names_actor(para.content_start, para.end)

    def is_meeting_item(self, para: Para) -> bool:
        """ "1. Chủ trì: Đồng chí …": a particular of the meeting a giấy mời announces."""
        content = self.x.flat[para.content_start : para.end]
        return ":" in content and genres.is_meeting_section(genres.section_kind(content.split(":")[0]))

    def is_data_line(self, para: Para) -> bool:
        """ "Tên đơn vị thụ hưởng: Trường Đại học Ngoại ngữ", "Số tài khoản: 2009201005815": a short
        label and its value (account details, addresses under "… qua tài khoản:"); not a body's
        own duties ("Sở Y tế: chủ trì …")."""
        flat = self.x.flat
        text = flat[para.start : para.end]
        label, colon, value = text.partition(":")
        quoted = value.strip()[:1] in "“\""  # "Nội dung chuyển khoản ghi rõ theo cú pháp sau: “…”"
        if not colon or _words(label) > (10 if quoted else 8) or para.start in self.x.heads:
            return False
        words = value.split()
        if not quoted and sum(w[:1].islower() for w in words) > len(words) / 2:
            return False  # "Trường hợp đặc biệt: Nếu Phường … thì Nhà trường sẽ thông báo …": a sentence
        if _cue_pattern().search(label) or _action_start().search(label.lower()):
            return False
        return not _action_start().match(value.strip().lower())

    def update_law_state(self, para: Para) -> None:
        """Quoted law or a Q&A opens with "Tại Điều … quy định:", "Hỏi:", "Trả lời:"; it ends at a
        paragraph that turns to what the writer asks or concludes ("Căn cứ quy định trên, đề nghị …")."""
        flat = self.x.flat
        text = flat[para.start : para.end]
        qa = ":" in text[:40] and genres.section_kind(text.split(":")[0]) in ("hoi_dap", "tra_loi")
        if genres.introduces_law(text) or qa:
            self.in_law = True
            return
        if self.in_law and text.lstrip()[:1] not in "“\"" and (
            _cue_pattern().match(text.lstrip()) or _folded_has_prefix(text, ("nhu vay", "theo do", "can cu"))
        ):
            self.in_law = False

    def plain(self, para: Para, tail: bool) -> None:
        self.lend_delivery_deadline(para)
        if self.describes_step(para.start, para.end):
            return
        self._plain(para, tail)
        self.item_run_start = len(self.tasks)

    def lend_delivery_deadline(self, para: Para) -> None:
        """ "Hồ sơ gửi về Phòng Tổ chức … trước ngày 05/12/2025." under a list of what to send: the
        sentence lays no duty of its own (genres.states_delivery), its date is the term of the items
        just above that state none (class: công văn asking for documents or reports)."""
        flat = self.x.flat
        if self.item_run_start == len(self.tasks) or not DELIVERY_VERB.search(flat, para.start, para.end):
            return  # no items above to lend to, or no "gửi" to send anything (most paragraphs)
        for s, e in sentences(flat, para.start, para.end):
            if genres.states_delivery(flat[s:e]) and self.has_deadline(s, e):
                for task in self.tasks[self.item_run_start :]:
                    if task.borrowed_deadline is None:
                        task.borrowed_deadline = (s, e)
                return

    def _plain(self, para: Para, tail: bool) -> None:
        self.inviting = False
        text = self.x.flat[para.start : para.end]
        self.notes_intro = genres.introduces_notes(text) or genres.introduces_conditions(text)
        self.members_intro = genres.introduces_members(text)
        self.notes_level = None
        self.update_law_state(para)
        if self.stack and self.stack[-1].para.kind == "bullet" and not self.stack[-1].header:
            self.stack.pop()  # a bullet is one paragraph; what follows belongs to its parent
        if tail:
            self.stack = [n for n in self.stack if n.header and not n.excluded][-1:]
        if ARTICLE.match(self.x.flat, para.start, para.end):
            self.stack = []  # "Điều 2. Nhiệm vụ của Tổ …:" ends the members' list of Điều 1
        unit = [] if self.section_excluded or self.explaining() else self.unit_heading(para)
        if unit:
            self.push_unit(para, unit)
            return
        if self.stack:
            top = self.stack[-1]
            if (
                top.header
                and not top.excluded
                and not self.section_excluded
                and self.is_closing(para.start, para.end)
                and not self.adds_clauses(para.start, para.end)
            ):
                self.top_level(
                    para
                )  # a closing paragraph may still add a duty of its own, sentence by sentence
            elif top.header and not top.excluded and not self.section_excluded:
                if self.explaining():
                    asked = self.request_duty(para.start, para.end)
                    if asked:
                        self.add_task(para.start, para.end, asked, top.para.content_start)
                elif self.notes_intro or (
                    any(n.notes for n in self.stack) and not self.note_actor(para.start, para.end)
                ):
                    pass  # a note under "Lưu ý:", or "Giảng viên dạy trực tiếp khi:" over its conditions
                elif top.options:
                    self.header_as_task(top)  # "©_ Khai báo y tế của TP. Đà Nẵng: …" under "… các cách sau:"
                elif self.is_data_line(para):
                    self.header_as_task(top)  # "… chuyển khoản qua tài khoản:" over the account details
                elif (
                    self.is_invitation(para.start, para.end)
                    or self.only_approves(para.start, para.end)
                    or self.states_no_duty(para.start, para.end)
                ):
                    pass
                elif not top.subject and top.para.kind in LEVELS:
                    self.topic_paragraph(para, top)
                else:
                    owner = self.subject_for(para.start, para.end, self.inherited())
                    heading = [r for r in top.subject if isinstance(r, tuple)][:1]
                    if heading and _names_one(self.x.flat[heading[0][0] : heading[0][1]]):
                        # under "2. Sở Xây dựng" its paragraph is its duty, partners and all
                        self.add_task(para.start, para.end, owner, top.para.content_start)
                    else:
                        # under "3.7. Các đơn vị khác": each body its own sentence
                        for s, e, subject in self.item_duties(para.start, para.end, owner):
                            self.add_task(s, e, subject, top.para.content_start)
            elif not top.header:
                own = self.own_subject(para)
                if own:
                    # "Đối với chi phí … năm 2023, 2024, yêu cầu Bộ Tài chính … khẩn trương …" after an
                    # item's first paragraph: a duty of its own, on the body it names
                    self.add_task(para.start, para.end, own, None)
                elif self.follows_on(top, para):
                    # "1. Bộ Công Thương: Chủ trì … ." then "Chỉ đạo lực lượng Quản lý thị trường …":
                    # another duty of the body the item names (gold guide: each duty is a task)
                    self.add_task(para.start, para.end, list(top.subject), None)
                else:
                    self.extend_last(para.end)
            return
        self.top_level(para)

    def topic_paragraph(self, para: Para, top: _Node) -> None:
        """A paragraph under a numbered topic ("1. Công tác chuẩn bị lưới điện", no body named):
        a task from its start, and one more from each later sentence that opens with a named body
        and its action ("… nhanh nhất. Ban Kỹ thuật có trách nhiệm theo dõi …"; gold guide: each
        sentence that lays a duty). Under a body's heading ("1. Sở Y tế") the paragraph stays one."""
        flat = self.x.flat
        first = self.subject_for(para.start, para.end, self.inherited())
        cuts: list[tuple[int, list[Any]]] = [(para.start, first)]
        for s, e in clauses(flat, para.start, para.end)[1:]:
            own = self.acting_subject(s, e) or self.passive_agent(s, e)
            if own and not self.is_closing(s, e):
                cuts.append((s, own))
        for index, (start, subject) in enumerate(cuts):
            end = cuts[index + 1][0] if index + 1 < len(cuts) else para.end
            while end > start and flat[end - 1] in " \n":
                end -= 1
            self.add_task(start, end, subject, top.para.content_start if index == 0 else None)

    def acting_subject(self, s: int, e: int) -> list[Range]:
        """The named body a sentence opens with when an action verb follows it ("Cục Công nghệ
        thông tin có trách nhiệm …", "Vụ Kế hoạch - Tài chính rà soát …"); [] otherwise."""
        flat = self.x.flat
        if s not in self.x.heads or not flat[s].isupper():
            return []
        subject = self.leading_subject(s, e)
        words = flat[subject[0][0] : subject[-1][1]].split() if subject else []
        if not words or len(words) > 12 or words[-1].lower() in ("sự", "việc", "cuộc"):
            return []  # "UBND tỉnh ghi nhận và đánh giá cao sự | chủ động …": a noun, not an action
        verb = subject[-1][1]
        while verb < e and flat[verb] in " ,":
            verb += 1
        if flat.startswith("(", verb) and (close := flat.find(")", verb, e)) > 0:
            # "Công an tỉnh (cơ quan thường trực Tổ công tác Đề án 06 của tỉnh) hướng dẫn …": the
            # body's role in brackets stands between it and its verb
            verb = close + 1
            while verb < e and flat[verb] in " ,":
                verb += 1
        return subject if _action_start().match(flat[verb : min(e, verb + 40)].lower()) else []

    def follows_on(self, top: _Node, para: Para) -> bool:
        """An unnumbered paragraph after an item that names its body ("N. Bộ X: …", class: chỉ thị
        and kế hoạch duty lists) lays a duty of its own when it opens with an action, a request or
        a periodic term ("Định kỳ hằng tháng báo cáo …"), and is no closing."""
        flat = self.x.flat
        if top.para.kind not in LEVELS or top.para.kind == "roman" or not top.subject or top.excluded:
            return False
        if self.explaining() or self.section_excluded or self.is_closing(para.start, para.end):
            return False
        label = flat[top.para.content_start : top.para.end].partition(":")
        if not label[1] or _words(label[0]) > 20:
            return False  # only "Bộ Tài chính: …" items: a continuation of "1. Tăng cường …" goes on
        opening = flat[para.start : min(para.end, para.start + 40)]
        return bool(
            _action_start().match(opening.lower())
            or _cue_pattern().match(flat, para.start)
            or _folded_has_prefix(opening, _vocab()["periodic_openers"])
        )

    def own_subject(self, para: Para) -> list[Range]:
        """The bodies a continuation paragraph of an item lays a duty on when it opens a topic of its
        own ("Đối với …, yêu cầu Bộ Tài chính …", "Đối với …, Bảo hiểm xã hội Việt Nam khẩn trương
        …"); [] when it goes on with the item (its reasons, conditions, or the document's closing)."""
        flat = self.x.flat
        if self.explaining() or self.section_excluded or self.is_closing(para.start, para.end):
            return []
        first = sentences(flat, para.start, para.end)
        head_end = first[0][1] if first else para.end
        if not regex.match(r"(?:riêng\s+)?đối\s+với\b", flat[para.start : para.end], regex.IGNORECASE):
            return []
        return self.request_targets(para.start, head_end, anywhere=False) or self.leading_subject(
            para.start, head_end
        )

    def unit_heading(self, para: Para) -> list[Range]:
        """An unmarked line that only names the body the items below it are for (class: kế hoạch
        and chỉ thị duty lists, Nghị định 30 layout): "Sở Thông tin và Truyền thông:", "Trách
        nhiệm của Sở Nội vụ:", "Đối với Ủy ban nhân dân các xã:"; [] for any other paragraph."""
        flat = self.x.flat
        text = flat[para.start : para.end].rstrip(" *")
        if ARTICLE.match(flat, para.start, para.end) and not text.endswith(":"):
            return self.duties_of(para)  # "Điều 2. Nhiệm vụ của Tổ công tác" (no colon after a title)
        if not text.endswith(":") or _words(text) > 20 or len(sentences(flat, para.start, para.end)) > 1:
            return []
        if genres.introduces_conditions(text) or genres.introduces_notes(text) or genres.introduces_options(text):
            return []  # "Giảng viên dạy trực tiếp tại trường khi:" heads conditions, not duties
        if _folded_ends_with(text.rstrip(" :"), _vocab()["invitation_cues"]):
            return []  # "Phòng Giáo dục và Đào tạo trân trọng kính mời:" heads the invitees
        colon = para.start + len(text) - 1
        named = self.duties_of(para) or self.heading_subject(para)
        if named:
            return named
        if para.start not in self.x.heads or not flat[para.start].isupper():
            return []
        stop = subject_end(flat, para.start, colon + 1, self.x.protected)
        if stop is None or flat[stop:colon].strip():
            return []  # "Sở Y tế chủ trì các nội dung sau:": a duty that heads its list
        return self._split(para.start, stop)

    def push_unit(self, para: Para, subject: list[Range]) -> None:
        """The unit heading governs the items up to the next heading of its level or above."""
        while self.stack and (self.stack[-1].unit or not self.stack[-1].header):
            self.stack.pop()
        level = self.stack[-1].level + 0.5 if self.stack else 0.5
        node = _Node(level, para, False, True, subject, (para.start, para.end))
        node.unit = True
        self.stack.append(node)

    def duties_of(self, para: Para) -> list[Range]:
        """ "Điều 2. Nhiệm vụ của Tổ tiếp công dân, …:": the body its items are the duties of (one
        name: the commas belong to it)."""
        match = DUTIES_OF.match(self.x.flat, para.start, para.end)
        if match is None or not match.group("body")[:1].isupper():
            return []
        return [(match.start("body"), match.end("body"))]

    def acting_header(self) -> _Node | None:
        """The item heading this list when it is an action of its own ("5. Lựa chọn và thực hiện
        Khẩu hiệu tuyên truyền tại đơn vị", "Tổ chức quán triệt các văn bản sau:")."""
        top = self.stack[-1] if self.stack else None
        if top is None or not top.header or top.unit or top.para.kind == "plain":
            return None
        opening = self.x.flat[top.para.content_start : min(top.para.end, top.para.content_start + 40)]
        return top if _action_start().match(opening.lower()) else None

    def is_object(self, para: Para) -> bool:
        """An item that names a thing, not an action: a slogan, a document to study ("- Chung một
        quyết tâm - Vì cộng đồng không ma túy", "- Luật Phòng, chống ma túy năm 2021;")."""
        flat = self.x.flat
        # bullets whose lines fill the measure come joined: "Vì sức khỏe …, hãy tránh xa ma túy - Không giữ …"
        content = flat[para.content_start : para.end].split(" - ")[0]
        if _words(content) > 30 or _action_start().match(content[:40].lower()):
            return False
        if _cue_pattern().search(flat, para.content_start, para.end) or self.has_deadline(para.content_start, para.end):
            return False
        return not self.names_actor(para.content_start, para.end)

    def names_a_list(self, para: Para) -> bool:
        """A dash item that names a thing, not an action, over items of another sign ("- Số lượng đề
        thi và đáp án;" over "+ Hình thức thi tự luận: …"; its colon printed or read as ";"): the
        heading of a list of particulars (class: school and exam notices), no duty itself."""
        nxt = self.following.get(para.start)
        if para.kind != "bullet" or nxt is None or nxt.kind != "bullet":
            return False
        flat = self.x.flat
        if not flat[para.content_start : para.end].rstrip(" *").endswith((";", ":")):
            return False  # "- Từ 28/02/2022: học tập trung …." is a line of its own
        if flat[nxt.start : nxt.content_start].strip() == flat[para.start : para.content_start].strip()[:1]:
            return False  # the same sign: a sibling, not the list under it
        return self.is_object(para)

    def header_as_task(self, node: _Node, loose: bool = False) -> None:
        """A header whose children are data, not duties, is itself the directive (once); `loose`: a
        header that acts is one even without its colon ("5. Lựa chọn và thực hiện Khẩu hiệu …")."""
        header = self.x.flat[node.para.content_start : node.para.end].rstrip()
        if node.asks or node.law or node.notes or not (loose or header.endswith(":")) or _words(header) < 5:
            return  # "1. Đối với giảng viên" titles a list, it asks nothing itself
        if any(t.start >= node.para.content_start and t.start < node.para.end for t in self.tasks):
            return
        self.add_task(node.para.content_start, node.para.end, list(node.subject) or self.inherited(), None)

    def announces_list(self, para: Para) -> bool:
        """ "… yêu cầu Thủ trưởng các sở … thực hiện tốt các nhiệm vụ sau đây" (its colon lost or never
        printed): the introduction of the list below, as if it ended with ":"."""
        text = self.x.flat[para.start : para.end].rstrip(" .*")
        return _folded_ends_with(text, _vocab()["list_announcers"])

    def top_level(self, para: Para) -> None:
        flat = self.x.flat
        if flat[para.start : para.end].rstrip().endswith(":") or self.announces_list(para):
            self.inviting = _folded_ends_with(flat[para.start : para.end].rstrip(" :"), _vocab()["invitation_cues"])
            targets = self.request_targets(para.start, para.end) or self.duties_of(para) or self.list_subject(para)
            if targets:
                self.intro = targets
            self.context_spans = self.context_spans[:1] + [(para.start, para.end)]
            # "… xây dựng báo cáo như sau:": the items are the report's contents; "… đề nghị Chi
            # nhánh … cung cấp cho Tòa án các tài liệu sau:": the documents asked for
            self.report_items = [] if HANDS_OVER.search(fold(flat[para.start : para.end])) else None
            return
        found = [
            (s, duty) for s, e in sentences(flat, para.start, para.end) if (duty := self.sentence_duty(s, e))
        ]
        for index, (s, (subject, report)) in enumerate(found):
            # a task runs to the next sentence that lays a duty of its own
            scope_end = found[index + 1][0] if index + 1 < len(found) else para.end
            self.add_task(s, scope_end, subject or self.inherited(), None)
            if report and self.report_items:
                # the report's deadline, stated after the list of its contents, holds for them
                for item_index in self.report_items:
                    self.tasks[item_index].borrowed_deadline = (s, scope_end)
                self.report_items = None
        if self.report_items and self.term_open and not found:
            self.list_term(para)
        self.term_open = False

    def list_subject(self, para: Para) -> list[Range]:
        """ "Các sở, ban, ngành và UBND các huyện, thị xã, thành phố tập trung thực hiện các nhiệm vụ,
        giải pháp sau:": the bodies an intro names as doing the duties listed under it (class: a kế
        hoạch's "NHIỆM VỤ, GIẢI PHÁP" section); its items inherit them."""
        flat = self.x.flat
        spans = sentences(flat, para.start, para.end)
        start, end = spans[-1] if spans else (para.start, para.end)
        subject = self.leading_subject(start, end)
        if not subject or not isinstance(subject[-1], tuple):
            return []
        rest = fold(flat[subject[-1][1] : end])
        return list(subject) if DUTY_CONTEXT.search(rest) else []

    def list_term(self, para: Para) -> None:
        """The paragraph right after a list of documents asked for that only says where and by
        when to send them ("Tài liệu đề nghị gửi về Tòa án … trong thời hạn 15 ngày kể từ ngày nhận
        được văn bản này"): no task of its own, its term holds for the items."""
        flat = self.x.flat
        for s, e in sentences(flat, para.start, para.end):
            if SENDS.search(fold(flat[s:e])) and find_deadlines(flat[s:e]):
                for item_index in self.report_items or []:
                    self.tasks[item_index].borrowed_deadline = (s, e)
                self.report_items = None
                return

    def sentence_duty(self, s: int, e: int) -> tuple[list[Range], bool] | None:
        """Does a sentence outside a list lay a duty? Its named assignees (maybe none) and
        whether it asks for a report by a date; None when it lays no duty."""
        flat = self.x.flat
        if self.is_invitation(s, e) or self.states_no_duty(s, e):
            return None
        if self.section_schedule and not self.names_actor(s, e):
            return None  # "Ngày 05/6/2024: tổ chức Lễ mít tinh …" in "IV. THỜI GIAN THỰC HIỆN"
        if self.explaining() and not self.section_excluded:
            asked = self.request_duty(s, e)
            report = bool(REPORT_DUTY.search(fold(flat[s:e]))) and self.adds_own_duty(s, e)
            return (asked, report) if asked else None
        if self.is_closing(s, e):
            subject = self.request_targets(s, e) or self.leading_subject(s, e)
            if subject and THIS_DOCUMENT.search(fold(flat[s:e])):
                self.document_subject = subject
            if not (subject and (self.adds_own_duty(s, e) or HANDS_MONITORING.match(fold(flat[s:e])))):
                return None
            if self.section_excluded:
                return None
        if self.section_excluded:
            # in a section of facts only an explicit "giao X …" lays a duty
            giao = [r for r in self.request_targets(s, e) if "giao" in fold(flat[s:e])]
            return (giao, False) if giao else None
        targets = self.request_targets(s, e)
        if self.in_preamble and not targets:
            return None  # before a list of directives, a sentence with no "giao / đề nghị" is background
        subject = targets or self.leading_subject(s, e)
        if subject and not targets and self.states_field(subject):
            return None
        report = bool(REPORT_DUTY.search(fold(flat[s:e]))) and self.adds_own_duty(s, e)
        if subject or report or self.bare_request(s, e) or self.asks_unnamed(s, e):
            return subject, report
        asked = self.sent_for_comments(s, e)
        return (asked, False) if asked else None

    def sent_for_comments(self, s: int, e: int) -> list[Range]:
        """ "Văn phòng Bộ xin gửi trước dự thảo Quy chế để các đơn vị nghiên cứu, tham gia, đóng góp ý
        kiến tại cuộc họp": a draft sent so that the bodies named after "để" comment on it (class:
        công văn lấy ý kiến dự thảo); the bodies are asked. "… để các đơn vị biết và thực hiện" is
        the generic closing and asks nothing (genres.json `comment_verbs`)."""
        flat = self.x.flat
        purpose = SENT_SO_THAT.search(flat, s, e)
        if purpose is None or not genres.asks_comments(flat[purpose.end() : e]):
            return []
        target = purpose.end()
        stop = subject_end(flat, target, min(e, target + 160), self.x.protected)
        return self._split(target, stop) if stop is not None and stop > target else []

    def states_field(self, subject: Sequence[Any]) -> bool:
        """ "Học viên: Nguyễn Thiện Hùng, Khóa: 2021-2023, MSHV: …": a field of a decision's record
        (class: quyết định giao đề tài, công nhận, cử đi học), a name or a value after the label,
        not a duty after it ("Các khoa: Chuẩn bị …")."""
        last = subject[-1]
        if not isinstance(last, tuple):
            return False
        flat = self.x.flat
        after = flat[last[1] : last[1] + 2].lstrip()
        if not after.startswith(":"):
            return False
        rest = flat.find(":", last[1]) + 1
        while rest < len(flat) and flat[rest] == " ":
            rest += 1
        acts = _action_start().match(flat[rest : rest + 40].lower()) is not None
        return not acts and _cue_pattern().match(flat, rest) is None

    def asks_at(self, pos: int, end: int) -> bool:
        """Does a request cue in lower case follow here ("Hiệu trưởng | yêu cầu giáo viên …")?"""
        flat = self.x.flat
        while pos < end and flat[pos] == " ":
            pos += 1
        if not flat[pos : pos + 1].islower():
            return False
        return _cue_pattern().match(flat, pos, end) is not None or ASKS_OVER_LIST.match(flat, pos, end) is not None

    def asks_unnamed(self, s: int, e: int) -> bool:
        """ "Hiệu trưởng yêu cầu giáo viên chủ nhiệm các lớp nhắc nhở …" where the bodies asked
        cannot be read: a request all the same, laid on the addressees."""
        flat = self.x.flat
        if s not in self.x.heads or not flat[s].isupper():
            return False
        stop = subject_end(flat, s, min(e, s + 320), self.x.protected)
        return stop is not None and self.asks_at(stop, e) and not PAST_CUE.search(flat[s:stop] + " ")

    def bare_request(self, s: int, e: int) -> bool:
        """ "Để bảo đảm an toàn, đề nghị rà soát toàn bộ hệ thống …": a request that names nobody
        and goes straight to its action lays the duty on the addressees (gold guide: "when the
        directive names nobody, the body the document addresses its directives to")."""
        flat = self.x.flat
        match = BARE_REQUEST.match(flat, s, e)
        if match is None:
            clause = flat.find(", ", s, e)
            if clause == -1 or not _opens_with_clause(flat[s : clause + 1]):
                return False
            match = BARE_REQUEST.match(flat, clause + 2, e)
        return match is not None and _action_start().match(flat, match.end(), e) is not None

    def submission(self, para: Para) -> None:
        """A tờ trình: its request ("UBND tỉnh kính trình HĐND tỉnh xem xét, …") is one task; the
        closing "Kính trình Hội đồng nhân dân tỉnh xem xét, quyết định" is added to its text."""
        flat = self.x.flat
        for s, e in sentences(flat, para.start, para.end):
            if self.tasks and ALSO_REQUEST.match(flat, s, e) and (targets := self.request_targets(s, e)):
                # "Đồng thời, đề nghị UBND tỉnh chỉ đạo Sở Tài chính bố trí …": a request of its own
                # beside the submission, a task of the body it names
                self.tasks.append(TaskDraft(s, e, e, targets, parts=[(s, e)]))
                continue
            cue = SUBMISSION_CUE.search(fold(flat[s:e]))
            if cue is None or flat[s:e].rstrip(" *").endswith(":"):
                continue  # "Sở Tài chính kính trình UBND tỉnh như sau:" opens the reasons, asks nothing
            if self.tasks:
                task = self.tasks[0]
                if len(task.parts) == 1 and fold(flat[s : s + 4]) == "kinh":
                    task.parts.append((s, e))
                    task.end = task.scope_end = e
                return
            # the request clause starts after the last clause break before the cue
            clause = max(flat.rfind(", ", s, s + cue.start()), flat.rfind("; ", s, s + cue.start()))
            begin = clause + 2 if clause != -1 else s
            targets = self.request_targets(s + cue.start(), e)
            self.tasks.append(TaskDraft(begin, e, e, list(self.x.fallback) or targets, parts=[(begin, e)]))


# A document sent so that bodies act on it: "… xin gửi trước dự thảo Quy chế | để | các đơn vị nghiên
# cứu, tham gia, đóng góp ý kiến …" (the bodies follow "để").
SENT_SO_THAT = regex.compile(r"\bgửi\b[^.;]{0,120}?\bđể\s+(?=(?:các|những|Quý|quý)\s)", regex.IGNORECASE)

# A note after lettered items that names them and says where and by when their results go:
# "(Nội dung a, b, c gửi về Bộ Công an trước ngày 30/9/2025 để tổng hợp …)", "Các nội dung tại điểm
# a, b gửi về Sở trước ngày …" (class: ministries' công văn over programmes).
NAMED_ITEMS = regex.compile(
    r"""\(?\s*(?:các\s+)?(?:nội\s+dung|mục|điểm)\s+(?:tại\s+(?:điểm|mục)\s+)?
        (?P<letters>[a-zđ](?:\s*(?:,|và)\s*[a-zđ])+)\s+(?:gửi|báo\s+cáo|hoàn\s+thành)""",
    regex.VERBOSE | regex.IGNORECASE,
)
LETTER_LABEL = regex.compile(r"\s*(?P<letter>[a-zđ])\s*[).]")


def _lend_to_named_items(inputs: Inputs, drafts: list[TaskDraft]) -> None:
    """The term of a note naming lettered items ("Nội dung a, b, c gửi về … trước ngày 30/9/2025")
    is the term of each item it names that states none (the note sits in the last one's scope)."""
    flat = inputs.flat
    letter_of: dict[int, str] = {}
    for para in inputs.paras:
        label = LETTER_LABEL.match(flat, para.start, para.content_start + 1)
        if label is not None and para.kind in ("letter", "paren"):
            letter_of[para.content_start] = label.group("letter")
    for index, draft in enumerate(drafts):
        note = NAMED_ITEMS.search(flat, draft.start, draft.scope_end)
        if note is None:
            continue
        named = set(regex.findall(r"[a-zđ]", regex.sub(r"\bvà\b", ",", note.group("letters").lower())))
        for other in drafts[max(0, index - 8) : index]:
            if letter_of.get(other.start) in named and other.borrowed_deadline is None:
                other.borrowed_deadline = (note.start(), draft.scope_end)


def detect(inputs: Inputs) -> list[TaskDraft]:
    drafts = Detector(inputs).run()
    _lend_to_named_items(inputs, drafts)
    return drafts
