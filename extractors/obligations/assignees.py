"""Where an assignee phrase ends and how it splits into bodies.

A list of assignees is split at commas, semicolons and "và" — except inside a known name
("Sở Văn hóa, Thể thao và Du lịch", "UBND các huyện, thị xã, thành phố"), found by the body
ruler, and except where the next piece does not open a new body (a piece that starts with no
head word — "Sở", "Ban", "UBND", "Thủ trưởng", "các" … — continues the previous name). The
phrase itself ends at the first action verb in lower case ("Sở Tài chính | hướng dẫn …") or
request ("… | kính đề nghị Quý Trường"); an item's short label runs to its colon ("Các doanh
nghiệp cung cấp máy tính: Cài đặt …"); a group of people runs to its modal ("Sinh viên học trực
tiếp tại trường | phải tuân thủ"). A list that separates bodies by semicolons keeps "các …" pieces
after its commas inside one body; a bare noun after a short collective shares its "các" ("Các cơ
sở, doanh nghiệp …"); a defining parenthesis ("(sau đây gọi là …)") is no part of the name, nor is
one that closes it with the body's role or channel ("Công an tỉnh (Cơ quan thường trực …)").
All functions work on offsets into one text, so the names returned are as printed.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Iterable, Iterator, Sequence
from functools import cache
from itertools import accumulate

import regex

from congvan.extractors.obligations.units import PERSON_PRONOUNS, honorific_heads, people_nouns
from congvan.extractors.textutil import alternation, fold
from congvan.extractors.vocab import load_table

Range = tuple[int, int]

# A separator between two assignees: ", " "; " " và " (also "và" after a comma).
SEPARATOR = regex.compile(r"\s*[,;]\s*(?:và\s+)?|\s+và\s+")


@cache
def action_verbs() -> regex.Pattern[str]:
    table = load_table("directive_verbs")
    # "Sở Tài chính hướng dẫn", "… theo chức năng, nhiệm vụ tích cực …"; a lower-case verb only.
    return regex.compile(r"(?<![\p{L}\d])(?:" + alternation(table["action_verbs"]) + r")(?![\p{L}\d])")


@cache
def _recurrence() -> regex.Pattern[str]:
    # "Các phòng, đơn vị thuộc Sở | định kỳ báo cáo …": a term of recurrence opens the predicate
    # ("mỗi" does not end a name: "02 bác sĩ mỗi khoa" is a count, not "Khoa Kinh tế | mỗi khoa cử")
    terms = load_table("directive_verbs")["recurrence_terms"]
    return regex.compile(r"(?<![\p{L}\d])(?:" + alternation(terms) + r")(?![\p{L}\d])")


@cache
def _submits() -> regex.Pattern[str]:
    # "Vụ Pháp chế | trình Bộ trưởng …", "Sở Tư pháp | trình UBND tỉnh": "trình" before the
    # authority it submits to, unless a noun before it makes it "Chương trình", "quy trình" …
    nouns = load_table("directive_verbs")["cue_compounds"]["trình"]
    return regex.compile(r"(?<![\p{L}\d])(?<!(?:" + "|".join(nouns) + r")\s)trình\s+(?=\p{Lu})", regex.IGNORECASE)


@cache
def _folded_verbs() -> regex.Pattern[str]:
    table = load_table("directive_verbs")
    # verbs of two syllables or more, on folded text: OCR drops or swaps diacritics ("phôi hợp",
    # "tô chức") and a two-syllable verb rarely folds onto a lower-case word of a name
    words = {fold(w) for w in table["action_verbs"] if " " in w}
    return regex.compile(r"(?<![a-z0-9])(?:" + alternation(words) + r")(?![a-z0-9])")


@cache
def _cues() -> regex.Pattern[str]:
    # "Trường Đại học Ngoại ngữ kính đề nghị Quý Trường …": the asker's name ends at its request;
    # a one-syllable cue is no boundary ("các đơn vị đầu mối giao kế hoạch", "Sở Giao thông")
    cues = sorted((c for c in load_table("directive_verbs")["request_cues"] if " " in c), key=len, reverse=True)
    return regex.compile(r"(?<![\p{L}\d])(?:" + "|".join(regex.escape(c) for c in cues) + r")(?![\p{L}\d])")


@cache
def _listed_places() -> regex.Pattern[str]:
    # "UBND các xã, phường: Bình Sơn, Vạn Tường, Đông Sơn và Trương Quang Trọng" (class: kết luận and
    # công điện of provinces naming the communes concerned): a kind of local unit, then its places
    # by name after a colon
    units = alternation(sorted(load_table("unit_heads")["place_units"], key=len, reverse=True))
    return regex.compile(
        r".*?(?<![\p{L}])các\s+(?:" + units + r")(?:\s*,\s*(?:" + units + r"))*\s*:\s*(?=\p{Lu}\p{Ll}*\s+\p{Lu})"
    )


# A collective of one or two words that a bare noun after a comma shares:
# "Các cơ sở, doanh nghiệp cung cấp dịch vụ đào tạo", "các Hiệp hội, doanh nghiệp CNTT"; also a
# list of such nouns: "các cơ quan, đơn vị, doanh nghiệp sử dụng lao động" (the qualifier is all of
# theirs).
SHORT_COLLECTIVE = regex.compile(r"[Cc]ác\s+\S+(?:\s+\S+)?(?:,\s*\p{Ll}+(?:\s+\p{Ll}+)?)*")

# Words that open a new collective rather than continue one: "các", "những", "tất cả", "toàn thể".
DETERMINER_START = regex.compile(r"(?:các|những|tất\s+cả|toàn\s+thể|mọi)\b")

# A group of people with a relative clause ends at its modal: "Sinh viên học trực tiếp tại trường
# phải tuân thủ:", "Sinh viên cư trú trên địa bàn … phải đến trường" (the verbs describe the group).
MODAL = regex.compile(r"\s(?:phải|cần)\s")


@cache
def _people() -> regex.Pattern[str]:
    words = sorted(load_table("bodies")["people_groups"], key=len, reverse=True)
    return regex.compile(r"(?:" + "|".join(regex.escape(w) for w in words) + r")(?![\p{L}\d])", regex.IGNORECASE)


# A subject chosen by a relative clause runs to its modal too: "Doanh nghiệp nào chưa thực hiện hóa
# đơn điện tử | phải hoàn thành …", "Đơn vị nào không gửi báo cáo | phải giải trình".
WHICHEVER = regex.compile(r"\p{L}+(?:\s+\p{L}+){0,3}?\s+nào\s")

# A time adjunct closes a subject: "Sinh viên có nhu cầu lưu trú tại Ký túc xá | trước thời điểm học
# tập trung nêu trên, cần …".
TIME_ADJUNCT = regex.compile(r"\s(?:trước|sau|từ|đến|trong)\s+(?:thời\s+điểm|ngày|thời\s+gian|thời\s+hạn)\b")

# A defining parenthesis closes the name: "… trực thuộc Trung ương (sau đây gọi là tỉnh, thành phố)".
DEFINING_PARENTHESIS = regex.compile(r"\s*\((?:sau\s+đây\s+)?(?:gọi|viết\s+tắt)\b[^)]*\)?")

# A term a document defines for a group of bodies and then names them by (Nghị định 30 drafting,
# class: ministries' and provinces' công văn over programmes and projects): "các bộ, cơ quan chủ dự
# án, tiểu dự án thành phần (gọi là chủ dự án thành phần)", "(sau đây gọi tắt là Tổ công tác)". Not
# "viết tắt là PMNM": an abbreviation of a thing, not a body.
DEFINED_TERM = regex.compile(
    r"\((?:sau\s+đây\s+)?(?:được\s+)?gọi\s+(?:tắt\s+|chung\s+)?là\s+(?P<term>\p{L}[\p{L}\s,]{1,60}?)\s*\)",
    regex.IGNORECASE,
)
DEFINED_TERM_WORDS = (2, 6)  # a one-word term ("Công ty") is a head word already; a long one is prose


def defined_names(text: str, exact: bool = False) -> list[Range]:
    """Every place a body term the text defines is used, the definition included: the bodies it
    names later in headings ("5. Chủ dự án thành phần:") and lists are names like any other.
    `exact`: only the uses printed as defined ("Tổ công tác", not "Tổ Công tác tuyên truyền")."""
    found: list[Range] = []
    terms = {" ".join(m.group("term").split()) for m in DEFINED_TERM.finditer(text)}
    for term in terms:
        if not DEFINED_TERM_WORDS[0] <= len(term.split()) <= DEFINED_TERM_WORDS[1]:
            continue
        words = r"\s+".join(regex.escape(w) for w in term.split())
        for match in regex.finditer(rf"(?<!\p{{L}}){words}(?!\p{{L}})", text, 0 if exact else regex.IGNORECASE):
            found.append((match.start(), match.end()))
    return found


# A parenthesis that closes a name and says what role the body plays or through whom it acts, not
# what it is called: "Công an tỉnh (Cơ quan thường trực Ban Chỉ đạo 138 tỉnh)", "Sở Nội vụ (qua Phòng
# Tổ chức)". The name as printed is the name before it, as with "(sau đây gọi là …)"; what the body is
# called stays: "(VNCERT)", "(Sở TT&TT)", and so does a scope: "UBND các huyện (trừ huyện Côn Đảo)".
CLOSING_PARENTHESIS = regex.compile(r"\s*\((?P<inside>[^()]*)\)\s*$")


@cache
def _role_parenthesis() -> regex.Pattern[str]:
    openers = sorted({fold(w) for w in load_table("bodies")["role_parentheses"]}, key=len, reverse=True)
    return regex.compile(r"\s*(?:" + "|".join(regex.escape(w) for w in openers) + r")(?![a-z0-9])")


# A collective chosen by what was done to it keeps its passive: "UBND các xã được kiểm tra | chỉ đạo
# rà soát …", "Các hộ gia đình được hỗ trợ | có trách nhiệm …" (the verb after "được" describes the
# collective; the next verb, or "có trách nhiệm", is the duty).
PASSIVE_QUALIFIER = regex.compile(r"(?<![\p{L}])[Cc]ác\s+[^\s,;:]+(?:\s+[^\s,;:]+){0,2}\s+được\s+$")

# A label subject whose duties follow its colon: "Các doanh nghiệp cung cấp máy tính: Cài đặt …"
# (the verb-looking "cung cấp" describes the body); the label is short and names no second actor.
LABEL_COLON = regex.compile(r"[^:;.]{1,90}:\s*(?:(?=\p{Lu})|$)")
# … unless the label shares the work out or announces a list: "Sở Y tế chủ trì, phối hợp với …:",
# "Sở Tài chính thực hiện các nội dung sau:", "6. UBND các huyện, thị xã, thành phố chịu trách nhiệm:".
LABEL_ACTION = regex.compile(
    r"""(?<![\p{L}])(?:chủ\s+trì|phối\s+hợp|trách\s+nhiệm|thực\s+hiện|triển\s+khai|theo\s+chức\s+năng|đề\s+nghị
        |yêu\s+cầu|giao|sau|gồm|cụ\s+thể|nội\s+dung|nhiệm\s+vụ)(?![\p{L}])""",
    regex.VERBOSE,
)
LABEL_MAX_WORDS = 16  # "Các doanh nghiệp phần mềm, các doanh nghiệp cung cấp dịch vụ CNTT:" has 13
# Only an item's own opening is such a label: "b) Các doanh nghiệp …:" (the line holds a marker at most).
ITEM_OPENING = regex.compile(r"[ \t]*(?:[\p{L}\d]{1,4}[.)]|[-+•*])?[ \t]*")


@cache
def _honorific() -> regex.Pattern[str]:
    # "đề nghị Quý Công ty | bổ sung hồ sơ …": an honorific addressee is its head alone when a
    # lower-case word follows (whatever the verb); "Quý Công ty Cổ phần ABC" runs on
    heads = "|".join(regex.escape(h) for h in (*honorific_heads(), *sorted(PERSON_PRONOUNS, key=len, reverse=True)))
    return regex.compile(r"(?:" + heads + r")(?=\s+\p{Ll})")


@cache
def _strong_ends() -> regex.Pattern[str]:
    # "Giáo viên chủ nhiệm | có trách nhiệm đôn đốc học sinh, cần …": a group of people that takes
    # a duty by name ends there, before any modal later in the sentence
    words = sorted(load_table("directive_verbs")["subject_end_words"], key=len, reverse=True)
    return regex.compile(r"\s(?:" + "|".join(regex.escape(w) for w in words) + r")(?![\p{L}\d])")


@cache
def _people_nouns() -> regex.Pattern[str]:
    # "cán bộ, viên chức, người lao động trực tiếp phục vụ …": nouns of persons (unit_heads.json)
    words = sorted(people_nouns(), key=len, reverse=True)
    return regex.compile(
        r"(?:(?:các|toàn\s+thể|tất\s+cả)\s+)?(?:" + "|".join(regex.escape(w) for w in words) + r")(?![\p{L}\d])",
        regex.IGNORECASE,
    )


@cache
def _determiners() -> regex.Pattern[str]:
    words = load_table("directive_verbs")["noun_determiners"]
    # "các tổ chức", "của cơ quan", "Tổ Công tác tuyên truyền": after these a verb-looking word is a noun.
    return regex.compile(r"(?:^|\s)(?:" + "|".join(regex.escape(w) for w in words) + r")\s*$", regex.IGNORECASE)


@cache
def _person() -> regex.Pattern[str]:
    # "đồng chí Nguyễn Văn Hùng", "Thượng tá Nguyễn Văn Quang", "Cô Lê Thị Hoa", "TS. Hoàng Minh":
    # an honorific, rank or degree, then a name led by a known surname (not "Đồng chí Trưởng
    # Công an xã": an office, which the body ruler reads)
    people = load_table("signing_prefixes")
    openers = [*load_table("bodies")["person_honorifics"], *people["military_ranks"], *people["academic_titles"]]
    opener = alternation(sorted(openers, key=len, reverse=True))
    surname = alternation(people["surnames"])
    return regex.compile(
        r"(?:(?:" + opener + r")\s*)+(?:" + surname + r")(?:\s+\p{Lu}\p{Ll}*){1,3}"
    )


def is_person(piece: str) -> bool:
    """Is `piece` a person's name and nothing more ("đồng chí Nguyễn Văn Hùng", "Bà Trần Thị Mai")?"""
    return _person().fullmatch(piece.strip(" -–+•")) is not None


def names_person(name: str) -> bool:
    """Does `name` open with a person's name ("Bà Trần Thị Mai – Kế toán"), not a word for whoever
    is addressed ("Ông/Bà")?"""
    return _person().match(name.strip(" -–+•")) is not None


def opens_people_group(text: str, pos: int) -> bool:
    """Does a group of people ("sinh viên", "thí sinh", "nhà đầu tư") start at `pos`?"""
    return _people().match(text, pos) is not None


class Ranges(tuple[Range, ...]):
    """The spans of known names, answering "is this offset inside one?" by bisection: a long
    dispatch has thousands, asked about at every separator and verb of every subject."""

    def __new__(cls, ranges: Iterable[Range], whole: Iterable[Range] = ()) -> Ranges:
        """`whole`: names among `ranges` known to end where they end (a term the text defines)."""
        self = super().__new__(cls, ranges)
        ordered = sorted(self)
        self._starts = [s for s, _ in ordered]
        # _reach[i]: the furthest end among the first i + 1 ranges by start (names may nest)
        self._reach = list(accumulate((e for _, e in ordered), max))
        self._ends = frozenset(e for _, e in whole)
        return self

    def ends_at(self, pos: int) -> bool:
        return pos in self._ends

    def covers(self, pos: int) -> bool:
        i = bisect_right(self._starts, pos)
        return i > 0 and self._reach[i - 1] > pos


def _name_ends_before(text: str, pos: int, ranges: Sequence[Range]) -> bool:
    """Does a name the text defined end right before the word at `pos`? "Tổ công tác" defined by
    "(sau đây gọi tắt là Tổ công tác)" is whole: "Tổ công tác | rà soát toàn bộ …" (a known name
    from the vocabulary is not: "Tổ công tác tuyên truyền" goes on)."""
    end = pos
    while end > 0 and text[end - 1] == " ":
        end -= 1
    if end == pos:
        return False
    return isinstance(ranges, Ranges) and ranges.ends_at(end)


def _inside(pos: int, ranges: Sequence[Range]) -> bool:
    if isinstance(ranges, Ranges):
        return ranges.covers(pos)
    return any(s <= pos < e for s, e in ranges)


def subject_end(text: str, start: int, limit: int, protected: Sequence[Range]) -> int | None:
    """Offset where the assignee phrase starting at `start` ends: the first lower-case action verb
    (outside a known name, not a noun after "các"), a colon, or a parenthesis; None if none within
    `limit`."""
    window_end = min(len(text), limit)
    honorific = _honorific().match(text, start, window_end)
    if honorific is not None:
        return honorific.end()
    colon = text.find(":", start, window_end)
    places = _listed_places().match(text, max(start, colon - 40), colon + 40) if colon != -1 else None
    if places is not None and text.find(":", places.start(), places.end()) == colon:
        # "UBND các xã, phường: Bình Sơn, Vạn Tường và Đông Sơn | tập trung …": the places are the
        # name's; the colon opens no label
        colon = text.find(":", colon + 1, window_end)
    folded = fold(text)
    found = sorted(
        {m.start() for m in action_verbs().finditer(text, start, window_end)}
        | (
            {m.start() for m in _folded_verbs().finditer(folded, start, window_end)}
            if len(folded) == len(text)
            else set()
        )
    )
    found = sorted(
        set(found)
        | {m.start() for m in _cues().finditer(text, start, window_end)}
        | {m.start() for m in _capitalised_verbs().finditer(text, start, window_end)}
        | {m.start() for m in HANDS_ON.finditer(text, start, window_end)}
        | {m.start() for m in _recurrence().finditer(text, start, window_end)}
        | {m.start() for m in _submits().finditer(text, start, window_end)}
        | {m.start() for m in CONDITION_OPENER.finditer(text, start, window_end)}
    )
    label = LABEL_COLON.match(text, start, window_end)
    if (
        label is not None
        and ITEM_OPENING.fullmatch(text, text.rfind("\n", 0, start) + 1, start) is not None
        and len(text[start : label.end()].split()) <= LABEL_MAX_WORDS
        and LABEL_ACTION.search(text, start, label.end()) is None
    ):
        return _trim_back(text, start, text.index(":", start))
    whichever = WHICHEVER.match(text, start, window_end) is not None
    if opens_people_group(text, start) or whichever:
        sentence_end = min((i for i in (text.find(c, start, window_end) for c in ":.;") if i != -1), default=window_end)
        modal = MODAL.search(text, start, sentence_end)
        if modal is not None:
            strong = None if whichever else _strong_ends().search(text, start, modal.start())
            if strong is not None and not _inside(strong.start() + 1, protected):
                return _trim_back(text, start, strong.start())
            time = TIME_ADJUNCT.search(text, start, modal.start())
            return _trim_back(text, start, time.start() if time else modal.start())
    for index, pos in enumerate(found):
        if colon != -1 and colon < pos:
            break
        if pos == start or _inside(pos, protected):
            continue
        if not text[pos].islower() and not _capitalised_end(text, start, pos):
            continue
        if (
            _determiners().search(text[max(start, pos - 12) : pos])
            and not _name_ends_before(text, pos, protected)
            and not HAS_DUTY.match(text, pos)
            and not _names_its_object(text, pos, window_end)
        ):
            continue  # "Tổ Công tác tuyên truyền" names a body; "Tổ công tác | có nhiệm vụ …" does not
        if text.rfind("(", start, pos) > text.rfind(")", start, pos) and text.find(")", pos, window_end) != -1:
            continue  # "Văn phòng UBND tỉnh (đầu mối tổng hợp) | theo dõi": a parenthesis is never cut
        if PASSIVE_QUALIFIER.search(text, start, pos) and _later_verb(text, found[index + 1 :], pos):
            continue
        if HAVING.search(text[max(start, pos - 4) : pos]) and _later_verb(text, found[index + 1 :], pos):
            continue  # "Các đơn vị có báo cáo tham luận | gửi …": what the bodies have, then their duty
        adverb = MANNER_BEFORE_VERB.search(text, start, pos)
        return _trim_back(text, start, adverb.start() if adverb else pos)
    if colon != -1:
        return _trim_back(text, start, colon)
    return None


def _capitalised_end(text: str, start: int, pos: int) -> bool:
    """A capitalised verb that still ends the subject: OCR lost the label's colon ("Bộ phận Văn
    phòng Chuẩn bị phòng kiểm tra", "Giáo viên bộ môn Chấm bài"); only a verb that names no body,
    after a lower-case word (a name's own capitalised words, "Ban Chỉ đạo", stay)."""
    if _capitalised_verbs().match(text, pos) is None:
        return False
    before = text[start:pos].split()
    return bool(before) and before[-1][:1].islower() and text[pos - 1 : pos] == " "


@cache
def _capitalised_verbs() -> regex.Pattern[str]:
    words = sorted(load_table("directive_verbs")["capitalised_action_verbs"], key=len, reverse=True)
    # matches "Chuẩn bị" in "Bộ phận Văn phòng Chuẩn bị phòng"; the word capitalised, the rest as printed
    return regex.compile(
        r"(?:" + "|".join(regex.escape(w[:1].upper() + w[1:]) for w in words) + r")(?![\p{L}\d])"
    )


# A clause of time or condition after the name opens its predicate: "Công an các xã, phường thuộc địa
# bàn khu vực 2 | khi nhận được văn bản đề nghị của Tòa án có trách nhiệm xác minh …".
CONDITION_OPENER = regex.compile(r"(?<=\s)(?:khi|nếu|sau\s+khi|trong\s+khi)(?=\s)")


# An adverb of manner right before the verb is the predicate's, not the name's: "đồng chí Phó Giám
# đốc Sở phụ trách lĩnh vực đầu tư | trực tiếp làm việc với từng chủ đầu tư". (Alone it is no verb:
# "người lao động trực tiếp phục vụ công tác giảng dạy" is a group.)
MANNER_BEFORE_VERB = regex.compile(r"(?<![\p{L}])trực\s+tiếp\s+$")


# "Đề nghị UBND tỉnh | giao Sở Tài chính tham mưu …": the body asked ends where it hands the duty on;
# a lower-case "giao" before a capitalised name is the verb ("giao thông", "giao kế hoạch" are not)
HANDS_ON = regex.compile(r"(?<![\p{L}])giao\s+(?:cho\s+)?(?=\p{Lu})")


# A verb phrase of having a duty never continues a name, even after a noun determiner ("công tác").
# matches "có nhiệm vụ" in "Tổ công tác có nhiệm vụ tiến hành kiểm sát"
HAS_DUTY = regex.compile(r"có\s+(?:nhiệm\s+vụ|trách\s+nhiệm)(?![\p{L}])")

# "có " right before a verb-looking word makes it a noun the bodies have: "các đơn vị có | báo cáo
# tham luận"; matches "có " at the end of "Các đơn vị có ".
HAVING = regex.compile(r"(?<![\p{L}])có\s+$", regex.VERBOSE)


# A verb and the body it acts towards, capitalised: "báo cáo Ủy ban nhân dân tỉnh", "hướng dẫn Sở …".
VERB_THEN_BODY = regex.compile(r"\p{Ll}+(?:\s+\p{Ll}+)?\s+(?:(?:Ủy|Uỷ)\s+ban|UBND|Sở|Bộ|Ban|Thủ\s+tướng|Chủ\s+tịch)\b")


def _names_its_object(text: str, pos: int, end: int) -> bool:
    """After a noun like "công tác" the verb is still a verb when a body follows it as its object
    ("Định kỳ hằng quý, Tổ công tác | báo cáo Ủy ban nhân dân tỉnh kết quả …")."""
    return VERB_THEN_BODY.match(text, pos, end) is not None


def _later_verb(text: str, later: Sequence[int], pos: int) -> bool:
    """Is there a verb of the same clause after the one at `pos` (no comma, colon or full stop between)?"""
    clause_end = regex.compile(r"[,;:.]").search(text, pos)
    end = clause_end.start() if clause_end else len(text)
    return any(pos + 1 < p < end for p in later) or _strong_ends().search(text, pos, end) is not None


def _trim_back(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " ,;:-–(":
        end -= 1
    return end


def _positions(text: str, char: str, start: int, end: int) -> Iterator[int]:
    """Where `char` stands in text[start:end]."""
    pos = text.find(char, start, end)
    while pos != -1:
        yield pos
        pos = text.find(char, pos + 1, end)


def split_names(
    text: str, start: int, end: int, protected: Sequence[Range], heads: Collection[int]
) -> list[Range]:
    """Split text[start:end] into one span per body; `heads`: where a body may open (a set is
    used as it is: a long dispatch has thousands, and this runs once per subject)."""
    head_set = heads if isinstance(heads, (set, frozenset)) else frozenset(heads)
    # a list that separates its bodies by semicolons keeps the commas inside them: "người đứng đầu
    # các cơ quan chuyên môn, cơ quan hành chính khác, các đơn vị sự nghiệp …; Chủ tịch UBND các xã"
    semicolons = any(not _inside(i, protected) for i in _positions(text, ";", start, end))
    pieces: list[Range] = []
    piece_start = start
    for match in SEPARATOR.finditer(text, start, end):
        if _inside(match.start(), protected) or match.end() >= end:
            continue
        nxt = match.end()
        if _continues(text, piece_start, match.start(), nxt, match.group()):
            continue
        if semicolons and match.group().strip() == "," and text.startswith(("các ", "những "), nxt):
            continue
        if nxt not in head_set or _inside(nxt, protected) and not any(s == nxt for s, _ in protected):
            continue  # "Sở Kế hoạch và Đầu tư": "Đầu tư" opens no body, the name goes on
        pieces.append((piece_start, match.start()))
        piece_start = nxt
    pieces.append((piece_start, end))
    out: list[Range] = []
    for s, e in pieces:
        defining = DEFINING_PARENTHESIS.search(text, s, e)
        if defining is not None:
            e = defining.start()
        # searched in the piece alone, not in the text up to it (a copy of the whole text per piece)
        closing = CLOSING_PARENTHESIS.search(text[s:e].rstrip(" ,;.:"))
        if closing is not None and closing.start() > 0 and _role_parenthesis().match(fold(closing.group("inside"))):
            e = s + closing.start()
        while s < e and text[s] in " -–+•;,":
            s += 1
        while e > s and text[e - 1] in " ,;.:":
            e -= 1
        if e > s:
            out.append((s, e))
    return out


# "các Viện, Trung tâm, Khoa lâm sàng", "các Sở, Ban, Ngành": one "các" over kinds of units that
# name none of them (no capitalised name after a kind) is one collective addressee.
BARE_KINDS_OPENING = regex.compile(r"[Cc]ác\s+\p{Lu}\p{Ll}*(?:\s+\p{Ll}+)*(?:,\s*\p{Lu}\p{Ll}*(?:\s+\p{Ll}+)*)*")


@cache
def _shared_titles() -> frozenset[str]:
    return frozenset(load_table("unit_heads")["shared_titles"])


def _bare_type_list(piece: str, text: str, nxt: int) -> bool:
    if BARE_KINDS_OPENING.fullmatch(piece) is None:
        return False
    following = regex.match(r"[^,;()]*", text[nxt:]).group().strip()
    following = regex.split(r"\s(?:và|phối hợp|chủ trì)\s", following)[0]
    # the next kind opens with one capital ("Trung tâm", not "UBND") and names nothing after it
    return regex.match(r"\p{Lu}\p{Ll}+(?:\s|$)", following) is not None and not any(
        w[:1].isupper() for w in following.split()[1:]
    )


def _continues(text: str, piece_start: int, sep_start: int, nxt: int, separator: str) -> bool:
    """Does the piece after this comma stay inside the current name? It does when a bare noun
    shares a short collective's "các" ("Các cơ sở, doanh nghiệp"), and in a list of people, one
    addressee by the gold ("cán bộ, viên chức, người lao động trực tiếp phục vụ …"). (One office
    holder over a list, "Thủ trưởng các sở, ngành, các đơn vị …", is printed both ways: split
    there, as before.)"""
    piece = text[piece_start:sep_start].strip(" -–+•")
    if separator.strip() == "," and is_person(piece) and text[nxt].isupper():
        return True  # "đồng chí Nguyễn Văn Hùng, Phó Chủ tịch UBND xã": the person and the office held
    if separator.strip() == "," and piece in _shared_titles() and text[nxt].isupper():
        return True  # "Giám đốc, Thủ trưởng các sở, ban, ngành tỉnh": both titles of the same bodies
    if (
        ";" not in separator
        and all(_people_nouns().fullmatch(part) is not None for part in SEPARATOR.split(piece))
        and text[nxt].islower()
        and _people_nouns().match(text, nxt) is not None
    ):
        return True
    if separator.strip() != ",":
        return False
    if _bare_type_list(piece, text, nxt):
        return True
    return (
        SHORT_COLLECTIVE.fullmatch(piece) is not None
        and text[nxt].islower()
        and DETERMINER_START.match(text, nxt) is None
    )
