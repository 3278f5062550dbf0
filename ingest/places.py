"""Chinese place names in a short text and their administrative level.

Provincial units come from the fixed list of 34; other places are found by jieba's
place-name tag (ns).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

from ingest.models import Level

# The 34 provincial-level units with the short forms used in titles (宁夏, 新疆 …).
_PROVINCES: dict[str, str] = {
    "北京": "北京市",
    "天津": "天津市",
    "上海": "上海市",
    "重庆": "重庆市",
    "河北": "河北省",
    "山西": "山西省",
    "辽宁": "辽宁省",
    "吉林": "吉林省",
    "黑龙江": "黑龙江省",
    "江苏": "江苏省",
    "浙江": "浙江省",
    "安徽": "安徽省",
    "福建": "福建省",
    "江西": "江西省",
    "山东": "山东省",
    "河南": "河南省",
    "湖北": "湖北省",
    "湖南": "湖南省",
    "广东": "广东省",
    "海南": "海南省",
    "四川": "四川省",
    "贵州": "贵州省",
    "云南": "云南省",
    "陕西": "陕西省",
    "甘肃": "甘肃省",
    "青海": "青海省",
    "台湾": "台湾省",
    "内蒙古": "内蒙古自治区",
    "广西": "广西壮族自治区",
    "西藏": "西藏自治区",
    "宁夏": "宁夏回族自治区",
    "新疆": "新疆维吾尔自治区",
    "香港": "香港特别行政区",
    "澳门": "澳门特别行政区",
}
_PROVINCE_PREFIX = re.compile(
    "^(" + "|".join(sorted((*_PROVINCES.values(), *_PROVINCES), key=len, reverse=True)) + ")"
)
_NATIONAL = {"中华人民共和国", "中国", "全国"}
_PLACE_SUFFIX = re.compile(r"(省|自治区|特别行政区|市|自治州|州|盟|地区|自治县|县|旗|区)$")


@lru_cache(maxsize=1)
def _posseg() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    import jieba.posseg

    return jieba.posseg


def places_in(text: str) -> list[str]:
    """Place names in order of appearance, provinces expanded to their full names."""
    found: list[str] = []
    match = _PROVINCE_PREFIX.match(text)
    if match:
        found.append(_PROVINCES.get(match.group(1), match.group(1)))
    for word in _posseg().cut(text):
        name = word.word
        if word.flag != "ns" or name in _NATIONAL:
            continue
        full = _PROVINCES.get(name, name)
        if (full in _PROVINCES.values() or _PLACE_SUFFIX.search(full)) and full not in found:
            found.append(full)
    return found


def place_level(name: str) -> Level:
    """Administrative level of a place: 上海市, 宁夏回族自治区 provincial; 中卫市 prefectural."""
    if name in _NATIONAL:
        return Level.NATIONAL
    if name in _PROVINCES.values() or name.endswith(("省", "自治区", "特别行政区")):
        return Level.PROVINCIAL
    if name.endswith(("市", "州", "盟", "地区", "经济特区")):  # 汕头经济特区 is a city
        return Level.PREFECTURAL
    if name.endswith(("县", "旗", "区")):
        return Level.COUNTY
    return Level.UNKNOWN
