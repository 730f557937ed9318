from hypothesis import given
from hypothesis import strategies as st

from lib.textrules.duties import duties_by_department

from . import guidance as g

# The 责任科室 of the fixture, with the short names its guidance also uses.
DEPARTMENTS = {
    "政治部": (),
    "办公室": (),
    "行财科": (),
    "司考教培科": ("教培科",),
    "政策法规科": ("法规科",),
    "机关党委": (),
    "各党支部": (),
    "纪检组（监察室）": (),
    "人事科": (),
    "机关工会": ("工会",),
    "法制宣传科": ("法治宣传科",),
    "律公科": (),
    "基层科": (),
    "司鉴科": (),
    "法援科": (),
    "法援中心": ("公共法律服务中心",),
    "银鑫公证处": ("公证处",),
    "社矫科": (),
    "强戒科": (),
    "市强戒所": (),
}
EVIDENCE = "各类活动要有方案（计划），至少5张照片和总结。"


def test_comma_splits_when_the_next_clause_names_another_department():
    assert duties_by_department(g.ATMOSPHERE_MEDIA, DEPARTMENTS) == {
        "办公室": "此项工作信息网站由局机关办公室负责",
        "行财科": "其他由行财科实施。\n行财科负责收集至少5张照片。",
    }


def test_aliases_and_unnamed_sentences_follow_the_preceding_departments():
    duties = duties_by_department(g.STUDY_LECTURES, DEPARTMENTS)
    assert duties.keys() == {"司考教培科", "政策法规科", "行财科"}
    assert duties["司考教培科"] == duties["政策法规科"]
    assert duties["司考教培科"].startswith("局机关开设“法治讲坛”、“道德讲坛”，教培科、法规科负责邀请")
    assert duties["行财科"] == "行财科负责经费保障。\n" + EVIDENCE
    assert all(text.endswith(EVIDENCE) for text in duties.values())


def test_longest_name_wins():
    duties = duties_by_department(g.ATMOSPHERE_TRAINING, DEPARTMENTS)
    assert duties == {
        "司考教培科": "创建全国文明城市工作基本知识的教育培训工作由司考教培科负责",
        "机关党委": "社会主义核心价值观的宣传工作由机关党委、各党支部负责实施。",
        "各党支部": "社会主义核心价值观的宣传工作由机关党委、各党支部负责实施。",
    }
    # Even when the short name is a department of its own, it is not found inside the long one.
    both = {"司考教培科": (), "教培科": (), "机关党委": ()}
    assert "教培科" not in duties_by_department(g.ATMOSPHERE_TRAINING, both)


def test_charity_splits_three_ways_and_shares_the_evidence_sentence():
    duties = duties_by_department(g.ACTIVITY_CHARITY, DEPARTMENTS)
    assert duties == {
        "机关党委": "由机关党委、工会负责扶贫帮困、社会捐赠活动\n" + EVIDENCE,
        "机关工会": "由机关党委、工会负责扶贫帮困、社会捐赠活动\n" + EVIDENCE,
        "人事科": "人事科负责无偿献血活动。\n" + EVIDENCE,
        "行财科": "行财科负责经费保障。\n" + EVIDENCE,
    }


def test_numbered_items():
    duties = duties_by_department(g.III17_VOLUNTEER_SERVICE, DEPARTMENTS)
    assert duties["人事科"] == duties["机关党委"]
    assert duties["人事科"].startswith("1、由人事科、机关党委负责")
    assert duties["办公室"].splitlines() == [
        "2、办公室、行财科负责开展文明旅游，文明交通，文明上网等志愿服务活动，组织志愿服务对开展志愿服务。",
        EVIDENCE,
    ]
    assert duties["行财科"].splitlines()[1:] == ["由行财科负责后勤保障。", EVIDENCE]
    for department in ("法制宣传科", "律公科", "司鉴科", "基层科", "法援科", "法援中心", "银鑫公证处"):
        assert duties[department].startswith("3、法制宣传科、律公科")
        assert EVIDENCE not in duties[department]


def test_numbered_items_reset_the_department_group():
    duties = duties_by_department(g.III30_LEGAL_SERVICES, DEPARTMENTS)
    assert duties["法援科"].startswith("1） 健全公共法律服务体系由法援科")
    assert EVIDENCE not in duties["法援科"]
    assert duties["人事科"].count(EVIDENCE) == 2
    assert duties["社矫科"] == "社矫人员中未成年人的关心关爱由社矫科负责。\n" + EVIDENCE


def test_advertising_items():
    duties = duties_by_department(g.ADS_COURTYARD, DEPARTMENTS)
    assert duties["行财科"].startswith("1、行财科负责庭院围墙")
    assert "3、行财科负责单位食堂外" in duties["行财科"]
    assert duties["司考教培科"].startswith("2、司考教培科负责道德讲堂")
    assert duties["强戒科"] == duties["市强戒所"] == "4、强戒科负责督促市强戒所完成以上任务。"


def test_fewer_than_two_departments_gives_nothing():
    assert duties_by_department(g.MINORS, DEPARTMENTS) == {}
    assert duties_by_department(g.ORG_LIAISON, DEPARTMENTS) == {}
    assert duties_by_department(g.ATMOSPHERE_MEDIA, {}) == {}


def test_every_line_is_a_substring_for_every_fixture_text():
    for text in g.ALL.values():
        for department, duty in duties_by_department(text, DEPARTMENTS).items():
            assert department in DEPARTMENTS
            assert all(line in text for line in duty.splitlines())


NAMES = st.text(alphabet=st.sampled_from(list("行财科人事法援中心政治部")), max_size=5)


@given(
    st.one_of(
        st.text(), st.text(alphabet=st.sampled_from(list("行财科人事法援中心政治部负责，。；、1①（） \n")))
    ),
    st.dictionaries(NAMES, st.lists(NAMES, max_size=2).map(tuple), max_size=4),
)
def test_never_raises_and_returns_substrings(text, departments):
    duties = duties_by_department(text, departments)
    assert duties.keys() <= departments.keys()
    assert len(duties) != 1
    for duty in duties.values():
        assert all(line in text for line in duty.splitlines())
