"""congvan: reads Vietnamese official dispatches into validated records and tracks their obligations.

One import name, many rooms. The design card keeps the top-level folders (`pipeline/`,
`extractors/`, `schemas/`, …); the build maps each to `congvan.<folder>` (see pyproject.toml), so
nothing generic lands in site-packages. In a source checkout the same names resolve through the
repository root below, which keeps a work tree usable in place (tests, a second checkout).

The floors, each importing only those below it:
    congvan.cli, congvan.web                 front doors
    congvan.operations                       the intake lane, sandbox, locks, watch, nightly
    congvan.tracker, congvan.evaluation      the store engines, search, exports; scoring
    congvan.pipeline                         the stages: load → text/ocr → normalise → extract → assemble
    congvan.extractors, congvan.schemas      field rules and vocabulary; the record contract
    congvan (this package: errors, files)    the ground floor
"""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
if (_ROOT / "pipeline" / "__init__.py").is_file() and (_ROOT / "pyproject.toml").is_file():
    # A source checkout: congvan.pipeline is ./pipeline. An installed wheel has them inside.
    __path__.append(str(_ROOT))  # type: ignore[name-defined]  # noqa: F821
