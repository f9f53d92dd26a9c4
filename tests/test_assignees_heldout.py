"""Assignees by the classes a blind set of constructed documents showed (issue 15): unit names with
verb-looking words run whole, a collective chosen by a passive keeps it, a co-operator of named
places is named, the item's own subject wins over its list's lead-in or article, a colon label of
people or units is the assignee, and a parenthesis after a name is dropped unless it abbreviates it.
The sentences are our own, in the wordings real dispatches print."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from congvan.extractors.base import Context
from congvan.extractors.obligations.pipeline import assignees_of
from congvan.extractors.obligations.units import head_of, names_places
from congvan.extractors.tasks import extract
from congvan.extractors.vocab import load_table


@pytest.mark.parametrize(
    ("phrase", "names"),
    [
        pytest.param(
            "Chi nhánh Văn phòng đăng ký đất đai thành phố Cao Lãnh cung cấp bản sao hồ sơ địa chính",
            ["Chi nhánh Văn phòng đăng ký đất đai thành phố Cao Lãnh"],
            id="land-registry-office-holds-a-verb",
        ),
        pytest.param(
            "Trung tâm Kiểm định chất lượng công trình xây dựng tỉnh kiểm tra chất lượng bê tông",
            ["Trung tâm Kiểm định chất lượng công trình xây dựng tỉnh"],
            id="construction-works-inside-a-name",
        ),
        pytest.param(
            "Các cấp ủy, tổ chức đảng trực thuộc lãnh đạo việc kiểm điểm cuối năm",
            ["Các cấp ủy, tổ chức đảng trực thuộc"],
            id="party-committees-and-organisations-are-one-collective",
        ),
        pytest.param(
            "UBND các phường được giám sát chỉ đạo khắc phục các tồn tại đã nêu",
            ["UBND các phường được giám sát"],
            id="passive-qualifier-stays-with-its-collective",
        ),
        pytest.param(
            "Các hộ gia đình được hỗ trợ có trách nhiệm sử dụng kinh phí đúng mục đích",
            ["Các hộ gia đình được hỗ trợ"],
            id="passive-qualifier-before-a-named-duty",
        ),
        pytest.param(
            "Cấp ủy, chính quyền các cấp tăng cường lãnh đạo công tác phòng cháy",
            ["Cấp ủy, chính quyền các cấp"],
            id="party-committees-and-authorities-are-one-collective",
        ),
        pytest.param(
            "Văn phòng Điều phối Chương trình mục tiêu quốc gia xây dựng nông thôn mới tỉnh hướng dẫn các xã",
            ["Văn phòng Điều phối Chương trình mục tiêu quốc gia xây dựng nông thôn mới tỉnh"],
            id="national-target-programme-inside-a-name",
        ),
        pytest.param(
            "Công an thành phố (Cơ quan thường trực Ban Chỉ đạo phòng, chống tội phạm) chủ trì, theo dõi",
            ["Công an thành phố"],
            id="role-parenthesis-is-no-part-of-the-name",
        ),
        pytest.param(
            "Sở Lao động - Thương binh và Xã hội (qua Phòng Việc làm) tổng hợp danh sách",
            ["Sở Lao động - Thương binh và Xã hội"],
            id="channel-parenthesis-is-no-part-of-the-name",
        ),
        pytest.param(
            "Văn phòng UBND tỉnh (đầu mối tổng hợp) theo dõi, đôn đốc các sở",
            ["Văn phòng UBND tỉnh"],
            id="a-verb-inside-a-parenthesis-does-not-end-the-name",
        ),
        pytest.param(
            "UBND các huyện (trừ huyện Côn Đảo) rà soát diện tích đất lúa",
            ["UBND các huyện (trừ huyện Côn Đảo)"],
            id="a-scope-parenthesis-stays-as-printed",
        ),
        pytest.param(
            "Trung tâm Kiểm soát bệnh tật (CDC) tỉnh giám sát ổ dịch",
            ["Trung tâm Kiểm soát bệnh tật (CDC) tỉnh"],
            id="abbreviation-inside-a-name-stays",
        ),
        pytest.param(
            "Cục An toàn thông tin (Cục ATTT) hướng dẫn các đơn vị",
            ["Cục An toàn thông tin (Cục ATTT)"],
            id="abbreviation-closing-a-name-stays",
        ),
    ],
)
def test_names_run_whole(phrase: str, names: list[str]) -> None:
    assert assignees_of(phrase) == names


def test_vocabulary_of_the_new_heads() -> None:
    assert "cơ quan thường trực" in load_table("bodies")["role_parentheses"]
    assert head_of("Y tế các Bộ, ngành") is not None and not head_of("Y tế các Bộ, ngành").specific
    assert head_of("Thư ký hội đồng thi") is not None
    assert names_places("UBND các xã Mỹ Hiệp, Mỹ Long")
    assert not names_places("UBND các xã, phường, thị trấn")
    assert not names_places("các trường Đại học")


HEAD = """{issuer}
Số: 215/{code}
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Cần Thơ, ngày 10 tháng 3 năm 2026
{kind}
{kinh_gui}
{body}
Nơi nhận:
- Như trên;
- Lưu: VT.
"""


def _tasks(body: str, issuer: str, code: str, kind: str, addressees: list[str]) -> list[dict[str, Any]]:
    recipients = [{"name": n, "kind": "kinh_gui", "purpose": None} for n in addressees]
    kinh_gui = "Kính gửi:\n" + "\n".join(f"- {n};" for n in addressees) if addressees else ""
    context = Context(issued_date=date(2026, 3, 10), known={"recipients": recipients})
    text = HEAD.format(issuer=issuer, code=code, kind=kind, kinh_gui=kinh_gui, body=body)
    return [c.value for c in extract(text, context).candidates]


def _who(tasks: list[dict[str, Any]], words: str) -> list[str]:
    found = [t for t in tasks if words in t["text"]]
    assert len(found) == 1, [t["text"] for t in tasks]
    return found[0]["assignees"]


def test_the_items_own_sector_subject_wins_over_the_lead_in() -> None:
    body = (
        "Bộ Y tế đề nghị các đơn vị khẩn trương triển khai các nội dung sau:\n"
        "1. Sở Y tế các tỉnh, thành phố tăng cường giám sát bệnh tay chân miệng tại trường mầm non.\n"
        "2. Y tế các Bộ, ngành chủ động tổ chức tiêm chủng cho cán bộ thuộc quyền quản lý.\n"
    )
    tasks = _tasks(body, "BỘ Y TẾ", "BYT-DP", "", ["Sở Y tế các tỉnh, thành phố", "Y tế các Bộ, ngành"])
    assert _who(tasks, "tiêm chủng") == ["Y tế các Bộ, ngành"]


def test_a_role_sentence_with_a_duty_keeps_its_subject_inside_an_article() -> None:
    body = (
        "QUYẾT ĐỊNH\n"
        "Điều 1. Thành lập Tổ công tác rà soát hồ sơ đất đai của thành phố.\n"
        "Điều 2. Nhiệm vụ của Tổ công tác\n"
        "1. Rà soát hồ sơ giao đất, cho thuê đất giai đoạn 2015 - 2025, báo cáo trước ngày 30/6/2026.\n"
        "2. Sở Nông nghiệp và Môi trường là cơ quan thường trực của Tổ công tác, có trách nhiệm bố trí"
        " nơi làm việc và kinh phí hoạt động của Tổ công tác.\n"
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.\n"
    )
    tasks = _tasks(body, "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ", "QĐ-UBND", "", [])
    assert _who(tasks, "bố trí nơi làm việc") == ["Sở Nông nghiệp và Môi trường"]
    assert _who(tasks, "Rà soát hồ sơ giao đất") == ["Tổ công tác"]


def test_a_colon_label_of_people_and_units_is_the_assignee() -> None:
    body = (
        "Nhà trường phân công thực hiện kỳ thi thử như sau:\n"
        "1. Tổ trưởng chuyên môn: Duyệt đề thi thử các môn, nộp về Ban Giám hiệu trước ngày 20/3/2026.\n"
        "2. Thư ký hội đồng và bộ phận văn phòng: In sao đề thi, chuẩn bị phòng thi và hồ sơ thi.\n"
        "3. Văn thư: Phát hành thông báo lịch thi đến phụ huynh học sinh.\n"
    )
    tasks = _tasks(body, "TRƯỜNG THPT CHÂU VĂN LIÊM", "KH-THPT", "KẾ HOẠCH", [])
    assert _who(tasks, "In sao đề thi") == ["Thư ký hội đồng và bộ phận văn phòng"]
    assert _who(tasks, "Phát hành thông báo") == ["Văn thư"]


def test_a_named_partner_of_places_is_also_an_assignee() -> None:
    body = (
        "Ủy ban nhân dân huyện giao nhiệm vụ như sau:\n"
        "1. Giao Ban Quản lý dự án đầu tư xây dựng huyện chủ trì, phối hợp với UBND các xã Mỹ Hiệp,"
        " Mỹ Long tổ chức kiểm đếm, hoàn thành trước ngày 15/4/2026.\n"
        "2. Giao Phòng Kinh tế chủ trì, phối hợp với UBND các xã, thị trấn rà soát diện tích lúa bị thiệt hại.\n"
    )
    tasks = _tasks(body, "ỦY BAN NHÂN DÂN\nHUYỆN CAO LÃNH", "UBND-KT", "", ["Các cơ quan, đơn vị"])
    assert _who(tasks, "kiểm đếm") == [
        "Ban Quản lý dự án đầu tư xây dựng huyện",
        "UBND các xã Mỹ Hiệp, Mỹ Long",
    ]
    # a category of places ("các xã, thị trấn") is supporting only (gold guide)
    assert _who(tasks, "diện tích lúa") == ["Phòng Kinh tế"]


def test_a_role_parenthesis_after_the_subject_of_a_plan_item() -> None:
    body = (
        "III. TỔ CHỨC THỰC HIỆN\n"
        "1. Công an tỉnh (Cơ quan thường trực Ban Chỉ đạo Đề án 06 tỉnh) chủ trì, theo dõi, đôn đốc việc"
        " thực hiện Kế hoạch; báo cáo UBND tỉnh trước ngày 25 hằng tháng.\n"
    )
    tasks = _tasks(body, "ỦY BAN NHÂN DÂN\nTỈNH HẬU GIANG", "KH-UBND", "KẾ HOẠCH", [])
    assert _who(tasks, "theo dõi, đôn đốc") == ["Công an tỉnh"]


def test_sector_and_force_subjects_win_over_the_lead_in() -> None:
    body = (
        "Ủy ban nhân dân tỉnh đề nghị các đơn vị triển khai các nội dung sau:\n"
        "1. Lực lượng Công an các cấp tăng cường tuần tra, kiểm soát trên các tuyến giao thông.\n"
        "2. Quân đội, Công an, dân quân tự vệ sẵn sàng lực lượng, phương tiện ứng cứu.\n"
        "3. Ngành Y tế chủ động chuẩn bị thuốc, vật tư, trang thiết bị cấp cứu.\n"
        "4. Các đơn vị còn lại chủ động phương án bảo đảm an toàn cho trụ sở.\n"
    )
    tasks = _tasks(body, "ỦY BAN NHÂN DÂN\nTỈNH HẬU GIANG", "UBND-NC", "", ["Các sở, ban, ngành"])
    assert _who(tasks, "tuần tra") == ["Lực lượng Công an các cấp"]
    assert _who(tasks, "phương tiện ứng cứu") == ["Quân đội", "Công an", "dân quân tự vệ"]
    assert _who(tasks, "trang thiết bị") == ["Ngành Y tế"]
    assert _who(tasks, "trụ sở") == ["Các đơn vị còn lại"]
