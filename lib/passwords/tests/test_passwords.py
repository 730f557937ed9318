from hypothesis import given
from hypothesis import strategies as st

from lib.passwords import character_classes, missing_classes_message


def test_classes_of_typical_passwords():
    assert character_classes("chuangwen2026") == {"lower", "digit"}
    assert character_classes("Chuangwen-2026") == {"lower", "upper", "digit", "symbol"}
    assert character_classes("创文2026") == {"symbol", "digit"}
    assert character_classes("   \n") == set()


def test_message_names_the_required_count():
    assert "3 类" in missing_classes_message("chuangwen2026", 3)
    assert missing_classes_message("Chuangwen2026", 3) == ""


@given(st.text(max_size=40), st.text(max_size=10))
def test_adding_characters_never_loses_a_class(password, extra):
    assert character_classes(password) <= character_classes(password + extra)


@given(st.text(max_size=40), st.integers(min_value=0, max_value=4))
def test_message_agrees_with_the_count(password, min_classes):
    assert (missing_classes_message(password, min_classes) == "") == (len(character_classes(password)) >= min_classes)
