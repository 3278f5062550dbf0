"""Decoding, folding and web-boilerplate removal on the real seeds."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from ingest.boilerplate import html_to_text, strip_boilerplate
from ingest.errors import IngestError
from ingest.reading import common_share, decode, fold, normalise_newlines

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"
PLAN = (SEEDS / "001_68de7e2d6fa5fde6.txt").read_text(encoding="utf-8")
WEB = (SEEDS / "002_b1b565328e64de7c.txt").read_text(encoding="utf-8")


def traditional(text: str) -> str:
    """The seed in traditional characters, with the Big5 forms of OpenCC's rarer variants."""
    return opencc.OpenCC("s2t").convert(text).translate(str.maketrans("爲牀羣衆", "為床群眾"))


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (PLAN, "utf-8", "utf-8"),
        (PLAN, "utf-8-sig", "utf-8"),
        (PLAN, "utf-16", "utf-16-le"),
        (PLAN, "utf-16-be", "utf-16-be"),  # no byte-order mark
        (PLAN, "gbk", "gb18030"),
        (PLAN, "gb18030", "gb18030"),
        (traditional(PLAN), "big5", "big5"),
    ],
)
def test_decode_recovers_the_text(text: str, codec: str, expected: str) -> None:
    decoded = decode(text.encode(codec))
    assert decoded.text == normalise_newlines(text)
    assert decoded.encoding == expected


def test_gbk_and_big5_are_told_apart_by_common_characters() -> None:
    gbk = PLAN.encode("gbk")
    big5 = traditional(PLAN).encode("big5")
    assert common_share(gbk.decode("gb18030")) > 0.99
    assert common_share(gbk.decode("cp950", errors="replace")) < 0.6
    assert common_share(big5.decode("cp950")) > 0.99
    assert common_share(big5.decode("gb18030", errors="replace")) < 0.7


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "file is empty"),
        (b"  \n\n ", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file"),
        (bytes(range(1, 32)) * 50, "binary file"),
    ],
)
def test_unusable_bytes_raise_one_line_errors(data: bytes, fragment: str) -> None:
    with pytest.raises(IngestError) as caught:
        decode(data, source="x.txt")
    assert fragment in str(caught.value)
    assert str(caught.value).startswith("x.txt: ")
    assert "\n" not in str(caught.value)


def test_size_limit_is_configurable() -> None:
    with pytest.raises(IngestError, match=r"over the 0\.0 MB limit"):
        decode("第一条 测试。".encode(), max_bytes=10)
    assert decode("第一条 测试。".encode(), max_bytes=100).text == "第一条 测试。"


def test_newlines_are_unified() -> None:
    assert normalise_newlines("a\r\nb\rc\fd\ufeff") == "a\nb\nc\nd"


def test_fold_keeps_length_and_converts() -> None:
    text = "國衛辦醫政函〔2025〕228號（以下簡稱《方案》）ＡＢＣ１２３：，　乾隆"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == "国卫办医政函〔2025〕228号（以下简称《方案》）ABC123:, 乾隆"


def test_fold_keeps_length_on_the_whole_web_seed() -> None:
    folded = fold(WEB)
    assert len(folded) == len(WEB)
    assert "整治内容" in folded and "国卫办医政函〔2025〕228号" in folded


def test_boilerplate_removal_keeps_the_body_of_seed_002() -> None:
    kept, dropped = strip_boilerplate(WEB)
    assert "關于印發醫療機構醫療質量安全專項整治行動方案的通知" in kept
    assert "國衛辦醫政函〔2025〕228號" in kept
    for n in "一二三四五六七八九十":
        assert f"({n})" in kept
    assert "加強教育引導" in kept
    # navigation, the music widget and the link farm are gone
    assert "首页 |" not in kept
    assert "音樂小圖標" not in kept and "播放 暫停" not in kept
    assert "主站蜘蛛池模板" not in kept and "汽车漆品牌" not in kept
    assert "[登錄]" not in kept
    assert len(dropped) == 8
    assert {d.reason for d in dropped} == {"boilerplate", "near_boilerplate"}


@pytest.mark.parametrize(
    "name",
    [
        "000_e8441b651c306fc0",
        "001_68de7e2d6fa5fde6",
        "003_589e6644b93518d1",
        "004_7640afe18d2e02d4",
    ],
)
def test_boilerplate_removal_leaves_clean_documents_alone(name: str) -> None:
    text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    assert strip_boilerplate(text) == (text, [])


def test_html_to_text_keeps_blocks_and_drops_scripts() -> None:
    html = (
        "<html><head><title>t</title><script>var x=1;</script></head><body>"
        "<h1>关于印发某方案的通知</h1><p>各医疗机构：</p><p>现印发给你们&amp;执行。</p>"
        "<table><tr><td>1-1-1 内容</td><td>6分</td></tr></table></body></html>"
    )
    text = html_to_text(html)
    assert "var x" not in text
    assert "关于印发某方案的通知\n" in text
    assert "现印发给你们&执行。" in text
    assert "1-1-1 内容 |  | 6分" in text or "1-1-1 内容 | 6分" in text.replace("  ", " ")


@pytest.mark.parametrize(
    ("title", "kept"),
    [("关于加强投诉管理工作的通知_通知公告_某市卫生健康委员会", "关于加强投诉管理工作的通知"),
     ("关于加强投诉管理工作的通知 - 某市人民政府网", "关于加强投诉管理工作的通知"),
     ("关于加强投诉管理工作的通知|某市卫健委", "关于加强投诉管理工作的通知"),
     ("首页_某市卫健委", "首页_某市卫健委")],
)  # fmt: skip
def test_a_page_title_loses_its_site_and_section(title: str, kept: str) -> None:
    page = f"<html><head><title>{title}</title></head><body><p>正文。</p></body></html>"
    text = html_to_text(page)
    assert text.splitlines()[0] == kept


def test_page_numbers_of_a_text_export_are_dropped() -> None:
    """第 1 页 共 2 页 / - 2 - lines of a report saved as text are page furniture, not part of the
    item above them; a number inside a sentence or alone as a list number stays."""
    text = (
        "二、自查发现的问题\n（四）2例疑似病例未按时限进行网络直报。\n\n第 1 页 共 2 页\n\n"
        "三、整改措施\n（一）公卫科每周开展一次漏报自查，第1页记录保存3年。\n- 2 -\n3\n"
    )
    kept, dropped = strip_boilerplate(text)
    assert "第 1 页 共 2 页" not in kept and "- 2 -" not in kept
    assert "第1页记录保存3年" in kept and "\n3\n" in kept
    assert {d.reason for d in dropped} == {"page_number"}
