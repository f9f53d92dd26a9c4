"""A photographed sheet made flat: the page as a phone takes it lies on a desk, askew and in
perspective; the sheet's four corners are found against the darker surround and the sheet is
warped to a rectangle before recognition (what a scanning app does). Word boxes read on the flat
sheet are mapped back to the photo, so evidence lands where the clerk sees it.

A scan whose sheet fills the frame has no surround and is left as it is; so is a sheet whose outline
is not a clean four-cornered shape (a torn or folded page, a photo of a screen).

Not kept: evening out the lamp's fall-off (each pixel divided by the paper's local brightness)
after the warp: on photographed sets 18 and 19 whole headers went 4 -> 3 and 7 -> 5 of 12.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from congvan.pipeline.document import Word

# The outline is found on a copy this wide (pixels): fast, and text strokes vanish at that size.
WORK_WIDTH = 800
# The sheet covers at least this share of the frame (else what was found is not the sheet) and
# at most this share (else there is no surround: a scan, or a photo cropped to the sheet).
MIN_SHEET_SHARE, MAX_SHEET_SHARE = 0.35, 0.97
# The outline simplified to a polygon within this share of its perimeter must have four corners.
POLYGON_TOLERANCE = 0.02
# The surround is darker than the sheet by at least this much (grey levels, 0-255).
MIN_CONTRAST = 40
FLATTEN_WARNING = "Ảnh chụp tờ giấy bị nghiêng/phối cảnh; đã nắn phẳng trước khi đọc"


@dataclass(frozen=True)
class Flattened:
    image: Image.Image
    to_photo: np.ndarray  # 3x3 homography from the flat sheet's pixels to the photo's

    def back(self, words: Sequence[Word]) -> tuple[Word, ...]:
        """Word boxes on the flat sheet, as boxes on the photo (the box around the mapped corners)."""
        if not words:
            return ()
        corners = np.array(
            [[(w.x0, w.top), (w.x1, w.top), (w.x1, w.bottom), (w.x0, w.bottom)] for w in words], dtype=np.float64
        ).reshape(-1, 1, 2)
        mapped = cv2.perspectiveTransform(corners, self.to_photo).reshape(-1, 4, 2)
        out = []
        for w, m in zip(words, mapped, strict=True):
            xs, ys = m[:, 0], m[:, 1]
            out.append(Word(w.text, float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()), w.confidence))
        return tuple(out)


def sheet_corners(image: Image.Image) -> np.ndarray | None:
    """The sheet's corners (top-left, top-right, bottom-right, bottom-left) in the photo's pixels,
    or None when the frame shows no sheet against a darker surround."""
    gray = np.asarray(image.convert("L"))
    scale = WORK_WIDTH / gray.shape[1]
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    scale = min(scale, 1.0)
    blurred = cv2.GaussianBlur(small, (7, 7), 0)
    threshold, mask = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    outline = max(contours, key=cv2.contourArea)
    share = cv2.contourArea(outline) / float(mask.shape[0] * mask.shape[1])
    if not MIN_SHEET_SHARE <= share <= MAX_SHEET_SHARE:
        return None
    inside = blurred[mask > 0]
    outside = blurred[mask == 0]
    if not outside.size or float(np.median(inside)) - float(np.median(outside)) < MIN_CONTRAST:
        return None
    polygon = cv2.approxPolyDP(outline, POLYGON_TOLERANCE * cv2.arcLength(outline, True), True)
    if len(polygon) != 4 or not cv2.isContourConvex(polygon):
        return None
    points = polygon.reshape(4, 2).astype(np.float64) / scale
    total = points.sum(axis=1)
    diff = np.diff(points, axis=1).ravel()
    return np.array(
        [points[np.argmin(total)], points[np.argmin(diff)], points[np.argmax(total)], points[np.argmax(diff)]]
    )


def flatten(image: Image.Image) -> Flattened | None:
    """The sheet warped flat, or None when the image is not a photographed sheet (see sheet_corners)."""
    corners = sheet_corners(image)
    if corners is None:
        return None
    tl, tr, br, bl = corners
    width = int(round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))))
    height = int(round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))))
    target = np.array([(0, 0), (width - 1, 0), (width - 1, height - 1), (0, height - 1)], dtype=np.float64)
    to_flat = cv2.getPerspectiveTransform(corners.astype(np.float32), target.astype(np.float32))
    rgb = np.asarray(image.convert("RGB"))
    flat = cv2.warpPerspective(rgb, to_flat, (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    return Flattened(Image.fromarray(flat), np.linalg.inv(to_flat))
