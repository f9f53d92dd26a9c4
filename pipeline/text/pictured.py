"""Text a PDF draws as pictures on a text-layer page.

E-office systems (hệ thống quản lý văn bản điều hành) number and date a signed document after
signing: the clerk's stamp puts the number and the day into the blanks the drafter left ("Số:
[1234]/SGDĐT-VP", "Hà Nội, ngày [21] tháng [8] năm 2025") as small pictures, so the text layer
still reads "Số: /SGDĐT-VP". Such a picture sits in the header of the first page (Nghị định
30/2020, Phụ lục I, ô 3 and ô 4) and is a line high; it is read by OCR and its words join the
layer's words at its place, so the header reads as the page shows it. Logos, seals and signature
images are taller than a line and are left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from statistics import median
from typing import Any

import regex

from congvan.pipeline.document import Word
from congvan.pipeline.settings import Settings

Box = tuple[float, float, float, float]  # x0, top, x1, bottom; page coordinates, origin top-left

# The header of a first page: number, place and date lie in its upper part (ô 3, ô 4).
HEADER_ZONE = 0.45
# A picture of a line of text is about as high as the words around it; the number of a party
# document's stamp ("Số 21-HD/BTCTU") may be set larger: up to this many word heights.
LINE_HEIGHT_MIN, LINE_HEIGHT_MAX = 0.5, 3.0
# A picture wider than this share of the page is a banner or a ruled strip, not a stamped field.
MAX_WIDTH_SHARE = 0.6
# A picture under words (a background, a watermark) is no stamped text.
MAX_WORDS_INSIDE = 1
# Pictures read per page at most: a header carries a number, a day, a month and a year.
MAX_PICTURES = 6
# Below this mean OCR confidence the reading is a guess (a logo, a flourish): dropped.
MIN_CONFIDENCE = 60.0
# A word this many line heights away or nearer, level with the picture, is the picture's neighbour
# on its line.
NEIGHBOUR_GAP = 2.0

# A picture of the whole number line, its label read with a slip: "SI: 1234/5SGDĐT-VP", "S6: 12/…".
NUMBER_LABEL_READ = regex.compile(r"^S[^\s:]{0,2}:\s*(?=\d)")

PICTURES_READ = "Trang {page}: số/ngày đóng dạng ảnh trên lớp chữ, đã đọc bằng OCR: {texts}"
PICTURES_UNREAD = "Trang {page}: có chữ dạng ảnh ở phần đầu văn bản nhưng không đọc được ({why})"


def picture_boxes(words: Sequence[Word], images: Sequence[Box], height: float, width: float) -> list[Box]:
    """The pictures of a page's header that are a line of text high, top to bottom."""
    heights = [w.bottom - w.top for w in words if w.text.strip() and w.bottom > w.top]
    if not heights:
        return []  # a page without a text layer is a scan: OCR reads all of it
    line = median(heights)
    chosen = []
    for box in images:
        x0, top, x1, bottom = box
        h = bottom - top
        if bottom > HEADER_ZONE * height or not LINE_HEIGHT_MIN * line <= h <= LINE_HEIGHT_MAX * line:
            continue
        if x1 - x0 > MAX_WIDTH_SHARE * width or x1 <= x0:
            continue
        inside = sum(1 for w in words if x0 <= (w.x0 + w.x1) / 2 <= x1 and top <= (w.top + w.bottom) / 2 <= bottom)
        if inside > MAX_WORDS_INSIDE:
            continue
        chosen.append(box)
    chosen.sort(key=lambda b: (b[1], b[0]))
    return chosen[:MAX_PICTURES]


def read_pictures(
    boxes: Sequence[Box], image_of: Callable[[Box], Any], engine: Any, settings: Settings,
    words: Sequence[Word] = (),
) -> list[Word]:
    """One word per picture that OCR reads as text with confidence, placed at the picture and set
    level with its neighbours on the line (`words`)."""
    found = []
    for box in boxes:
        text, confidence = engine.read_line(image_of(box), settings.ocr_lang, settings.page_timeout_s)
        text = NUMBER_LABEL_READ.sub("Số: ", text.strip())
        if confidence < MIN_CONFIDENCE or not any(ch.isalnum() for ch in text):
            continue
        found.append(_level(Word(text, box[0], box[1], box[2], box[3], confidence=confidence / 100), words))
    return found


def _level(picture: Word, words: Sequence[Word]) -> Word:
    """The picture's word with the top and bottom of its nearest neighbour on the line: an inline
    picture stands on the baseline and rises above the letters ("ngày [17] tháng"), and its taller
    box would join it to a line of the other header column."""
    h = picture.bottom - picture.top

    def gap(w: Word) -> float:
        return max(w.x0 - picture.x1, picture.x0 - w.x1, 0.0)

    level = [
        w
        for w in words
        if w.text.strip()
        and picture.top <= (w.top + w.bottom) / 2 <= picture.bottom
        and gap(w) <= NEIGHBOUR_GAP * min(h, w.bottom - w.top)
    ]
    if not level:
        return picture
    nearest = min(level, key=gap)
    return Word(picture.text, picture.x0, nearest.top, picture.x1, nearest.bottom, picture.confidence)
