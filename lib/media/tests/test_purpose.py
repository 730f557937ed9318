import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.media.purpose import DOCUMENT, PLAN, REPORT, STATISTICS, SUMMARY, purpose_from_filename


@pytest.mark.parametrize("name, purpose", [
    ("关于开展道德讲堂活动的实施方案.docx", PLAN),
    ("2026年志愿服务工作计划.pdf", PLAN),
    ("2026年上半年志愿服务工作总结.docx", SUMMARY),
    ("学雷锋活动方案的总结.docx", SUMMARY),  # the last keyword says what the document is
    ("总结表彰大会实施方案.docx", PLAN),
    ("关于创文工作开展情况的报告.pdf", REPORT),
    ("公共法律服务中心值班制度.pdf", DOCUMENT),
    ("志愿者花名册.xlsx", STATISTICS),
    ("数据.xlsx", STATISTICS),
    ("扫描件/方案/IMG_2041.pdf", None),  # folders say nothing about the file
    ("IMG_2041.pdf", None),
])
def test_purpose_from_the_name(name, purpose):
    assert purpose_from_filename(name) == purpose


NAMES = st.text(alphabet=st.sampled_from(list("方案计划总结报告制度统计表活动年度.x/\\ab1")), max_size=30)


@given(NAMES)
def test_any_name_gives_a_known_purpose_or_none(name):
    assert purpose_from_filename(name) in {PLAN, SUMMARY, REPORT, DOCUMENT, STATISTICS, None}


@given(NAMES, st.sampled_from(["docx", "pdf"]))
def test_a_folder_before_the_name_changes_nothing(name, suffix):
    file_name = f"{name.replace('/', '').replace(chr(92), '')}.{suffix}"
    assert purpose_from_filename(f"材料/总结/{file_name}") == purpose_from_filename(file_name)
