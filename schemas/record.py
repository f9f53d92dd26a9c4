"""The record every document becomes (../shared/spec/output-contract.md, schema_version "1").

Field names are a public interface read by other tools and the evaluation: extend, never rename.
Each field read from the text carries its `FieldMeta` (schemas/meta.py): label, kind, header,
scoring; schemas/fields.py derives the field table from it, so a new field is declared here only.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from congvan.schemas.meta import MULTISET, VALUE, Compare, FieldMeta, Kind

SCHEMA_VERSION = "1"

IsoDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]
IsoDateTime = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$")]
IsoDuration = Annotated[str, StringConstraints(pattern=r"^P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]


class TextOrigin(StrEnum):
    TEXT_LAYER = "text_layer"
    OCR = "ocr"
    DOCX = "docx"
    PLAIN_TEXT = "plain_text"


class PageTextOrigin(StrEnum):
    """Where one page's text came from, and whether noisy text was repaired as OCR output is."""

    TEXT_LAYER = "text_layer"
    TEXT_LAYER_REPAIRED = "text_layer_repaired"
    OCR = "ocr"
    DOCX = "docx"
    DOCX_REPAIRED = "docx_repaired"
    PLAIN_TEXT = "plain_text"
    PLAIN_TEXT_REPAIRED = "plain_text_repaired"


class DocumentType(StrEnum):
    """Types of văn bản hành chính, Nghị định 30/2020/NĐ-CP Phụ lục III."""

    NGHI_QUYET = "nghi_quyet"
    QUYET_DINH = "quyet_dinh"
    CHI_THI = "chi_thi"
    QUY_CHE = "quy_che"
    QUY_DINH = "quy_dinh"
    THONG_CAO = "thong_cao"
    THONG_BAO = "thong_bao"
    HUONG_DAN = "huong_dan"
    CHUONG_TRINH = "chuong_trinh"
    KE_HOACH = "ke_hoach"
    PHUONG_AN = "phuong_an"
    DE_AN = "de_an"
    DU_AN = "du_an"
    BAO_CAO = "bao_cao"
    BIEN_BAN = "bien_ban"
    TO_TRINH = "to_trinh"
    HOP_DONG = "hop_dong"
    CONG_VAN = "cong_van"
    CONG_DIEN = "cong_dien"
    BAN_GHI_NHO = "ban_ghi_nho"
    BAN_THOA_THUAN = "ban_thoa_thuan"
    GIAY_UY_QUYEN = "giay_uy_quyen"
    GIAY_MOI = "giay_moi"
    GIAY_GIOI_THIEU = "giay_gioi_thieu"
    GIAY_NGHI_PHEP = "giay_nghi_phep"
    PHIEU_GUI = "phieu_gui"
    PHIEU_CHUYEN = "phieu_chuyen"
    PHIEU_BAO = "phieu_bao"
    THU_CONG = "thu_cong"
    OTHER = "other"


class Urgency(StrEnum):
    KHAN = "khan"
    THUONG_KHAN = "thuong_khan"
    HOA_TOC = "hoa_toc"


class Secrecy(StrEnum):
    MAT = "mat"
    TOI_MAT = "toi_mat"
    TUYET_MAT = "tuyet_mat"


class RecipientKind(StrEnum):
    KINH_GUI = "kinh_gui"
    NOI_NHAN = "noi_nhan"


class Authority(StrEnum):
    KT = "KT"
    TL = "TL"
    TM = "TM"
    Q = "Q"
    TUQ = "TUQ"


class RecordStatus(StrEnum):
    COMPLETE = "complete"
    PARTIAL = "partial"
    NEEDS_OCR = "needs_ocr"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


Fraction = Annotated[float, Field(ge=0, le=1)]


class Box(_Model):
    """Where one printed line of a span is on its page, as fractions of the page (top-left origin)."""

    page: int = Field(ge=1, description="1-based page the box is on.")
    x0: Fraction = Field(description="Left edge, as a fraction of the page width.")
    y0: Fraction = Field(description="Top edge, as a fraction of the page height.")
    x1: Fraction = Field(description="Right edge, as a fraction of the page width.")
    y1: Fraction = Field(description="Bottom edge, as a fraction of the page height.")


class Span(_Model):
    start: int = Field(ge=0, description="Offset of the first character in the extracted text.")
    end: int = Field(ge=0, description="Offset one past the last character in the extracted text.")
    page: int | None = Field(default=None, ge=1, description="1-based page the span starts on, where known.")
    boxes: list[Box] | None = Field(
        default=None,
        description="Page boxes of the span, one per printed line it covers, from the word boxes of the text "
        "layer or of OCR at extraction time; null when the text has no page layout (DOCX, plain text).",
        examples=[[{"page": 1, "x0": 0.1123, "y0": 0.1402, "x1": 0.3311, "y1": 0.1567}]],
    )


class PageSize(_Model):
    """A page's size in its own units (PDF points or image pixels): its aspect ratio for a viewer."""

    width: float = Field(gt=0, description="Page width (PDF points or image pixels).")
    height: float = Field(gt=0, description="Page height, in the same unit as the width.")


class Source(_Model):
    path: str = Field(description="Path of the input file as given.", examples=["inbox/cv-4515.pdf"])
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="Hex SHA-256 of the file bytes.")
    media_type: str = Field(description="Media type detected from the bytes.", examples=["application/pdf"])
    pages: int = Field(ge=0, description="Number of pages (1 for plain text).")
    text_origin: TextOrigin = Field(description="Where the text came from; `ocr` if any page was OCRed.")
    ocr_confidence: float | None = Field(
        default=None, ge=0, le=1, description="Mean OCR word confidence over OCRed pages, 0–1; null without OCR."
    )
    page_ocr_confidence: list[float | None] = Field(
        default_factory=list, description="Per-page OCR confidence (null for pages read from a text layer)."
    )
    page_text_origin: list[PageTextOrigin] = Field(
        default_factory=list,
        description="Per-page origin of the text: `ocr` also for a page whose broken text layer was read "
        "again by OCR; `*_repaired` where text another tool OCRed (marks lost) went through the OCR repair.",
        examples=[["text_layer", "ocr", "text_layer_repaired"]],
    )
    extra_files: list[str] = Field(
        default_factory=list, description="Further files read as later pages of the same document."
    )
    text_sha256: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{64}$",
        description="Hex SHA-256 of the extracted text the evidence spans point into: a viewer that reads "
        "the file again can tell whether its text is still the one the spans were taken from.",
    )
    page_sizes: list[PageSize | None] = Field(
        default_factory=list,
        description="Size of each page where it has one (null for DOCX and plain-text pages), so the "
        "evidence boxes can be drawn on a page frame of the right shape without the original file.",
    )


class Recipient(_Model):
    name: NonEmpty = Field(description="Recipient as printed, without leading '- ' and trailing ';'.")
    kind: RecipientKind = Field(description="`kinh_gui` for the 'Kính gửi' block, `noi_nhan` for 'Nơi nhận'.")
    purpose: str | None = Field(default=None, description="Parenthesised purpose in full words, e.g. 'để báo cáo'.")
    address: str | None = Field(default=None, description="Postal address printed with a private recipient.")


class Reference(_Model):
    kind: str | None = Field(description="Type slug of the cited document (plus luat, nghi_dinh, thong_tu …).")
    number: str | None = Field(description="Number and symbol normalised like `number`.", examples=["01/KH-VKSTC"])
    date: IsoDate | None = Field(default=None, description="Date of the cited document, ISO.")
    text: str = Field(description="The citation as printed.")
    evidence: Span | None = Field(default=None, description="Where the citation is in the extracted text.")


class Deadline(_Model):
    date: IsoDate | None = Field(description="Due date, ISO; null for a periodic duty without a first due date.")
    text: str = Field(description="The deadline phrase as printed.")
    recurrence: IsoDuration | None = Field(default=None, description="ISO-8601 duration of a periodic duty.")
    time: str | None = Field(default=None, description="Time of day HH:MM when printed ('trước 14 giờ 00').")
    next_due: IsoDate | None = Field(
        default=None,
        description="For a periodic duty with a due day each period ('trước ngày 25 hằng tháng'): the next "
        "such day after the issue date, ISO; `date` stays null (no first due date is printed).",
    )


class Task(_Model):
    text: NonEmpty = Field(description="The directive's own first one to three sentences.")
    assignees: list[str] = Field(default_factory=list, description="Bodies or people who must act, as printed.")
    lead: list[str] = Field(default_factory=list, description="The body that leads (chủ trì).")
    supporting: list[str] = Field(default_factory=list, description="Bodies that support (phối hợp).")
    deadline: Deadline | None = Field(default=None, description="When the duty is due.")
    evidence: Span = Field(description="Character span of the task in the extracted text.")


class Event(_Model):
    title: str = Field(description="What the meeting is.")
    start: IsoDateTime | IsoDate | None = Field(description="Local date-time (no zone) the meeting starts.")
    end: IsoDateTime | IsoDate | None = Field(default=None, description="Local date-time it ends, if printed.")
    place: str | None = Field(default=None, description="Where, as printed.")
    attendees: list[str] = Field(default_factory=list, description="Who attends, as printed.")
    evidence: Span = Field(description="Character span of the event in the extracted text.")


class Signer(_Model):
    name: str | None = Field(description="Signer's name as printed.")
    title: str | None = Field(description="The signer's own title line.")
    authority: Authority | None = Field(default=None, description="KT, TL, TM, Q, TUQ (innermost prefix) or null.")
    on_behalf_of: str | None = Field(default=None, description="The line the innermost prefix governs.")
    signature_block: str | None = Field(default=None, description="The whole signature block as printed.")
    other_titles: list[str] = Field(
        default_factory=list, description="Further title lines of the signer (a second office held), as printed."
    )
    rank: str | None = Field(default=None, description="Military or police rank printed before the name.")


class Arrival(_Model):
    """What the receiving stamp (dấu đến) says: the arrival number and date written into it. A
    proposal beside the number the tracker assigns (its own register stays gap-free)."""

    number: str | None = Field(default=None, description="Số đến written in the stamp.", examples=["2352"])
    date: IsoDate | None = Field(default=None, description="Ngày đến written in the stamp, ISO.")
    confidence: float = Field(ge=0, le=1, description="How sure the reading is (handwriting read by OCR).")
    evidence: Span = Field(description="Character span of the stamp in the extracted text.")


class Record(_Model):
    """One dispatch → one record."""

    schema_version: str = Field(default=SCHEMA_VERSION, description="Contract version, '1'.")
    source: Source = Field(description="The input file this record was made from.")
    is_dispatch: Annotated[
        bool,
        FieldMeta("Là văn bản hành chính", Kind.SCALAR, 20, header=True, scores=VALUE),
    ] = Field(description="False for text that is not an official document (news, web page).")
    document_type: Annotated[
        DocumentType,
        FieldMeta("Loại văn bản", Kind.SCALAR, 10, header=True, scores=VALUE),
    ] = Field(description="Slug of the document type (Nghị định 30, Phụ lục III).")
    urgency: Annotated[
        Urgency | None,
        FieldMeta("Độ khẩn", Kind.SCALAR, 30, header=True, dispatch_only=True, scores=VALUE),
    ] = Field(default=None, description="Độ khẩn as printed or stamped.")
    secrecy: Annotated[
        Secrecy | None,
        FieldMeta("Độ mật", Kind.SCALAR, 40, header=True, dispatch_only=True, scores=VALUE),
    ] = Field(default=None, description="Độ mật as printed or stamped.")
    number: Annotated[
        str | None,
        FieldMeta("Số, ký hiệu", Kind.SCALAR, 50, header=True, dispatch_only=True, core=True, scores=VALUE),
    ] = Field(
        default=None, pattern=r"^[^\s*]+$", description="Số và ký hiệu without label or spaces.",
        examples=["4515/VKSTC-T5"],
    )
    issued_place: Annotated[
        str | None,
        FieldMeta("Địa danh", Kind.SCALAR, 60, header=True, scores=VALUE),
    ] = Field(default=None, description="Place from the place–date line.")
    issued_date: Annotated[
        IsoDate | None,
        FieldMeta("Ngày ban hành", Kind.SCALAR, 70, header=True, core=True, scores=VALUE),
    ] = Field(default=None, description="Date from the place–date line, ISO.")
    issuer: Annotated[
        str | None,
        FieldMeta("Cơ quan ban hành", Kind.SCALAR, 80, header=True, dispatch_only=True, core=True, scores=VALUE),
    ] = Field(default=None, description="Lowest line block of the issuing body.")
    issuer_parent: Annotated[
        str | None,
        FieldMeta("Cơ quan chủ quản", Kind.SCALAR, 90, header=True, dispatch_only=True, scores=VALUE),
    ] = Field(default=None, description="Governing body printed above the issuer.")
    subject: Annotated[
        str | None,
        FieldMeta("Trích yếu", Kind.SCALAR, 100, header=True, scores=VALUE),
    ] = Field(default=None, description="Trích yếu: text after 'V/v' or under the type title.")
    recipients: Annotated[
        list[Recipient],
        FieldMeta(
            "Nơi nhận",
            Kind.LIST,
            120,
            dispatch_only=True,
            scores=(("", Compare.MULTISET), ("purpose", Compare.MULTISET)),
        ),
    ] = Field(default_factory=list, description="Kính gửi and Nơi nhận entries.")
    archive_copies: Annotated[
        list[str],
        FieldMeta("Lưu", Kind.LIST, 130),
    ] = Field(default_factory=list, description="The 'Lưu: …' line's entries.")
    emails: Annotated[
        list[str],
        FieldMeta("Thư điện tử", Kind.LIST, 140, scores=MULTISET),
    ] = Field(default_factory=list, description="Every e-mail address, lower case, de-duplicated.")
    references: Annotated[
        list[Reference],
        FieldMeta("Văn bản được dẫn", Kind.LIST, 150, scores=MULTISET),
    ] = Field(default_factory=list, description="Other documents cited by number.")
    tasks: Annotated[
        list[Task],
        FieldMeta(
            "Nhiệm vụ",
            Kind.LIST,
            160,
            dispatch_only=True,
            scores=(
                ("", Compare.TASKS),
                ("assignees", Compare.TASKS),
                ("deadline", Compare.TASKS),
                ("deadline.all", Compare.MULTISET),
            ),
        ),
    ] = Field(default_factory=list, description="Obligations the document lays on someone.")
    events: Annotated[
        list[Event],
        FieldMeta("Cuộc họp, sự kiện", Kind.LIST, 170, scores=MULTISET),
    ] = Field(default_factory=list, description="Meetings and invitations still to come.")
    signer: Annotated[
        Signer | None,
        FieldMeta(
            "Người ký",
            Kind.NESTED,
            110,
            header=True,
            dispatch_only=True,
            scores=tuple((part, Compare.VALUE) for part in ("name", "title", "authority", "on_behalf_of")),
        ),
    ] = Field(default=None, description="Who signed, with the signing prefix.")
    arrival: Annotated[
        Arrival | None,
        # the receiving office's stamp, in the header area of a scan
        FieldMeta(
            "Số đến, ngày đến (dấu đến)",
            Kind.NESTED,
            115,
            header=True,
            scores=tuple((part, Compare.VALUE) for part in ("number", "date")),
        ),
    ] = Field(default=None, description="The receiving stamp's arrival number and date, when the scan carries one.")
    evidence: dict[str, Span] = Field(default_factory=dict, description="Span of each header field found.")
    warnings: list[str] = Field(default_factory=list, description="Human-readable notes on doubtful fields.")
    status: RecordStatus = Field(
        default=RecordStatus.COMPLETE,
        description="complete: core header fields found; partial: some missing or doubtful (see warnings); "
        "needs_ocr: image-only pages were not OCRed, so no field was read.",
    )
    extractor_version: str | None = Field(default=None, description="Version of congvan that made the record.")
    needs_review: bool = Field(
        default=False,
        description="No header field was read (number, issuer, date, place, subject, signer) and the type "
        "is 'other': a clerk should look at the original (a scan turned the wrong way, a photo of something else).",
    )


def json_schema() -> dict[str, object]:
    """The JSON Schema of `Record`, as committed in schemas/record.schema.json."""
    schema = Record.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://congvan.local/schemas/record-v1.json"
    return schema
