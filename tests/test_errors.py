"""The error classes and the exit codes the command line returns."""

from __future__ import annotations

from congvan import errors
from congvan.errors import CongvanError, ExitCode, run_exit_code

# Errors of the run, not of one document: they share the codes the operations verbs use.
RUN_ERRORS = {errors.TrackerReadOnly: ExitCode.TRACKER_UNAVAILABLE, errors.FolderNotWritable: ExitCode.USAGE}


def test_each_document_error_has_its_own_exit_code() -> None:
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, CongvanError)]
    document = [c for c in classes if c is not CongvanError and c not in RUN_ERRORS]
    codes = [c.exit_code for c in document]
    assert len(document) == 7 and all(isinstance(c, ExitCode) for c in codes)
    assert len(set(codes)) == len(codes) and all(10 <= c < 20 for c in codes)
    assert {c: c.exit_code for c in RUN_ERRORS} == RUN_ERRORS
    assert CongvanError.exit_code is ExitCode.FAILED


def test_the_codes_scripts_rely_on() -> None:
    # usage errors as click/typer report their own; a held lock as watch/nightly always did
    assert (ExitCode.OK, ExitCode.FAILED, ExitCode.USAGE, ExitCode.LOCKED, ExitCode.INTERRUPTED) == (0, 1, 2, 3, 130)
    assert len({int(c) for c in ExitCode}) == len(ExitCode)


def test_a_run_exits_with_its_failures_shared_code_or_failed() -> None:
    assert run_exit_code([]) is ExitCode.OK
    assert run_exit_code([ExitCode.CORRUPT_FILE, ExitCode.CORRUPT_FILE]) is ExitCode.CORRUPT_FILE
    assert run_exit_code([ExitCode.CORRUPT_FILE, ExitCode.EMPTY_FILE]) is ExitCode.FAILED
