"""Rebuild extractors/data/provinces.json from the PyPI package `vietnam-provinces`.

Source: vietnam-provinces (https://github.com/sunshine-tech/VietnamProvinces, data of Tổng cục
Thống kê). Release 2025.10.1 lists the 34 provinces in force from 1 July 2025 (Nghị quyết
202/2025/QH15); release 0.6.0 lists the 63 provinces before the merger with their districts, of
which we keep only the cities (thành phố thuộc tỉnh / thuộc thành phố). The package does not
record which old provinces merged into which new one, so that table (MERGED_INTO, from Nghị
quyết 202/2025/QH15, Điều 1) lives here.

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


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = build(_divisions(NEW_RELEASE, Path(tmp)), _divisions(OLD_RELEASE, Path(tmp)))
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(data['current'])} provinces, {len(data['before_2025'])} before 2025")


if __name__ == "__main__":
    main()
