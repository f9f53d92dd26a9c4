"""Rebuild extractors/data/provinces.json from the PyPI package `vietnam-provinces`.

Source: vietnam-provinces (https://github.com/sunshine-tech/VietnamProvinces, data of Tổng cục
Thống kê). Release 2025.10.1 lists the 34 provinces in force from 1 July 2025 (Nghị quyết
202/2025/QH15); release 0.6.0 lists the 63 provinces before the merger with their districts, of
which we keep only the cities (thành phố thuộc tỉnh / thuộc thành phố). The package does not
record which old provinces merged into which new one, so that table (MERGED_INTO, from Nghị
quyết 202/2025/QH15, Điều 1) lives here.

It also writes extractors/data/local_places.json: the districts before the merger and the
communes and wards from 1 July 2025, bare names, to restore the marks of a place below a province.

Run: /work/main/.venv/bin/python scripts/build_vocab.py   (downloads both wheels with pip into a
temporary folder; the runtime reads the JSON only, never the package).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

NEW_RELEASE = "2025.10.1"
OLD_RELEASE = "0.6.0"
OUT = Path(__file__).resolve().parent.parent / "extractors" / "data" / "provinces.json"

# Nghị quyết 202/2025/QH15 (12 June 2025): new province → the old provinces merged into it.
# The 11 provinces not listed kept their territory.
MERGED_INTO: dict[str, list[str]] = {
    "Tuyên Quang": ["Tuyên Quang", "Hà Giang"],
    "Lào Cai": ["Lào Cai", "Yên Bái"],
    "Thái Nguyên": ["Thái Nguyên", "Bắc Kạn"],
    "Phú Thọ": ["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"],
    "Bắc Ninh": ["Bắc Ninh", "Bắc Giang"],
    "Hưng Yên": ["Hưng Yên", "Thái Bình"],
    "Hải Phòng": ["Hải Phòng", "Hải Dương"],
    "Ninh Bình": ["Ninh Bình", "Hà Nam", "Nam Định"],
    "Quảng Trị": ["Quảng Trị", "Quảng Bình"],
    "Đà Nẵng": ["Đà Nẵng", "Quảng Nam"],
    "Quảng Ngãi": ["Quảng Ngãi", "Kon Tum"],
    "Gia Lai": ["Gia Lai", "Bình Định"],
    "Khánh Hòa": ["Khánh Hòa", "Ninh Thuận"],
    "Lâm Đồng": ["Lâm Đồng", "Đắk Nông", "Bình Thuận"],
    "Đắk Lắk": ["Đắk Lắk", "Phú Yên"],
    "Hồ Chí Minh": ["Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"],
    "Đồng Nai": ["Đồng Nai", "Bình Phước"],
    "Tây Ninh": ["Tây Ninh", "Long An"],
    "Cần Thơ": ["Cần Thơ", "Sóc Trăng", "Hậu Giang"],
    "Vĩnh Long": ["Vĩnh Long", "Bến Tre", "Trà Vinh"],
    "Đồng Tháp": ["Đồng Tháp", "Tiền Giang"],
    "Cà Mau": ["Cà Mau", "Bạc Liêu"],
    "An Giang": ["An Giang", "Kiên Giang"],
}
CITY_TYPE = "thành phố trực thuộc trung ương"
PREFIXES = ("Thành phố ", "Tỉnh ")


def _divisions(release: str, into: Path) -> list[dict[str, Any]]:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--quiet",
            f"vietnam-provinces=={release}",
            "-d",
            str(into),
        ],
        check=True,
    )
    wheel = next(into.glob(f"vietnam_provinces-{release}-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        return json.loads(zf.read("vietnam_provinces/data/nested-divisions.json"))


def tone_key(name: str) -> tuple[str, str]:
    """'Hoà Bình' and 'Hòa Bình' are one name: base letters plus the sorted marks of each word."""
    words = unicodedata.normalize("NFD", name).split()
    bases = " ".join("".join(c for c in w if not unicodedata.combining(c)) for w in words)
    marks = " ".join("".join(sorted(c for c in w if unicodedata.combining(c))) for w in words)
    return bases, marks


def _short(name: str) -> tuple[str, str | None]:
    for prefix in PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :], prefix.strip().lower()
    return name, None


def build(new: list[dict[str, Any]], old: list[dict[str, Any]]) -> dict[str, Any]:
    merged_from = {tone_key(o): n for n, olds in MERGED_INTO.items() for o in olds}
    spelled = {tone_key(o): o for olds in MERGED_INTO.values() for o in olds}
    current = []
    for p in new:
        short, prefix = _short(p["name"])
        kind = CITY_TYPE if prefix == "thành phố" or p["division_type"] != "tỉnh" else "tỉnh"
        current.append({"name": short, "type": kind, "merged_from": MERGED_INTO.get(short, [short])})
    before = []
    for p in old:
        short, prefix = _short(p["name"])
        short = spelled.get(tone_key(short), short)  # the package's 0.6.0 wrote 'Hoà Bình'
        kind = CITY_TYPE if prefix == "thành phố" else "tỉnh"
        cities = sorted(
            d["name"].removeprefix("Thành phố ") for d in p["districts"] if d["name"].startswith("Thành phố ")
        )
        before.append(
            {"name": short, "type": kind, "merged_into": merged_from.get(tone_key(short), short), "cities": cities}
        )
    names_new = {p["name"] for p in current}
    missing = {p["merged_into"] for p in before} - names_new
    if missing or len(current) != 34 or len(before) != 63:
        raise SystemExit(f"merger table out of step with the package: {sorted(missing)}")
    return {
        "_about": (
            "Provinces of Việt Nam before and after the 1 July 2025 merger, and the cities of the "
            f"63 old provinces. Source: PyPI vietnam-provinces {NEW_RELEASE} (34 provinces) and "
            f"{OLD_RELEASE} (63 provinces with districts), data of Tổng cục Thống kê; the merger table "
            "from Nghị quyết 202/2025/QH15. Rebuilt by scripts/build_vocab.py; do not edit by hand."
        ),
        "current": current,
        "before_2025": before,
    }


LOCAL_OUT = OUT.with_name("local_places.json")
DISTRICT_PREFIXES = ("Thành phố ", "Thị xã ", "Quận ", "Huyện ")
WARD_PREFIXES = ("Phường ", "Xã ", "Đặc khu ")


def _bare(name: str, prefixes: tuple[str, ...]) -> str | None:
    """'Huyện Gia Viễn' → 'Gia Viễn'; None for a numbered unit ('Quận 1', 'Phường 12')."""
    for prefix in prefixes:
        if name.startswith(prefix):
            bare = name[len(prefix) :]
            return None if any(ch.isdigit() for ch in bare) else bare
    return None


def build_local(new: list[dict[str, Any]], old: list[dict[str, Any]]) -> dict[str, Any]:
    districts = sorted({b for p in old for d in p["districts"] if (b := _bare(d["name"], DISTRICT_PREFIXES))})
    communes = sorted({b for p in new for w in p["wards"] if (b := _bare(w["name"], WARD_PREFIXES))})
    spelled = {tone_key(o): o for olds in MERGED_INTO.values() for o in olds}
    # which old province each district lies in: a district name is snapped only where it is
    # unambiguous within the document's province ("Thạch Thất" of Hà Nội)
    by_province = {
        spelled.get(tone_key(short), short): sorted(
            {b for d in p["districts"] if (b := _bare(d["name"], DISTRICT_PREFIXES))}
        )
        for p in old
        for short in (_short(p["name"])[0],)
    }
    return {
        "_about": (
            "Names of the places below a province that a place–date line prints (Nghị định 30, Phụ lục I: "
            "the district or commune where a district- or commune-level body sits): the districts of the "
            f"63 provinces before 1 July 2025 (vietnam-provinces {OLD_RELEASE}) and the communes, wards "
            f"and special zones of the two-tier model from 1 July 2025 (vietnam-provinces {NEW_RELEASE}), "
            "without their level word and without numbered units; `districts_by_province_before_2025` "
            "names each old province's districts. Used only to restore the marks of a "
            "place in text that lost them (another tool's OCR), never to change a printed place. Rebuilt "
            "by scripts/build_vocab.py; do not edit by hand."
        ),
        "districts_before_2025": districts,
        "districts_by_province_before_2025": dict(sorted(by_province.items())),
        "communes_from_2025": communes,
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        new, old = _divisions(NEW_RELEASE, Path(tmp)), _divisions(OLD_RELEASE, Path(tmp))
    data = build(new, old)
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(data['current'])} provinces, {len(data['before_2025'])} before 2025")
    local = build_local(new, old)
    LOCAL_OUT.write_text(json.dumps(local, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    districts, communes = len(local["districts_before_2025"]), len(local["communes_from_2025"])
    print(f"wrote {LOCAL_OUT}: {districts} districts, {communes} communes")


if __name__ == "__main__":
    main()
