import io

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from lib.dossier.docx_writer import (BODY_FONT, CAPTION_LINES_PER_FIELD, GRID, HEADING_FONT, TITLE_FONT,
                                     TOC_STYLE, caption_height_lines, caption_lines, fill_toc_pages,
                                     max_caption_lines, row_height_mm, slot_mm, write_dossier)
from lib.dossier.model import Photo, Progress
from lib.media.tests import samples
from lib.dossier.photos import box_pixels, print_photo
from lib.dossier.tests.builders import COVER, photo, task


def build(tasks, per_page=4, workers=1):
    out = io.BytesIO()
    progress = Progress(total=sum(len(a.photos) for t in tasks for a in t.activities))
    write_dossier(out, cover=COVER, tasks=tasks, photos_per_page=per_page, progress=progress, workers=workers)
    out.seek(0)
    return Document(out), progress


def images(document):
    return [Image.open(io.BytesIO(part.blob)) for part in document.part.package.image_parts]


def test_cover_contents_task_and_activity_are_there():
    document, _ = build([task([photo(1)])])
    text = "\n".join(p.text for p in document.paragraphs)
    for expected in ("测试司法局", "2026年度创建全国文明城市工作台账", "编制日期：2026年12月1日",
                     "创建氛围-2　制作悬挂公益宣传广告", "第一期道德讲堂", "日期：2026-03-05　科室：行财科　状态：已通过",
                     "我局举办道德讲堂", "【方案（计划）】道德讲堂方案.docx", "☑ 方案（计划）（已满足）",
                     "☐ 照片 至少5张（未满足）"):
        assert expected in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "2分" in cells and "共性任务" in cells
    photo_cell = document.tables[1].cell(0, 0).text
    assert {p.style.name for p in document.tables[1].cell(0, 0).paragraphs[1:]} == {"照片说明"}
    assert "时间：2026年3月5日" in photo_cell and "主题：道德讲堂" in photo_cell


def test_contents_field_lists_the_tasks_and_word_updates_it_on_open():
    document, _ = build([task(), task(ref="创建氛围-3", text="开展道德讲堂")])
    body = document.element.body
    instructions = [i.text for i in body.iter(qn("w:instrText"))]
    assert instructions[0].strip() == 'TOC \\o "1-1" \\h \\z \\u'
    entries = [p for p in document.paragraphs if p.style.name == TOC_STYLE]
    assert [p.text.split("\t")[0] for p in entries] == ["创建氛围-2　制作悬挂公益宣传广告", "创建氛围-3　开展道德讲堂"]
    # The field's result spans the entries: it begins in the first and ends in the last, so Word
    # replaces the whole list when it updates the field.
    kinds = lambda p: [c.get(qn("w:fldCharType")) for c in p._p.iter(qn("w:fldChar"))]  # noqa: E731
    assert kinds(entries[0]) == ["begin", "separate"] and kinds(entries[-1]) == ["end"]
    assert document.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"


def test_page_numbers_start_at_one_on_the_body_and_not_on_cover_or_contents():
    document, _ = build([task()])
    cover_and_contents, body = document.sections
    assert "PAGE" not in "".join(i.text for i in cover_and_contents.footer._element.iter(qn("w:instrText")))
    assert "PAGE" in "".join(i.text for i in body.footer._element.iter(qn("w:instrText")))
    assert body._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"


def test_fill_toc_pages_writes_the_numbers_or_none_if_they_do_not_match_the_tasks(tmp_path):
    path = tmp_path / "d.docx"
    with path.open("wb") as out:
        write_dossier(out, cover=COVER, tasks=[task(), task(ref="创建氛围-3"), task(ref="创建氛围-4")],
                      photos_per_page=4, progress=Progress(total=0))
    copy = tmp_path / "copy.docx"
    copy.write_bytes(path.read_bytes())
    fill_toc_pages(path, [1, 7, None])
    entries = [p.text for p in Document(path).paragraphs if p.style.name == TOC_STYLE]
    assert [e.split("\t")[1] for e in entries] == ["1", "7", ""]
    assert "〔页码" not in Document(path).element.body.xml
    fill_toc_pages(copy, [1, 7])  # a heading went missing in the layout: no number rather than wrong ones
    assert [p.text.split("\t")[1] for p in Document(copy).paragraphs if p.style.name == TOC_STYLE] == ["", "", ""]


def test_font_table_names_a_chinese_fallback_for_each_gb_font():
    document, _ = build([task()])
    fonts = parse_xml(document.part.part_related_by(RT.FONT_TABLE).blob)
    declared = {f.get(qn("w:name")): f for f in fonts.iter(qn("w:font"))}
    for name in (BODY_FONT, HEADING_FONT, TITLE_FONT):
        assert declared[name].find(qn("w:altName")).get(qn("w:val"))
        assert declared[name].find(qn("w:charset")).get(qn("w:val")) == "86"


def test_chinese_fonts_are_set_as_east_asian():
    document, _ = build([task()])
    def east_asian(style):
        return style.element.rPr.rFonts.get(qn("w:eastAsia"))
    assert east_asian(document.styles["Normal"]) == BODY_FONT
    assert east_asian(document.styles["Heading 1"]) == HEADING_FONT
    assert document.sections[0].page_width.mm == pytest.approx(210, abs=0.1)


@pytest.mark.parametrize("per_page", sorted(GRID))
def test_photo_sheets_hold_the_chosen_number_per_page(per_page):
    document, progress = build([task([photo(n) for n in range(1, 8)])], per_page)
    columns, rows = GRID[per_page]
    sheets = document.tables[1:]
    assert len(sheets) == -(-7 // per_page)
    assert all(len(t.rows) == rows and len(t.columns) == columns for t in sheets)
    assert progress.done == 7
    # Captions under photos numbered in order.
    numbers = [c.paragraphs[1].text.split("　")[0] for t in sheets for row in t.rows for c in row.cells
               if len(c.paragraphs) > 1]
    assert numbers == [f"图{n}" for n in range(1, 8)]


def test_photos_are_upright_and_downscaled_to_the_slot():
    document, _ = build([task([photo(1, size=(1600, 1200), orientation=6), photo(2, size=(1600, 1200))])], 6)
    box = box_pixels(*slot_mm(6))
    rotated, plain = images(document)
    assert rotated.height > rotated.width and plain.width > plain.height
    assert max(rotated.size) <= max(box) and plain.width <= box[0] and plain.height <= box[1]


def test_print_photo_never_upscales_more_than_the_box():
    data = io.BytesIO()
    Image.new("RGB", (4000, 3000), "red").save(data, "JPEG")
    data.seek(0)
    printed = print_photo(data, (400, 400))
    assert (printed.width_px, printed.height_px) == (400, 300)


def test_png_with_transparency_goes_on_white():
    data = io.BytesIO()
    Image.new("RGBA", (100, 100), (0, 0, 0, 0)).save(data, "PNG")
    data.seek(0)
    printed = Image.open(io.BytesIO(print_photo(data, (50, 50)).jpeg))
    assert printed.getpixel((25, 25))[0] > 240


def test_an_unknown_layout_is_refused():
    with pytest.raises(ValueError):
        build([task()], 3)


def test_task_without_activities_says_so():
    document, _ = build([task(activities=())])
    assert "（暂无符合条件的活动资料）" in [p.text for p in document.paragraphs]


def test_a_process_pool_gives_the_same_photos_in_the_same_order():
    photos = [photo(n, size=(900 + 100 * n, 600)) for n in range(1, 6)]
    one, _ = build([task(photos)], 6)
    pooled, _ = build([task(photos)], 6, workers=2)
    assert [i.size for i in images(one)] == [i.size for i in images(pooled)]
    assert len({i.size for i in images(one)}) == 5


def test_a_damaged_photo_is_named_not_fatal():
    broken = Photo(number=2, captions=(("主题", "坏图"),), open=lambda: io.BytesIO(b"\xff\xd8\xff not a jpeg"))
    document, progress = build([task([photo(1), broken, photo(3)])], 4)
    text = document.tables[1]._element.xml
    assert "（照片文件已损坏，无法显示）" in text and len(document.inline_shapes) == 2 and progress.done == 3


@pytest.mark.parametrize("orientation, upright_portrait", [(1, False), (3, False), (6, True), (8, True)])
def test_every_orientation_comes_out_upright(orientation, upright_portrait):
    data = io.BytesIO()
    Image.new("RGB", (400, 300), "blue").save(data, "JPEG", exif=samples.exif(orientation=orientation))
    data.seek(0)
    printed = print_photo(data, (200, 200))
    assert (printed.height_px > printed.width_px) == upright_portrait


def test_every_picture_points_at_its_own_jpeg_in_document_order():
    """Photos are numbered by the writer itself: each drawing's relationship resolves to the
    photo printed in its place, also when two photos are the same file."""
    same = photo(1)
    document, _ = build([task([same, photo(2, size=(900, 1200)), same])], per_page=1)
    blips = document.element.body.findall(".//" + qn("a:blip"))
    parts = [document.part.related_parts[blip.get(qn("r:embed"))] for blip in blips]
    assert len(parts) == 3 and len({part.partname for part in parts}) == 3
    sizes = [Image.open(io.BytesIO(part.blob)).size for part in parts]
    assert sizes[0] == sizes[2] and sizes[1][0] < sizes[1][1]  # the portrait one is in its place
    ids = [element.get("id") for element in document.element.body.iter(qn("wp:docPr"))]
    assert len(set(ids)) == len(ids) == 3


def test_sheet_rows_have_a_fixed_height_and_each_sheet_starts_a_page():
    document, _ = build([task([photo(n) for n in range(1, 6)])], per_page=2)
    sheets = document.tables[1:]
    for sheet in sheets:
        start = sheet._tbl.getprevious()
        assert start.pPr.find(qn("w:pageBreakBefore")) is not None
        for row in sheet.rows:
            assert row.height_rule == 2 and row._tr.trPr.find(qn("w:cantSplit")) is not None  # EXACTLY
    assert "w:br" not in "".join(t._tbl.getprevious().xml for t in sheets)  # no break characters: no blank pages


@given(st.sampled_from(sorted(GRID)), st.text(max_size=120), st.integers(1, 999),
       st.lists(st.tuples(st.text(min_size=1, max_size=8), st.text(max_size=200)), max_size=6))
def test_a_caption_never_takes_more_than_its_share_of_lines(per_page, title, number, captions):
    lines = caption_lines(per_page, title, number, tuple(captions))
    assert caption_height_lines(per_page, lines[:1]) == 1
    assert caption_height_lines(per_page, lines) <= min(1 + CAPTION_LINES_PER_FIELD * len(captions),
                                                        max_caption_lines(per_page))
    assert lines[0].startswith(f"图{number}")
    assert slot_mm(per_page, caption_height_lines(per_page, lines))[1] >= 0.35 * row_height_mm(per_page)


def test_document_defaults_name_the_chinese_body_font_not_the_templates_theme_font():
    document, _ = build([task()])
    fonts = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert fonts.get(qn("w:eastAsia")) == BODY_FONT and fonts.get(qn("w:eastAsiaTheme")) is None
