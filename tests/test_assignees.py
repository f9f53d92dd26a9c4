"""Assignees by class of sentence, on lines as real dispatches print them (corpus-real-2 tuning
half and the first corpus): where a name ends, how a list splits, and who a directive goes to when
its heading or an honorific names the body."""

from __future__ import annotations

from datetime import date

import pytest

from congvan.extractors.base import Context
from congvan.extractors.obligations.pipeline import assignees_of
from congvan.extractors.tasks import extract


@pytest.mark.parametrize(
    ("phrase", "names"),
    [
        pytest.param(
            "Các cơ sở, doanh nghiệp cung cấp dịch vụ đào tạo CNTT: Tích cực, chủ động xây dựng các chương trình",
            ["Các cơ sở, doanh nghiệp cung cấp dịch vụ đào tạo CNTT"],
            id="bare-noun-shares-a-short-collective",
        ),
        pytest.param(
            "các Khoa, Phòng, Trung tâm trực thuộc bệnh viện tăng cường kiểm tra",
            ["các Khoa, Phòng, Trung tâm trực thuộc bệnh viện"],
            id="one-cac-over-kinds-of-units-naming-none",
        ),
        pytest.param(
            "các Phòng, Trung tâm Y tế huyện triển khai",
            ["các Phòng", "Trung tâm Y tế huyện"],
            id="a-kind-with-its-name-is-a-body-of-its-own",
        ),
        pytest.param(
            "các Sở, UBND các huyện triển khai",
            ["các Sở", "UBND các huyện"],
            id="an-abbreviated-body-after-a-kind-is-its-own",
        ),
        pytest.param(
            "Văn phòng HĐND và UBND thành phố, Văn phòng Đoàn ĐBQH và HĐND tỉnh chuẩn bị",
            ["Văn phòng HĐND và UBND thành phố", "Văn phòng Đoàn ĐBQH và HĐND tỉnh"],
            id="the-office-of-two-councils-is-one-body",
        ),
        pytest.param(
            "BHXH tỉnh Hải Dương, KBNN huyện Gia Lộc rà soát hồ sơ",
            ["BHXH tỉnh Hải Dương", "KBNN huyện Gia Lộc"],
            id="abbreviated-bodies-open-names",
        ),
        pytest.param(
            # 16 gold records of 13 writers (the first corpus's 004 among them) name the two apart
            "Ủy ban MTTQ Việt Nam huyện và các đoàn thể chính trị - xã hội huyện vận động nhân dân",
            ["Ủy ban MTTQ Việt Nam huyện", "các đoàn thể chính trị - xã hội huyện"],
            id="the-front-and-its-member-organisations-are-two-addressees",
        ),
        pytest.param(
            "Giám đốc, Thủ trưởng các sở, ban, ngành tỉnh trực tiếp chỉ đạo việc số hóa hồ sơ",
            ["Giám đốc, Thủ trưởng các sở, ban, ngành tỉnh"],
            id="a-bare-title-shares-the-bodies-of-the-next",
        ),
        pytest.param(
            "Ủy ban MTTQ Việt Nam tỉnh, Tỉnh đoàn và các tổ chức chính trị - xã hội tuyên truyền",
            ["Ủy ban MTTQ Việt Nam tỉnh", "Tỉnh đoàn", "các tổ chức chính trị - xã hội"],
            id="in-a-list-the-organisations-stand-apart",
        ),
        pytest.param(
            "Các doanh nghiệp cung cấp máy tính: Cài đặt các phần mềm nêu trên vào các máy tính",
            ["Các doanh nghiệp cung cấp máy tính"],
            id="item-label-up-to-its-colon",
        ),
        pytest.param(
            "Sở Y tế chủ trì, phối hợp với các đơn vị: Rà soát danh mục thuốc",
            ["Sở Y tế"],
            id="label-that-shares-the-work-is-no-name",
        ),
        pytest.param(
            "các Sở Thông tin và Truyền thông (Sở TT&TT) của các tỉnh, thành phố trực thuộc Trung ương"
            " (sau đây gọi là tỉnh, thành phố) thực hiện",
            ["các Sở Thông tin và Truyền thông (Sở TT&TT) của các tỉnh, thành phố trực thuộc Trung ương"],
            id="defining-parenthesis-closes-the-name",
        ),
        pytest.param(
            "Ban Thường vụ Tỉnh ủy, Thành ủy lãnh đạo, chỉ đạo việc rà soát",
            ["Ban Thường vụ Tỉnh ủy, Thành ủy"],
            id="party-committees-of-both-levels-share-the-head",
        ),
        pytest.param(
            "Sinh viên có nhu cầu lưu trú tại Ký túc xá trước thời điểm học tập trung nêu trên, cần trực tiếp"
            " liên hệ với Tổ Quản lý Ký túc xá",
            ["Sinh viên có nhu cầu lưu trú tại Ký túc xá"],
            id="people-group-ends-before-a-time-adjunct",
        ),
        pytest.param(
            "Trường Đại học Ngoại ngữ kính đề nghị Quý Trường thông báo cho các thí sinh",
            ["Trường Đại học Ngoại ngữ"],
            id="asker-name-ends-at-its-request",
        ),
        pytest.param(
            "Sở Khoa học và Công nghệ, Bưu điện tỉnh Hà Tĩnh phối hợp hỗ trợ doanh nghiệp",
            ["Sở Khoa học và Công nghệ", "Bưu điện tỉnh Hà Tĩnh"],
            id="postal-and-power-bodies-open-a-name",
        ),
        pytest.param(
            "Phòng Thanh tra, giám sát ngân hàng theo dõi, đôn đốc các tổ chức tín dụng",
            ["Phòng Thanh tra, giám sát ngân hàng"],
            id="state-bank-department-with-a-comma",
        ),
        pytest.param(
            "Phòng Tài chính - Kế toán cân đối nguồn kinh phí mua sắm",
            ["Phòng Tài chính - Kế toán"],
            id="name-ends-at-can-doi",
        ),
        pytest.param(
            "Công an xã Tân Phú chuyển hồ sơ vụ việc cho Cơ quan điều tra",
            ["Công an xã Tân Phú"],
            id="name-ends-at-chuyen-ho-so",
        ),
        pytest.param(
            "Giảng viên hướng dẫn có trách nhiệm theo dõi tiến độ",
            ["Giảng viên hướng dẫn"],
            id="a-role-named-by-its-verb-stays-whole",
        ),
    ],
)
def test_where_names_end_and_split(phrase: str, names: list[str]) -> None:
    assert assignees_of(phrase) == names


HEAD = """ỦY BAN NHÂN DÂN
THÀNH PHỐ HỒ CHÍ MINH
Số: 4240/UBND-VX
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Thành phố Hồ Chí Minh, ngày 28 tháng 11 năm 2025
Kính gửi: {addressee}
{body}
Nơi nhận:
- Như trên;
- Lưu: VT.
"""


def _assignees(body: str, words: str, addressee: str = "Các sở, ban, ngành") -> list[str]:
    context = Context(
        issued_date=date(2025, 11, 28),
        known={"recipients": [{"name": addressee, "kind": "kinh_gui", "purpose": None}]},
    )
    tasks = [c.value for c in extract(HEAD.format(addressee=addressee, body=body), context).candidates]
    found = [t for t in tasks if words in t["text"]]
    assert len(found) == 1, [t["text"] for t in tasks]
    return found[0]["assignees"]


@pytest.mark.parametrize(
    ("body", "words", "names"),
    [
        pytest.param(
            "Chủ tịch Ủy ban nhân dân Thành phố có ý kiến chỉ đạo như sau:\n"
            "1. Giao người đứng đầu các cơ quan chuyên môn, cơ quan hành chính khác, các\n"
            "đơn vị sự nghiệp công lập trực thuộc Ủy ban nhân dân Thành phố; Chủ tịch\n"
            "Ủy ban nhân dân các xã, phường, thị trấn\n"
            "- Tiếp tục triển khai việc cập nhật cơ sở dữ liệu của toàn bộ cán bộ, công\n"
            "chức, viên chức trên hệ thống quản lý cơ sở dữ liệu của Thành phố.\n"
            "- Thường xuyên kiểm tra, đôn đốc việc cập nhật dữ liệu; kịp thời chấn chỉnh\n"
            "các tổ chức, cá nhân không thực hiện đúng các chỉ đạo.\n"
            "2. Giao Sở Nội vụ\n"
            "- Hướng dẫn, theo dõi tiến độ cập nhật dữ liệu của các cơ quan, đơn vị.\n",
            "Thường xuyên kiểm tra",
            [
                "người đứng đầu các cơ quan chuyên môn, cơ quan hành chính khác, các đơn vị sự nghiệp công"
                " lập trực thuộc Ủy ban nhân dân Thành phố",
                "Chủ tịch Ủy ban nhân dân các xã, phường, thị trấn",
            ],
            id="giao-heading-without-verb-names-its-items-bodies",
        ),
        pytest.param(
            "Bộ Thông tin và Truyền thông đề nghị:\n"
            "a) Thủ  trưởng  các  cơ  quan,  đơn  vị  thuộc  Bộ,  Thủ  trưởng  các  đơn  vị\n"
            "chuyên trách về CNTT của các Bộ, ngành chỉ đạo triển khai cài đặt các phần mềm.\n",
            "chỉ đạo triển khai",
            ["Thủ trưởng các cơ quan, đơn vị thuộc Bộ", "Thủ trưởng các đơn vị chuyên trách về CNTT của các Bộ, ngành"],
            id="justified-text-double-spaces-inside-a-head",
        ),
        pytest.param(
            "Nhà trường xây dựng kế hoạch tổ chức học tập sau Tết Nguyên đán, cụ thể như sau:\n"
            "1. Đối với giảng viên\n"
            "- Giảng viên tham gia giảng dạy lưu trú trên địa bàn có cấp độ dịch ở cấp độ 4 thì\n"
            "thực hiện giảng dạy trực tuyến.\n"
            "2. Đối với sinh viên\n"
            "- Sinh viên cư trú trên địa bàn có cấp độ dịch ở cấp độ 1, 2 hoặc 3 phải đến trường\n"
            "học tập trực tiếp. Sinh viên học trực tiếp tại trường phải tuân thủ:\n"
            "+ Khai báo, cung cấp chính xác thông tin dịch tễ cho Nhà trường và địa phương;\n"
            "+ Tuân thủ nghiêm các quy định phòng và chống dịch Covid-19 của Bộ Y tế;\n",
            "Tuân thủ nghiêm",
            ["Sinh viên học trực tiếp tại trường"],
            id="people-group-runs-to-its-modal",
        ),
        pytest.param(
            "Trường Đại học Ngoại ngữ thông báo về việc phúc khảo kết quả kỳ thi như sau:\n"
            "1. Thời gian nộp đơn phúc khảo: Thí sinh nộp đơn phúc khảo kết quả thi từ ngày\n"
            "07/01/2022 đến ngày 17/01/2022.\n"
            "2. Đăng ký phúc khảo\n"
            "- Bước 1: Thí sinh đăng ký trực tuyến tại trang thông tin điện tử của Trường.\n"
            "- Bước 2: Thí sinh chuyển khoản lệ phí phúc khảo qua tài khoản của Trường.\n",
            "đăng ký trực tuyến",
            ["Thí sinh"],
            id="topic-label-then-subject",
        ),
        pytest.param(
            "Trường Đại học Ngoại ngữ thông báo về việc phúc khảo kết quả kỳ thi như sau:\n"
            "1. Đăng ký phúc khảo\n"
            "- Bước 1: Sau khi nhận kết quả thi, thí sinh đăng ký trực tuyến tại trang thông tin điện tử\n"
            "của Trường.\n",
            "đăng ký trực tuyến",
            ["thí sinh"],
            id="people-in-lower-case-after-an-opener-clause",
        ),
        pytest.param(
            "Nhà trường xây dựng kế hoạch tổ chức học tập sau Tết Nguyên đán, cụ thể như sau:\n"
            "1. Đối với sinh viên các khóa K18, 19, 20\n"
            "- Từ 21/02/2022: học tập trung trực tiếp tại trường.\n"
            "2. Đối với sinh viên K21\n"
            "- Từ 28/02/2022: học tập trung trực tiếp tại trường.\n",
            "Từ 28/02/2022",
            ["sinh viên K21"],
            id="doi-voi-heading-names-the-group-of-its-items",
        ),
        pytest.param(
            "Ủy ban nhân dân Thành phố có ý kiến như sau:\n"
            "1. Điều chỉnh tiến độ cấp vốn và giải ngân vốn: Giao Ban Quản lý dự án đầu tư xây dựng số 1"
            " rà soát, đề xuất điều chỉnh kế hoạch vốn năm 2026.\n",
            "Điều chỉnh tiến độ",
            ["Ban Quản lý dự án đầu tư xây dựng số 1"],
            id="topic-label-then-giao",
        ),
    ],
)
def test_who_a_directive_goes_to(body: str, words: str, names: list[str]) -> None:
    assert _assignees(body, words) == names
