"""Tests of the student/teacher pairing and of fitting a student to its teacher (Tokenlearn).

They run the real teacher (EmbeddingGemma-300M, fetched by scripts/setup.sh) on real corpus text;
without it they are skipped, loudly.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pytest

import search.encoder as encoder_module
from search.distill import DistillError, build_tokenizer
from search.encoder import PAIRING_FILE, load_encoder
from search.errors import SearchError
from search.tokenlearn import fit, held_out, read_targets, write_targets

REPO = Path(__file__).resolve().parent.parent
TEACHER = encoder_module.TEACHER_CACHE
needs_teacher = pytest.mark.skipif(
    not (TEACHER / "modules.json").exists(),
    reason=f"SKIPPED: no teacher at {TEACHER}; run `python -m search.distill fetch-teacher`",
)

# Real articles (first sentences) of data/corpus, as units: (unit id, text the encoder sees).
_ARTICLES = {
    "护士条例#art_10": "第十条 护士执业注册有效期届满需要继续执业的，应当在届满前30日申请延续。",
    "护士条例#art_21": "第二十一条 医疗卫生机构不得允许未取得护士执业证书的人员从事护理活动。",
    "献血法#art_9": "第九条 血站对献血者每次采集血液量一般为二百毫升，最多不得超过四百毫升。",
    "献血法#art_14": "第十四条 公民临床用血时只交付用于血液的采集、储存、分离、检验等费用。",
    "医疗废物管理条例#art_17": "第十七条 医疗废物暂时贮存的时间不得超过2天。",
    "医疗废物管理条例#art_21": "第二十一条 不具备集中处置医疗废物条件的农村，"
    "医疗卫生机构应当自行就地处置其产生的医疗废物。",
    "医疗机构管理条例#art_21": "第二十一条 床位不满100张的医疗机构，"
    "其《医疗机构执业许可证》每年校验1次。",
    "医疗机构管理条例#art_29": "第二十九条 医疗机构工作人员上岗工作，"
    "必须佩带载有本人姓名、职务或者职称的标牌。",
}
_TITLES = {"献血法": "中华人民共和国献血法"}
PASSAGES = [
    (unit, f"{_TITLES.get(unit.split('#')[0], unit.split('#')[0])} {text}")
    for unit, text in _ARTICLES.items()
]


def test_held_out_is_by_whole_document() -> None:
    ids = [f"doc{n}#art_{a}" for n in range(40) for a in range(5)]
    chosen = {i.split("#")[0] for i in ids if held_out(i, 0.3)}
    for unit in ids:
        assert held_out(unit, 0.3) == (unit.split("#")[0] in chosen)
    assert 0 < len(chosen) < 40  # some documents, not all
    assert held_out("doc7#art_1", 0.3) == held_out("doc7#art_1", 0.3)


def test_reading_no_targets_names_the_command(tmp_path) -> None:
    with pytest.raises(DistillError, match=r"python -m search\.tokenlearn targets"):
        read_targets(tmp_path)


def test_unreadable_pairing_file_is_a_clear_error(tmp_path) -> None:
    shipped = encoder_module.DATA_DIR / encoder_module.DEFAULT_MODEL
    student = tmp_path / "student"
    student.mkdir()
    for item in shipped.iterdir():
        target = student / item.name
        target.symlink_to(item)
    (student / PAIRING_FILE).unlink(missing_ok=True)
    (student / PAIRING_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(SearchError, match=r"regkg\.json is unreadable"):
        load_encoder(str(student))


def test_missing_query_model_falls_back_to_the_student_with_a_warning(monkeypatch, caplog) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(encoder_module, "TEACHER_CACHE", Path("/nonexistent/embeddinggemma-300m"))
    with caplog.at_level(logging.WARNING, logger="search.encoder"):
        alone = load_encoder()
    assert alone.query_encoder is None and alone.query_model == alone.name
    assert "lower recall" in caplog.text and "fetch-teacher" in caplog.text
    assert alone.encode_queries(["献血一次最多能抽多少"]).shape == (1, alone.dimension)


def test_query_model_self_keeps_queries_on_the_student(caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="search.encoder"):
        alone = load_encoder(query_model="self")
    assert alone.query_encoder is None and alone.query_model == "regkg-static-zh"
    assert not caplog.text  # asked for, so no warning
    assert alone.encode_queries(["献血一次最多能抽多少"]).shape == (1, 768)


@needs_teacher
@pytest.mark.slow
def test_shipped_student_answers_teacher_queries_in_one_space() -> None:
    paired = load_encoder()
    assert paired.query_model == "embeddinggemma-300m"
    docs = paired.encode_documents([t for _, t in PASSAGES])
    # Colloquial questions that share almost no words with the answering article.
    questions = {
        "医院员工上班不戴胸牌算违规吗": "医疗机构管理条例#art_29",
        "献过血的人自己以后用血还要交钱吗": "献血法#art_14",
        "村里没有集中处理厂，用过的针头怎么办": "医疗废物管理条例#art_21",
    }
    scores = paired.encode_queries(list(questions)) @ docs.T
    best = [PASSAGES[int(i)][0] for i in scores.argmax(axis=1)]
    assert best == list(questions.values())


@needs_teacher
@pytest.mark.slow
def test_fit_a_student_to_real_teacher_targets(tmp_path) -> None:
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding

    targets = tmp_path / "targets"
    assert write_targets(PASSAGES, TEACHER, targets) == 1
    assert write_targets(PASSAGES, TEACHER, targets) == 0  # resumes: nothing left to do
    ids, _, vectors = read_targets(targets)
    assert sorted(ids) == sorted(i for i, _ in PASSAGES) and vectors.shape == (8, 768)

    # A small distilled base: the passages' Chinese characters as tokens, random 32-d vectors.
    vocab = {ch: 1.0 for _, text in PASSAGES for ch in text if "\u4e00" <= ch <= "\u9fff"}
    tokenizer = build_tokenizer(vocab)
    rng = np.random.default_rng(0)
    weights = rng.normal(size=(tokenizer.get_vocab_size(), 32)).astype(np.float32)
    weights[0] = 0.0  # the unknown token
    base = tmp_path / "base"
    SentenceTransformer(modules=[StaticEmbedding(tokenizer, embedding_weights=weights)]).save(
        str(base)
    )
    student = tmp_path / "student"
    report = fit(base, student, targets, validation_share=0.5, epochs=5)
    assert report.train + report.validation == 8
    assert report.best_cosine >= report.start_cosine

    fitted = load_encoder(str(student))
    assert json.loads((student / PAIRING_FILE).read_text())["query_model"] == "embeddinggemma-300m"
    assert fitted.dimension == 768 and fitted.query_model == "embeddinggemma-300m"
    rows = fitted.encode_documents([t for _, t in PASSAGES] + ["，。！"])
    np.testing.assert_allclose(np.linalg.norm(rows[:-1], axis=1), 1.0, atol=1e-5)
    assert float(np.linalg.norm(rows[-1])) == 0.0  # no known token: a zero row, not a bias
    with pytest.raises(DistillError, match="already fitted"):
        fit(student, tmp_path / "again", targets)
