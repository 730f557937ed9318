from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from lib.textrules.standards import Standard, parse_standards

from .guidance import ADS_COURTYARD, ADS_RESIDENTIAL

# 考核实施细则 of the fixture.
AWARENESS = (
    "3、组织开展创建全国文明城市工作基本知识的宣传教育，单位干部职工对创建工作相关知识内容知晓率为100%，"
    "对社会主义核心价值观内容知晓率为100%。（2分）"
)
VOLUNTEERS = "1、单位注册志愿者人数占单位人数的60%以上。（1分）"
LAW_EDUCATION = "3）开展群众性法治文化活动，全民法治宣传教育的普及率≥80%。"


def as_tuples(standards: list[Standard]) -> list[tuple[str, str, str, Decimal, str]]:
    return [(s.source, s.metric, s.operator, s.value, s.unit) for s in standards]


def test_two_awareness_rates_keep_their_subjects():
    assert as_tuples(parse_standards(AWARENESS)) == [
        ("创建工作相关知识内容知晓率为100%", "创建工作相关知识知晓率", "=", Decimal(100), "%"),
        ("社会主义核心价值观内容知晓率为100%", "社会主义核心价值观知晓率", "=", Decimal(100), "%"),
    ]


def test_share_of_staff():
    assert as_tuples(parse_standards(VOLUNTEERS)) == [
        ("单位注册志愿者人数占单位人数的60%以上", "单位注册志愿者人数占单位人数", ">=", Decimal(60), "%"),
    ]


def test_coverage_rate():
    assert as_tuples(parse_standards(LAW_EDUCATION)) == [
        ("全民法治宣传教育的普及率≥80%", "全民法治宣传教育普及率", ">=", Decimal(80), "%"),
    ]


def test_courtyard_advertising():
    assert as_tuples(parse_standards(ADS_COURTYARD)) == [
        ("不少于围墙面积的60%", "公益广告占围墙面积", ">=", Decimal(60), "%"),
        ("面积不小于2.4㎡", "创文宣传栏面积", ">=", Decimal("2.4"), "㎡"),
        ("面积不小于2.4㎡", "文明餐桌宣传栏面积", ">=", Decimal("2.4"), "㎡"),
        ("不少于6处文明餐桌宣传提示牌", "文明餐桌宣传提示牌", ">=", Decimal(6), "处"),
        ("面积不小于0.6m*0.8m", "文明餐桌宣传提示牌面积", ">=", Decimal("0.48"), "㎡"),
    ]


def test_residential_advertising():
    assert as_tuples(parse_standards(ADS_RESIDENTIAL)) == [
        ("不少于围墙面积60%", "公益广告占围墙面积", ">=", Decimal(60), "%"),
        ("每10m可见一处文明提示牌", "文明提示牌间距", "<=", Decimal(10), "m"),
        ("不少于两块公益广告宣传栏", "公益广告宣传栏", ">=", Decimal(2), "块"),
        ("面积不小于2.4㎡/块", "公益广告宣传栏面积", ">=", Decimal("2.4"), "㎡"),
        ("面积不小于0.6m*0.8m", "社会主义核心价值观和益阳市市民守则宣传牌面积", ">=", Decimal("0.48"), "㎡"),
        ("一处以上公益广告宣传内容", "公益广告宣传内容", ">=", Decimal(1), "处"),
        ("面积不小于0.6m*0.8m", "公益广告宣传内容面积", ">=", Decimal("0.48"), "㎡"),
    ]


def test_centimetre_dimensions_become_square_metres():
    [standard] = parse_standards("宣传栏面积不小于60cm×80cm")
    assert (standard.metric, standard.value, standard.unit) == ("宣传栏面积", Decimal("0.48"), "㎡")


def test_at_most():
    [standard] = parse_standards("差错率不超过5%")
    assert (standard.metric, standard.operator, standard.value) == ("差错率", "<=", Decimal(5))


DOMAIN_TEXT = st.text(
    alphabet=st.sampled_from(
        list(
            "面积不小于少低占的为率知晓普及≥≤%㎡m*×.每可见一两三十处块以上有围墙公益广告宣传栏对内容0123456789，；。 "
        )
    )
)


@given(st.one_of(st.text(), DOMAIN_TEXT))
def test_never_raises_and_sources_are_substrings(text):
    for standard in parse_standards(text):
        assert standard.source in text
        assert standard.operator in (">=", "=", "<=")
