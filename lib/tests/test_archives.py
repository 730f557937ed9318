import io
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.archives import (
    BOMB_MESSAGE,
    DAMAGED_MESSAGE,
    DTD_MESSAGE,
    NOT_ZIP_MESSAGE,
    TOO_MANY_MEMBERS_MESSAGE,
    ArchiveError,
    ArchiveLimits,
    check_office_zip,
)

from .zips import with_declared_sizes, zip_of

SMALL = ArchiveLimits(max_members=50, max_total_bytes=4 * 1024 * 1024, max_ratio=100, ratio_floor_bytes=64 * 1024)


def refusal(data: bytes, limits: ArchiveLimits = SMALL) -> str:
    with pytest.raises(ArchiveError) as caught:
        check_office_zip(data, limits)
    return caught.value.message


def test_ordinary_office_parts_pass_and_the_stream_is_rewound():
    stream = io.BytesIO(zip_of({"word/document.xml": b"<w:document>" + "文明城市".encode() * 5000 + b"</w:document>"}))
    check_office_zip(stream, SMALL)
    assert stream.tell() == 0


def test_honest_bomb_is_refused_by_its_directory():
    assert refusal(zip_of({"word/document.xml": bytes(5 * 1024 * 1024)})) == BOMB_MESSAGE


def test_high_ratio_member_is_refused_below_the_total():
    assert refusal(zip_of({"xl/media/a.bin": bytes(1024 * 1024)})) == BOMB_MESSAGE


def test_bomb_that_declares_small_sizes_is_refused_while_inflating():
    bomb = with_declared_sizes(zip_of({"word/document.xml": bytes(3 * 1024 * 1024)}), file_size=100)
    # zipfile stops at the declared size and the CRC no longer matches: refused, never inflated.
    assert refusal(bomb) in (BOMB_MESSAGE, DAMAGED_MESSAGE)


def test_bomb_that_declares_a_huge_compressed_size_is_measured_against_the_real_file():
    data = zip_of({"word/document.xml": bytes(3 * 1024 * 1024)})
    lying = with_declared_sizes(data, compress_size=2**31, file_size=1024)
    limits = ArchiveLimits(max_members=50, max_total_bytes=64 * 1024 * 1024, max_ratio=100, ratio_floor_bytes=1024)
    assert refusal(lying, limits) in (BOMB_MESSAGE, DAMAGED_MESSAGE)


def test_many_honest_members_add_up_to_the_total():
    members = {f"word/part{index}.xml": bytes(range(256)) * 1024 for index in range(20)}  # 5 MB, ratio ~ 1
    assert refusal(zip_of(members)) == BOMB_MESSAGE


def test_twenty_thousand_entries_are_refused_quickly():
    data = zip_of({f"x/{index}.xml": b"" for index in range(20_000)})
    started = time.monotonic()
    assert refusal(data, ArchiveLimits()) == TOO_MANY_MEMBERS_MESSAGE
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("xml", [
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><a>&lol2;</a>',
    b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><a>&xxe;</a>',
])
def test_entity_declarations_are_refused(xml):
    assert refusal(zip_of({"word/document.xml": xml})) == DTD_MESSAGE


def test_entity_declaration_across_a_chunk_boundary_is_seen():
    xml = b"<a>" + b" " * (64 * 1024 - 7) + b"<!DOCTYPE a>"  # the marker straddles the first chunk's end
    assert refusal(zip_of({"xl/workbook.xml": xml}), ArchiveLimits()) == DTD_MESSAGE


def test_truncated_archive_is_damaged():
    data = zip_of({"word/document.xml": b"<a>" + bytes(range(256)) * 400 + b"</a>"})
    assert refusal(data[: len(data) // 2]) in (DAMAGED_MESSAGE, NOT_ZIP_MESSAGE)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2048))
def test_any_bytes_are_accepted_or_refused_with_a_message(data):
    try:
        check_office_zip(b"PK\x03\x04" + data, SMALL)
    except ArchiveError as error:
        assert error.message
