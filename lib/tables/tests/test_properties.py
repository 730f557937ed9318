"""Property tests: generated tables of a known shape import to their known tasks; any text is safe."""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.tables import Cell, Table, TableImportError, parse_blocks, parse_file

from .builders import docx_bytes, xlsx_bytes

_NUMBERINGS = [lambda n: f"{n}、", lambda n: f"{n}.", lambda n: f"（{n}）", lambda n: f"{n}）",
               lambda n: "①②③④⑤⑥⑦⑧⑨⑩"[n - 1], lambda n: f"（{'一二三四五六七八九十'[n - 1]}）"]
_WORDS = st.text(alphabet="文明城市创建宣传志愿服务开展活动落实制度台账", min_size=2, max_size=12)
_DEPARTMENT = st.sampled_from(["办公室", "政治部", "行财科", "法治宣传科", "团委", "调解科"])


@st.composite
def known_tables(draw):
    """Rows of (category, [(text, points)], lead, cooperating) and the header style."""
    rows = []
    for _ in range(draw(st.integers(1, 6))):
        items = draw(st.lists(st.tuples(_WORDS, st.integers(1, 5)), min_size=1, max_size=4))
        lead = draw(_DEPARTMENT)
        cooperating = draw(st.lists(_DEPARTMENT.filter(lambda name: name != lead), max_size=2, unique=True))
        rows.append((draw(_WORDS), items, lead, cooperating))
    numbering = draw(st.sampled_from(_NUMBERINGS))
    header = draw(st.sampled_from([
        ["考核项目", "考核实施细则", "牵头单位", "配合单位"],
        ["测评项目", "测评内容", "牵头科室", "责任单位"],
        ["类别", "工作任务及要求", "牵头部门", "配合部门（协助）"],
    ]))
    return header, numbering, rows


def _cells(header, numbering, rows) -> list[list[str]]:
    table = [header]
    for category, items, lead, cooperating in rows:
        text = "\n".join(f"{numbering(n)}{words}（{points}分）" for n, (words, points) in enumerate(items, 1))
        table.append([category, text, lead, "、".join(cooperating)])
    return table


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(known_tables(), st.sampled_from(["docx", "xlsx"]))
def test_generated_tables_import_to_their_known_tasks(table, extension):
    header, numbering, rows = table
    cells = _cells(header, numbering, rows)
    data = docx_bytes(cells) if extension == "docx" else xlsx_bytes({"表": cells})
    parsed = parse_file(data, f"t.{extension}")
    tasks = [task for section in parsed.sections for task in section.tasks]
    expected = [(words.strip(), Decimal(points), lead, cooperating)
                for _, items, lead, cooperating in rows for words, points in items]
    assert [(t.text, t.points, t.lead[0].name, [m.name for m in t.cooperating]) for t in tasks] == expected
    assert len({task.ref for task in tasks}) == len(tasks)


_ANY_CELL = st.text(max_size=40)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.tuples(_ANY_CELL, st.booleans()), min_size=1, max_size=6), min_size=1, max_size=8))
def test_parser_never_crashes_on_any_text(rows):
    table = Table([[Cell(text, merged) for text, merged in row] for row in rows])
    try:
        parse_blocks([table])
    except TableImportError as error:
        assert error.message


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(_ANY_CELL, min_size=4, max_size=4), min_size=1, max_size=5))
def test_parser_never_crashes_below_a_real_header(rows):
    table = Table([[Cell(text) for text in row] for row in [["考核项目", "考核内容", "责任单位", "工作要求"], *rows]])
    try:
        parse_blocks([table])
    except TableImportError as error:
        assert error.message
