"""Plain text hard-wrapped at a fixed width (pasted from a PDF) is joined back before parsing,
so a title or a number cut at the margin is whole again; text that was not wrapped is kept."""

from __future__ import annotations

from pathlib import Path

from ingest import parse_document
from ingest.hard_wraps import join_hard_wraps

DATA = Path(__file__).resolve().parent.parent / "data"

PARAGRAPHS = (
    "　　为加强消毒供应中心管理，根据《医院消毒供应中心管理规范》和《医疗机构消毒技术规范》"
    "（WS/T 367—2012），决定在全市开展消毒供应质量专项检查。",
    "一、检查范围",
    "　　全市二级以上医院和开展手术的一级医疗机构，重点检查器械清洗、消毒、灭菌和监测记录"
    "等环节的落实情况。",
    "二、工作要求",
    "　　各区卫生健康局于6月30日前完成辖区自查汇总，并将汇总表报市卫生健康委医政处，"
    "逾期不报的予以通报。",
    "　　市卫生健康监督所负责组织抽查，每季度向市卫生健康委报送一次检查进展和发现的问题。",
)


def wrapped(width: int) -> str:
    """The notice as a PDF pastes it: every paragraph cut every ``width`` characters."""
    lines: list[str] = ["某市卫生健康委员会关于开展消毒供应质量专项检查的通知", ""]
    for paragraph in PARAGRAPHS:
        lines += [paragraph[i : i + width] for i in range(0, len(paragraph), width)]
    return "\n".join(lines) + "\n"


def test_lines_cut_at_the_margin_are_joined_and_titles_read_whole() -> None:
    text = wrapped(26)
    assert "医院消毒供应中心管理规范" not in text  # cut at the margin
    joined, count = join_hard_wraps(text)
    assert count >= 5
    for paragraph in PARAGRAPHS:
        assert paragraph in joined  # every paragraph whole, headings on their own lines
    parsed = parse_document(text.encode(), "通知.txt")
    titles = {c.title for c in parsed.citations}
    assert {"医院消毒供应中心管理规范", "医疗机构消毒技术规范"} <= titles
    assert any("hard-wrapped" in p.message for p in parsed.problems)
    duties = {o.body_keys for o in parsed.obligations}
    assert ("health_administration/county",) in duties


def test_text_that_was_not_wrapped_is_left_alone() -> None:
    for path in [*DATA.glob("seeds/*.txt"), *DATA.glob("corpus/*/*.md")][:40]:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert join_hard_wraps(text) == (text, 0), path.name
