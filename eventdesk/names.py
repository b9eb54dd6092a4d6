"""Folding names for search, so that one query finds a person however the name was typed.

The stored names stay exactly as given; only the search key is folded: NFKC (full-width Latin and
half-width katakana to their usual forms), lower case, hiragana to katakana, the variant kanji of
Japanese surnames to their common form (髙→高, 﨑→崎), and no spaces, so "やまだ", "山田太郎", "yamada t"
and "YAMADA" all find 山田 太郎 (YAMADA Taro).
"""

from __future__ import annotations

import unicodedata

# Variant kanji people use in their own names but rarely type when searching.
VARIANTS = str.maketrans({"髙": "高", "﨑": "崎", "嵜": "崎", "邉": "辺", "邊": "辺", "齋": "斎", "齊": "斉",
                          "濵": "浜", "濱": "浜", "德": "徳", "瀨": "瀬", "𠮷": "吉", "國": "国", "澤": "沢",
                          "櫻": "桜", "廣": "広", "龍": "竜"})
HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}
SEPARATOR = "|"  # between the parts of a key, so a search cannot match across two names


def fold(text: str | None) -> str:
    """The search form of a text; applied both to what is stored and to what is searched for."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(VARIANTS).translate(HIRAGANA_TO_KATAKANA)
    return "".join(folded.split()).replace(SEPARATOR, "")


def search_key(family_name: str | None, given_name: str | None, family_name_latin: str | None,
               given_name_latin: str | None, email: str | None) -> str:
    """Every form of a delegate's name in both orders, and the e-mail address, folded."""
    family, given, family_latin, given_latin = (fold(n) for n in (family_name, given_name, family_name_latin,
                                                                   given_name_latin))
    parts = (family + given, given + family, family_latin + given_latin, given_latin + family_latin, fold(email))
    return SEPARATOR + SEPARATOR.join(dict.fromkeys(p for p in parts if p)) + SEPARATOR
