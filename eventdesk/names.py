"""Names as they enter, and names folded for search.

`normalise` is the one gate every entrance passes (the guest list import, the organisers' guest form,
open registration, the API): Unicode kept as written but in NFC, trimmed (the ideographic space U+3000
too), the apostrophe an export puts before a cell a spreadsheet would run as a formula (`'=`, `'+`, `'-`,
`'@`, before a tab or CR) taken off, control characters refused. So a name typed into a form and the same
name read from a file are stored alike, and an export imports back unchanged. Free text (a delegate's
note) passes `clean_text`, which strips control characters instead.

The stored names stay exactly as given; only the search key is folded: NFKC (full-width Latin and
half-width katakana to their usual forms), lower case, Latin letters without their accents (pinyin's tone
marks: Zhāng→zhang), hiragana to katakana, one form for the traditional, simplified and Japanese forms of a
Han character and for the variant kanji of Japanese surnames (張→张, 廣/広→广, 髙→高: eventdesk.han_variants),
and no spaces, so "やまだ", "山田太郎", "yamada t" and "YAMADA" all find 山田 太郎 (YAMADA Taro). A name's
reading (yomigana, pinyin) is in the key too, so "あべ" finds 阿部 whose reading is あべ.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from eventdesk.han_variants import FOLDED


def _latin_without_accents() -> dict[str, str]:
    """Accented Latin letters (Latin-1 to Latin Extended-B, and Latin Extended Additional) to the plain letter."""
    table = {}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        parts = unicodedata.normalize("NFD", chr(code))
        if len(parts) > 1 and parts[0].isascii() and all(unicodedata.category(c) == "Mn" for c in parts[1:]):
            table[chr(code)] = parts[0]
    return table


# What searching people type differently from what is stored: one character for one character, applied after
# lower-casing (the offline door applies the same table: eventdesk.door.bundle).
VARIANTS = str.maketrans({**FOLDED, **_latin_without_accents()})
HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}
SEPARATOR = "|"  # between the parts of a key, so a search cannot match across two names
# Space around a name that spreadsheets, web pages and CJK input methods leave: Unicode white space (what
# str.isspace() calls space, U+3000 included), the zero-width space and the byte order mark. Written out, not
# computed at import (that took 0.1 s per process).
SURROUNDING = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
               "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u200b\ufeff")
# A cell starting with one of these may run as a formula (or DDE command) in Excel, LibreOffice or Sheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = tuple("'" + c for c in FORMULA_START)  # the mark that the cell is text: not part of a name
NOT_TEXT = {"Cc", "Cs"}  # control characters (tab and line breaks included), unpaired surrogates
KEPT_IN_FREE_TEXT = "\n\t"


@dataclass
class NotText(ValueError):
    """A value holding a character that is no text: the entrance refuses it and names the character."""

    char: str

    @property
    def code_point(self) -> str:
        return f"U+{ord(self.char):04X}"

    def __str__(self) -> str:
        return f"contains a control character ({self.code_point})"


def normalise(value: str | None) -> str:
    """A name (or any one-line value) as it is stored; raises NotText for a control character."""
    text = trim(unicodedata.normalize("NFC", value or ""))
    if text.startswith(FORMULA_GUARD):
        text = text[1:]
    bad = next((c for c in text if unicodedata.category(c) in NOT_TEXT), None)
    if bad is not None:
        raise NotText(bad)
    return text


def clean_text(value: str | None) -> str:
    """Free text a person wrote (a note, a dietary need): NFC and trimmed, control characters dropped
    rather than refused (they arrive unseen from pasted text), line breaks and tabs kept."""
    text = unicodedata.normalize("NFC", (value or "").replace("\r\n", "\n"))
    return trim("".join(c for c in text if unicodedata.category(c) not in NOT_TEXT or c in KEPT_IN_FREE_TEXT))


def trim(text: str) -> str:
    """Without the space around it: `SURROUNDING`."""
    return text.strip(SURROUNDING)


def fold(text: str | None) -> str:
    """The search form of a text; applied both to what is stored and to what is searched for."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(VARIANTS).translate(HIRAGANA_TO_KATAKANA)
    return "".join(folded.split()).replace(SEPARATOR, "")


def search_key(family_name: str | None, given_name: str | None, family_name_latin: str | None,
               given_name_latin: str | None, email: str | None, family_name_reading: str | None = None,
               given_name_reading: str | None = None) -> str:
    """Every form of a delegate's name (its reading too) in both orders, and the e-mail address, folded."""
    family, given, family_latin, given_latin, family_reading, given_reading = (fold(n) for n in (
        family_name, given_name, family_name_latin, given_name_latin, family_name_reading, given_name_reading))
    parts = (family + given, given + family, family_latin + given_latin, given_latin + family_latin,
             family_reading + given_reading, given_reading + family_reading, fold(email))
    return SEPARATOR + SEPARATOR.join(dict.fromkeys(p for p in parts if p)) + SEPARATOR
