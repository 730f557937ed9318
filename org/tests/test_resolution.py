from hypothesis import given
from hypothesis import strategies as st

from org.resolution import guess_kind, normalise_name, plan_names


def plan(mentions, departments=(), aliases=None, groups=()):
    return plan_names(mentions, existing_departments=set(departments), existing_aliases=aliases or {},
                      group_names=set(groups))


def test_default_aliases_pick_the_canonical_name():
    result = plan([("法制宣传科", ()), ("教培科", ()), ("政策法规科", ()), ("法规科", ())])
    assert result.canonical["法制宣传科"] == "法治宣传科"
    assert result.canonical["教培科"] == "司考教培科"
    assert result.canonical["法规科"] == result.canonical["政策法规科"] == "政策法规科"
    assert result.new_aliases == {"法制宣传科": "法治宣传科", "教培科": "司考教培科", "法规科": "政策法规科"}


def test_table_aliases_merge_whatever_order_they_come_in():
    forward = plan([("公共法律服务中心", ("法援中心",)), ("法援中心", ("公共法律服务中心",)), ("纪检组", ("监察室",))])
    backward = plan([("纪检组", ("监察室",)), ("法援中心", ("公共法律服务中心",)), ("公共法律服务中心", ("法援中心",))])
    for result in (forward, backward):
        assert result.canonical["法援中心"] == "公共法律服务中心"
        assert result.canonical["监察室"] == "纪检组"
        assert sorted(result.new_departments) == ["公共法律服务中心", "纪检组"]


def test_existing_department_and_editable_alias_win():
    result = plan([("普法科", ()), ("法治宣传科", ())], departments={"法治宣传科"}, aliases={"普法科": "法治宣传科"})
    assert result.canonical == {"普法科": "法治宣传科", "法治宣传科": "法治宣传科"}
    assert result.new_departments == []
    assert result.new_aliases == {}


def test_collective_names_are_groups_not_departments():
    result = plan([("各科（室）", ()), ("各党支部", ()), ("政治部", ())], groups={"各科（室）"})
    assert result.groups == {"各科（室）", "各党支部"}
    assert result.new_departments == ["政治部"]


def test_kind_guess():
    assert guess_kind("机关党委") == "party"
    assert guess_kind("机关工会") == "party"
    assert guess_kind("银鑫公证处") == "unit"
    assert guess_kind("公共法律服务中心") == "unit"
    assert guess_kind("市强戒所") == "unit"
    assert guess_kind("政治部") == "office"
    assert guess_kind("行财科") == "office"


def test_normalise_name():
    assert normalise_name(" 纪检组 (监察室) ") == "纪检组（监察室）"


names = st.text(alphabet="科室处中心法援宣传政治部行财", min_size=2, max_size=6)


@given(st.lists(st.tuples(names, st.lists(names, max_size=2).map(tuple)), max_size=12))
def test_every_mentioned_name_resolves_to_a_planned_or_existing_department(mentions):
    result = plan(mentions)
    for name, aliases in mentions:
        for each in (name, *aliases):
            canonical = result.canonical[normalise_name(each)]
            assert canonical in result.new_departments
    assert len(set(result.new_departments)) == len(result.new_departments)
