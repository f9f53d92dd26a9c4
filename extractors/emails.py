"""E-mail addresses: every address in the text, in order, lower case (the assembler de-duplicates),
including those of electronic-signature stamps ("ttcbth@quangngai.gov.vn").

OCR sometimes breaks an address with a space after a dot of the domain ("ttcbth@quangngai. gov.vn");
that is repaired only when what follows the space is a well-known domain label, so two words of a
sentence are never glued together. On OCR text an "@" read with a bracket ("syt@)quangtri. 8ov.vn")
and "gov" read "8ov" are repaired too.
"""

from __future__ import annotations

import regex

from congvan.extractors.base import Candidate, Context, Extraction, ExtractorSpec

# An address; the domain may carry OCR spaces after its dots only before a known label:
# "vp_t5@vks.gov.vn", "ttcbth@quangngai. gov.vn", "Email: sgddt@danang.gov.vn."
EMAIL = regex.compile(
    r"""(?<![\w.+-])
        (?P<local>[A-Za-z0-9](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_])?)
        @
        (?P<domain>
            [A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?
            (?:\.[ ]?(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?))*?
            \.[ ]?(?P<tld>[A-Za-z]{2,10})
        )
        (?![A-Za-z-]|\.[A-Za-z0-9])  # digits may follow: a stamp glues the date on""",
    regex.VERBOSE,
)

# OCR's "@" as a bracket ("vugdtrh)moet.gov.vn", "ab()danang.gov.vn", "x©hcm.edu.vn"), taken only on
# OCR text, right after an e-mail label and before a domain ending in a known label:
# "gửi qua email: vugdtrh)moet.gov.vn để kịp thời giải quyết".
OCR_AT_EMAIL = regex.compile(
    r"""(?i:\be-?mail|\bth[uư]\s+[dđ]i[eệ]n\s+t[uử]|\bh[oộ]p\s+th[uư])\s*:?\s*
        (?P<local>[A-Za-z0-9](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_])?)
        (?P<at>\(\)|[()©®])
        (?P<domain>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.(?P<tld>[A-Za-z]{2,10}))
        (?![A-Za-z-]|\.[A-Za-z0-9])""",
    regex.VERBOSE,
)

# OCR's slips inside an address, taken only on OCR text: "@" read with a bracket after or before it
# ("syt@)quangtri. 8ov.vn", "atgt.sxd(@dongnai.gov.vn"), a space after a dot, "gov" read "8ov" /
# "g0v" / "qov".
# matches "syt@)quangtri. 8ov.vn"
OCR_SLIP_EMAIL = regex.compile(
    r"""(?<![\w.+-])
        (?P<local>[A-Za-z0-9](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_])?)
        (?:@[()]|[()]@)
        (?P<domain>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[ ]?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*?
           \.[ ]?(?P<tld>[A-Za-z]{2,10}))
        (?![A-Za-z-]|\.[A-Za-z0-9])""",
    regex.VERBOSE,
)
# "gov" as OCR misreads it, a label of a Vietnamese government domain.
GOV_MISREAD = frozenset({"8ov", "g0v", "qov", "9ov"})

# Labels after which an OCR space inside a domain is certainly a break of the address.
KNOWN_LABELS = frozenset({"gov", "vn", "com", "edu", "org", "net", "int", "info", "mil", "ac"})


def _domain_ok(domain: str) -> bool:
    """A space may follow a dot only when the next label is a known one ('quangngai. gov.vn')."""
    labels = domain.split(".")
    return all(not label.startswith(" ") or label.strip().lower() in KNOWN_LABELS for label in labels[1:])


SPEC = ExtractorSpec("emails", ("emails",), order=90)


def extract(text: str, context: Context) -> Extraction:
    candidates: list[Candidate] = []
    for match in EMAIL.finditer(text):
        domain = match.group("domain")
        if not _domain_ok(domain):
            # keep the part of the address before the doubtful space
            head = domain.split(" ")[0].rstrip(".")
            if "." not in head:
                continue
            value = f"{match.group('local')}@{head}".lower()
            end = match.start("domain") + len(head)
            candidates.append(Candidate("emails", value, match.start(), end, "emails.address", 0.8))
            continue
        value = f"{match.group('local')}@{domain.replace(' ', '')}".lower()
        confidence = 1.0 if " " not in domain else 0.8
        candidates.append(
            Candidate("emails", value, match.start(), match.end(), "emails.address", confidence)
        )
    # our OCR's text, or text the quality check found noisy and repaired (another tool's OCR)
    noisy = context.is_ocr or context.repaired
    if noisy:
        for match in OCR_SLIP_EMAIL.finditer(text):
            labels = [label.strip().lower() for label in match.group("domain").split(".")]
            labels = ["gov" if label in GOV_MISREAD else label for label in labels]
            if labels[-1] not in KNOWN_LABELS or not all(labels):
                continue
            value = f"{match.group('local')}@{'.'.join(labels)}".lower()
            candidates.append(Candidate("emails", value, match.start(), match.end(), "emails.ocr_slip", 0.7))
    for match in OCR_AT_EMAIL.finditer(text):
        # "()" after an e-mail label is OCR's "@" even in text that reads clean (another tool's OCR of
        # a page with few slips); a lone bracket only where the text is known to be OCR
        if match.group("tld").lower() not in KNOWN_LABELS or not (noisy or match.group("at") == "()"):
            continue
        value = f"{match.group('local')}@{match.group('domain')}".lower()
        start = match.start("local")
        candidates.append(Candidate("emails", value, start, match.end(), "emails.ocr_at", 0.7))
    return Extraction(tuple(candidates))
