from hypothesis import given
from hypothesis import strategies as st

from lib.dossier.names import MAX_NAME_BYTES, MAX_NAME_CHARS, UniqueNames, safe_name, without_trailing_punctuation

FORBIDDEN = set('<>:"/\\|?*') | {chr(c) for c in range(32)}


def _windows_valid(name: str) -> bool:
    return (bool(name) and not (set(name) & FORBIDDEN) and not name.endswith((" ", "."))
            and name.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"})


@given(st.text())
def test_any_text_becomes_a_valid_windows_name(text):
    name = safe_name(text)
    assert _windows_valid(name)
    assert len(name.encode()) <= MAX_NAME_BYTES and len(name) <= MAX_NAME_CHARS


@given(st.lists(st.text(max_size=200), max_size=30), st.integers(min_value=12, max_value=80))
def test_names_in_one_folder_never_collide(texts, room):
    folder = UniqueNames()
    names = [folder.add(text, max_chars=room) for text in texts]
    assert len({n.casefold() for n in names}) == len(names)
    assert all(_windows_valid(n) and len(n.encode()) <= MAX_NAME_BYTES and len(n) <= room for n in names)


def test_readable_chinese_names_stay_as_they_are():
    assert safe_name("2026年3月 道德讲堂.jpg") == "2026年3月 道德讲堂.jpg"


def test_reserved_characters_and_device_names():
    assert safe_name('方案:第1/2期?.docx') == "方案：第1／2期？.docx"  # full width: allowed, and reads the same
    assert safe_name("照片\x07\t09:00.jpg") == "照片＿ 09：00.jpg"
    assert safe_name("CON.txt") == "_CON.txt"
    assert safe_name("aux") == "_aux"
    assert safe_name(" 总结. . ") == "总结"
    assert safe_name("...") == "未命名"


def test_long_names_keep_their_extension():
    name = safe_name("很长的活动标题" * 40 + ".jpeg")
    assert name.endswith(".jpeg") and len(name.encode()) <= MAX_NAME_BYTES


def test_duplicates_are_numbered_case_insensitively():
    folder = UniqueNames()
    assert [folder.add(n) for n in ["照片.jpg", "照片.jpg", "Photo.JPG", "photo.jpg"]] == [
        "照片.jpg", "照片 (2).jpg", "Photo.JPG", "photo (2).jpg"]


def test_a_closing_mark_leaves_the_end_of_a_name_but_quotes_and_ellipses_stay():
    assert without_trailing_punctuation("07 Ⅲ-13-1 深入推进“我们的节日”主题活动；") == "07 Ⅲ-13-1 深入推进“我们的节日”主题活动"
    assert without_trailing_punctuation("开展“我们的节日”") == "开展“我们的节日”"
    assert without_trailing_punctuation("利用墙报、板报、") == "利用墙报、板报"
    assert without_trailing_punctuation("很长的标题…") == "很长的标题…"
