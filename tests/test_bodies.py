"""Body recognition: level words before core words, fixed bodies, the catalogue, ancestors."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from ingest.bodies import bodies_for, body, canonical_keys, find_body_mentions, issuer_keys
from ingest.models import BodyKind, DocumentKind, Level
from ingest.obligations import extract_obligations
from tests.test_citations import make_doc, seed


def keys_in(text: str) -> list[tuple[str, str]]:
    return [(m.raw, m.body_key) for m in find_body_mentions(make_doc(text), [])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("国家卫健委印发", [("国家卫健委", "health_administration/national")]),
        ("国务院卫生行政部门制定", [("国务院卫生行政部门", "health_administration/national")]),
        ("自治区卫生健康委负责", [("自治区卫生健康委", "health_administration/provincial")]),
        ("报至中卫市卫健委。", [("市卫健委", "health_administration/prefectural")]),
        # 设区市 written without 的 (各设区市卫生健康委员会), as provincial notices do
        ("各设区市卫生健康委员会每季度督导",
         [("设区市卫生健康委员会", "health_administration/prefectural")]),
        ("北京市卫生健康委员会负责", [("市卫生健康委员会", "health_administration/provincial")]),
        ("重庆市卫生健康委", [("市卫生健康委", "health_administration/provincial")]),
        ("县（区）卫生健康局要", [("县（区）卫生健康局", "health_administration/county")]),
        ("县级以上地方人民政府卫生行政部门",
         [("县级以上地方人民政府卫生行政部门", "health_administration/local")]),
        ("各级卫生健康行政部门", [("卫生健康行政部门", "health_administration/any")]),
        ("市级质控中心每年", [("市级质控中心", "quality_control_centre/prefectural")]),
        ("委托本级卫生监督机构", [("卫生监督机构", "supervision_agency/any")]),
        ("各乡镇卫生院、县直医疗机构报送",
         [("乡镇卫生院", "institution/primary_care"),
          ("县直医疗机构", "institution/medical_institution")]),
        ("委直属各医疗卫生单位", [("委直属各医疗卫生单位", "institution/medical_institution")]),
        # the names supervision institutes go by
        ("市卫生健康监督所负责抽查", [("市卫生健康监督所", "supervision_agency/prefectural")]),
        ("县卫生计生监督所", [("县卫生计生监督所", "supervision_agency/county")]),
        ("省卫生健康综合监督执法局",
         [("省卫生健康综合监督执法局", "supervision_agency/provincial")]),
        ("国家中医药局、国家疾控局",
         [("国家中医药局", "tcm_administration/national"),
          ("国家疾控局", "disease_control_administration/national")]),
        ("二级以上医院要设立医疗质量管理委员会",
         [("二级以上医院", "institution/hospital_level2_plus"),
          ("医疗质量管理委员会", "committee/medical_quality")]),
        ("科主任和护士长", [("科主任", "role/department_head"), ("护士长", "role/head_nurse")]),
        ("领取《医疗机构执业许可证》", []),
        # statute subjects: professions, institutions, enterprises and parties
        ("执业医师和护士", [("执业医师", "role/physician"), ("护士", "role/nurse")]),
        ("依照医师法，医师协会", []),  # a law and a society, not a physician
        ("护士长", [("护士长", "role/head_nurse")]),
        ("乡村医生和诊所", [("乡村医生", "role/village_doctor"), ("诊所", "institution/clinic")]),
        ("用人单位", [("用人单位", "organisation/employer")]),
        ("药品经营企业", [("药品经营企业", "enterprise/drug_business")]),
        ("疾病预防控制机构", [("疾病预防控制机构", "disease_control_centre/any")]),
        ("公民和患者", [("公民", "party/citizen"), ("患者", "party/patient")]),
        ("市卫生健康部门", [("市卫生健康部门", "health_administration/prefectural")]),
        ("负责药品监督管理的部门", [("负责药品监督管理的部门", "drug_administration/any")]),
        ("县级以上地方人民政府市场监督管理部门",
         [("县级以上地方人民政府市场监督管理部门", "market_regulation/local")]),
    ],
)  # fmt: skip
def test_body_patterns(text: str, expected: list[tuple[str, str]]) -> None:
    assert keys_in(text) == expected


def test_two_levels_in_one_mention() -> None:
    got = keys_in("设区的市和县级卫生健康行政部门负责")
    assert got == [
        ("设区的市和县级卫生健康行政部门", "health_administration/prefectural"),
        ("设区的市和县级卫生健康行政部门", "health_administration/county"),
    ]


def test_seed_001_bodies() -> None:
    counts = Counter(m.body_key for m in find_body_mentions(seed("001"), []))
    assert counts["health_administration/county"] == 9
    assert counts["health_administration/prefectural"] == 4  # 市卫健委
    assert counts["quality_control_centre/prefectural"] == 2
    assert counts["institution/medical_institution"] == 38


def test_seed_004_bodies() -> None:
    counts = Counter(m.body_key for m in find_body_mentions(seed("004"), []))
    assert counts["health_administration/provincial"] == 4
    assert counts["health_administration/prefectural"] >= 8
    assert counts["tcm_administration/provincial"] == 1
    assert counts["supervision_agency/any"] == 11


def test_catalogue_with_ancestors() -> None:
    bodies = {b.key: b for b in bodies_for(["quality_control_centre/county", "role/head_nurse"])}
    assert sorted(bodies) == [
        "government/national",
        "health_administration/county",
        "health_administration/national",
        "health_administration/prefectural",
        "health_administration/provincial",
        "institution/medical_institution",
        "quality_control_centre/county",
        "role/head_nurse",
    ]
    county = bodies["health_administration/county"]
    assert (county.name, county.level, county.kind) == (
        "县级卫生健康行政部门", Level.COUNTY, BodyKind.HEALTH_ADMINISTRATION,
    )  # fmt: skip
    assert "县（区）卫生健康局" in county.aliases
    assert county.parent_key == "health_administration/prefectural"
    assert bodies["health_administration/national"].name == "国家卫生健康委员会"
    assert bodies["role/head_nurse"].parent_key == "institution/medical_institution"


def test_unknown_key_is_refused() -> None:
    with pytest.raises(KeyError, match="unknown body key"):
        bodies_for(["health_administration/galactic"])


@pytest.mark.parametrize(
    ("key", "name", "kind", "level"),
    [
        ("institution/社区康复机构", "社区康复机构", BodyKind.INSTITUTION, Level.INSTITUTION),
        ("role/院前急救人员", "院前急救人员", BodyKind.INTERNAL_ROLE, Level.UNKNOWN),
        ("organisation/被检查单位", "被检查单位", BodyKind.OTHER, Level.UNKNOWN),
        ("party/当事人", "当事人", BodyKind.OTHER, Level.UNKNOWN),
        ("administration/公安机关", "公安机关", BodyKind.OTHER_ADMINISTRATION, Level.UNKNOWN),
        ("role/physician", "医师", BodyKind.INTERNAL_ROLE, Level.INSTITUTION),
        ("party/citizen", "公民", BodyKind.OTHER, Level.UNKNOWN),
        (
            "organisation/省级母婴保健医学技术鉴定委员会",
            "省级母婴保健医学技术鉴定委员会",
            BodyKind.OTHER,
            Level.PROVINCIAL,
        ),
    ],
)
def test_bodies_read_from_a_subject(key: str, name: str, kind: BodyKind, level: Level) -> None:
    """A subject read from the text (``kind/中文名``) is a body like any other, so the graph
    and ``regkg obligations --body 社区康复机构`` reach its duties."""
    (found,) = [b for b in bodies_for([key]) if b.key == key]
    assert (found.name, found.kind, found.level) == (name, kind, level)


@pytest.mark.parametrize("key", ["institution/学校", "party/", "role/doctor", "party/x"])
def test_a_named_key_must_fit_its_kind(key: str) -> None:
    with pytest.raises(KeyError, match="unknown body key"):
        bodies_for([key])


def test_physician_aliases() -> None:
    physician = bodies_for(["role/physician"])[-1]
    assert physician.key == "role/physician"
    assert {"执业医师", "执业助理医师"} <= set(physician.aliases)


def test_a_clause_cut_at_or_is_no_party() -> None:
    """检验不合格或者…: 或者 ends in 者 but names nobody."""
    from ingest.subjects import subject_keys

    assert subject_keys("检验不合格或者") == ()
    assert subject_keys("药品经营者") == ("party/药品经营者",)


@pytest.mark.parametrize(
    ("named", "canonical"),
    [
        ("institution/医疗机构", ("institution/medical_institution",)),  # a known body, named
        ("institution/军队医疗机构", ("institution/medical_institution",)),
        ("role/前款所指的乡村医生", ("role/village_doctor",)),  # a modifier that only points
        ("institution/本条例施行前已经设立的单采血浆站", ("institution/单采血浆站",)),
        ("organisation/下列单位", ("organisation/单位",)),
        # a …的 modifier before a known body: that body
        (
            "administration/接到通报的省、自治区、直辖市人民政府卫生行政主管部门",
            ("health_administration/provincial",),
        ),
        (
            "institution/使用放射性同位素和射线装置进行放射诊疗的医疗卫生机构",
            ("institution/medical_institution",),
        ),
        # the agent of a passive, after 由
        (
            "institution/口岸检验所需标准品、对照品由中国药品生物制品检定所",
            ("institution/中国药品生物制品检定所",),
        ),
        # kept: a modifier that says which ones, a founder, a body no rule knows
        ("organisation/从事食品批发业务的经营企业", ("organisation/从事食品批发业务的经营企业",)),
        ("institution/举办医疗机构", ("institution/举办医疗机构",)),
        ("health_administration/county", ("health_administration/county",)),
        # a specialty or class before a body of the institution: a kind of it
        ("role/精神科执业医师", ("role/physician",)),
        ("role/具有主治医师以上职称的精神科执业医师", ("role/physician",)),
        ("institution/精神卫生医疗机构", ("institution/medical_institution",)),
        # not a verb, a list or a negation before it
        ("role/任用非卫生技术人员", ("role/任用非卫生技术人员",)),
        ("role/村民和乡村医生", ("role/村民和乡村医生",)),
        ("institution/个人设置医疗机构", ("institution/个人设置医疗机构",)),
    ],
)
def test_a_subject_naming_a_known_body_is_that_body(named: str, canonical: tuple[str, ...]) -> None:
    assert canonical_keys([named]) == canonical
    assert all(body(k).key == k for k in canonical)


def test_obligations_bind_the_canonical_body() -> None:
    """A duty of 军队医疗机构 is a duty of 医疗机构: found under that body and in its checklist."""
    text = "军队医疗机构应当按照规定报告传染病疫情。前款所指的乡村医生应当参加培训。"
    doc = replace(make_doc(text), kind=DocumentKind.ADMINISTRATIVE_REGULATION)
    keys = [o.body_keys for o in extract_obligations(doc, [])]
    assert keys == [("institution/medical_institution",), ("role/village_doctor",)]


@pytest.mark.parametrize(
    ("issuer", "keys"),
    [
        ("中华人民共和国国务院", ["government/national"]),
        ("全国人民代表大会常务委员会", ["legislature/national"]),
        ("经山东省人民代表大会常务委员会", ["legislature/provincial"]),
        ("北京市人民代表大会常务委员会", ["legislature/provincial"]),  # a municipality
        ("淄博市人大常委会", ["legislature/prefectural"]),
        ("国家卫生健康委办公厅", ["health_administration/national"]),
        ("国家疾控局综合司", ["disease_control_administration/national"]),
        ("国家食品药品监督管理局", ["drug_administration/national"]),  # a former name
        ("国家教育委员会", []),  # no rule knows it
    ],
)
def test_an_issuer_is_the_body_its_name_says(issuer: str, keys: list[str]) -> None:
    assert issuer_keys(issuer) == keys
    assert [body(k).key for k in keys] == keys
    # The national legislature stands under no government body; a local one under the one above.
    assert body("legislature/national").parent_key is None
    assert body("legislature/prefectural").parent_key == "legislature/provincial"
