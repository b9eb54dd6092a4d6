"""Join PDFs written by ReportLab into one file as they come, so a batch of any size needs the memory of
one chunk: ReportLab keeps a whole document in memory until it saves it.

Only for ReportLab's own output (one classic xref table, no object streams, no encryption): each chunk's
objects are renumbered and copied unchanged except for their dictionaries' references, its pages join one
page tree, and its font subsets get tags of their own (ReportLab starts every document at AAAAAA, and a
printer may take two embedded subsets with one name for the same font).
"""

from __future__ import annotations

import re
import secrets
import string
from datetime import UTC, datetime
from typing import BinaryIO

REF = re.compile(rb"(\d+) 0 R\b")
OBJ = re.compile(rb"\s*(\d+) 0 obj")
STREAM = re.compile(rb">>\s*stream\r?\n")
SUBSET_TAG = re.compile(rb"/([A-Z]{6})\+")
PAGES, CATALOG, INFO = 1, 2, 3  # numbered first, written last


class PdfJoiner:
    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.position = 0
        self.offsets: dict[int, int] = {}
        self.next_number = INFO + 1
        self.kids: list[int] = []
        self.tags = 0
        self._write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

    def add(self, pdf: bytes) -> None:
        """Append every page of `pdf`, a whole document written by ReportLab."""
        bodies = _bodies(pdf)
        trailer = pdf[pdf.rindex(b"trailer"):]
        root, info = (int(re.search(rb"/%s (\d+) 0 R" % key, trailer)[1]) for key in (b"Root", b"Info"))
        pages = int(re.search(rb"/Pages (\d+) 0 R", bodies[root])[1])
        kids = REF.findall(re.search(rb"/Kids \[([^\]]*)\]", bodies[pages])[1])
        numbers = {pages: PAGES}
        for old in sorted(set(bodies) - {root, info, pages}):
            numbers[old] = self.next_number
            self.next_number += 1
        tags: dict[bytes, bytes] = {}

        def retag(match: re.Match[bytes]) -> bytes:
            if match[1] not in tags:
                tags[match[1]] = _tag(self.tags)
                self.tags += 1
            return b"/" + tags[match[1]] + b"+"

        for old in sorted(set(bodies) - {root, info, pages}):
            body = bodies[old]
            stream = STREAM.search(body)
            head, tail = (body[:stream.end()], body[stream.end():]) if stream else (body, b"")
            head = SUBSET_TAG.sub(retag, REF.sub(lambda m: b"%d 0 R" % numbers[int(m[1])], head))
            self._object(numbers[old], head + tail)
        self.kids += [numbers[int(kid)] for kid in kids]

    def close(self, title: str) -> None:
        """Write the page tree, catalogue, information and cross-reference table."""
        kids = b" ".join(b"%d 0 R" % kid for kid in self.kids)
        self._object(PAGES, b"<< /Type /Pages /Count %d /Kids [ %s ] >>" % (len(self.kids), kids))
        self._object(CATALOG, b"<< /Type /Catalog /Pages %d 0 R /PageMode /UseNone >>" % PAGES)
        now = datetime.now(UTC).strftime("D:%Y%m%d%H%M%SZ").encode()
        self._object(INFO, b"<< /Producer (eventdesk) /Title <%s> /CreationDate (%s) >>"
                     % ((b"\xfe\xff" + title.encode("utf-16-be")).hex().encode(), now))
        xref_at = self.position
        self._write(b"xref\n0 %d\n0000000000 65535 f \n" % self.next_number)
        self._write(b"".join(b"%010d 00000 n \n" % self.offsets[n] for n in range(1, self.next_number)))
        file_id = secrets.token_hex(16).encode()
        self._write(b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [ <%s> <%s> ] >>\n"
                    b"startxref\n%d\n%%%%EOF\n" % (self.next_number, CATALOG, INFO, file_id, file_id, xref_at))

    def _object(self, number: int, body: bytes) -> None:
        self.offsets[number] = self.position
        self._write(b"%d 0 obj\n%s\nendobj\n" % (number, body.strip(b"\r\n")))

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.position += len(data)


def _bodies(pdf: bytes) -> dict[int, bytes]:
    """{object number: what lies between `N 0 obj` and its `endobj`}, using the xref table ReportLab
    writes; an object ends before the next one starts, so stream data is never searched."""
    xref_at = int(pdf[pdf.rindex(b"startxref") + 9:].split()[0])
    lines = pdf[xref_at:pdf.index(b"trailer", xref_at)].split(b"\n")
    first, count = (int(n) for n in lines[1].split())
    offsets = {first + i: int(line.split()[0]) for i, line in enumerate(lines[2:2 + count])
               if line.split()[2:3] == [b"n"]}
    starts = sorted(offsets.values()) + [xref_at]
    ends = dict(zip(starts, starts[1:], strict=False))
    bodies = {}
    for number, start in offsets.items():
        header = OBJ.match(pdf, start)
        bodies[number] = pdf[header.end():pdf.rindex(b"endobj", header.end(), ends[start])]
    return bodies


def _tag(n: int) -> bytes:
    letters = []
    for _ in range(6):
        n, digit = divmod(n, 26)
        letters.append(string.ascii_uppercase[digit])
    return "".join(reversed(letters)).encode()
