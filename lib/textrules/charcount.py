"""字数 as Microsoft Word / WPS report it for Chinese documents.

Rules (Word's "字数" = East Asian characters + non-Asian words):
* every CJK ideograph, kana/hangul syllable and full-width punctuation or symbol (，。、（）％㎡ …)
  counts 1, as do the ambiguous-width marks Chinese text uses as full-width (“”‘’—…·);
* full-width letters and digits (ＡＢＣ１２３) are East Asian characters to Word: 1 each, 6 here;
* every run of other non-space characters that contains a letter or digit counts 1 as a whole,
  so "2016", "abc123", "3.5" and "0.6m*0.8m" are one word each — Word splits non-Asian words
  only at spaces, and ASCII punctuation inside such a run joins it;
* whitespace, and runs made only of ASCII punctuation or symbols (",", "-", "≥"), count 0.
"""

import unicodedata

# Ambiguous-width punctuation that Chinese fonts render full width and Word counts as characters.
_CJK_AMBIGUOUS = frozenset("“”‘’—…·")


def count_chars(text: str) -> int:
    total = 0
    word_has_alnum = False
    for char in text:
        if char.isspace() or _is_wide(char):
            total += word_has_alnum + (not char.isspace())
            word_has_alnum = False
        elif char.isalnum():
            word_has_alnum = True
    return total + word_has_alnum


def _is_wide(char: str) -> bool:
    """True for characters counted one each (CJK ideographs, full-width punctuation…)."""
    if char in _CJK_AMBIGUOUS:
        return True
    return unicodedata.east_asian_width(char) in "WF"
