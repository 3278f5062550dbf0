"""Unit tests of rank fusion: RRF and weighted, normalisation, deterministic ties."""

from __future__ import annotations

import pytest

from search.fusion import RRF_K, Ranker, fuse, lead_first, normalise, standardise


def test_normalise_min_max_and_constant_lists() -> None:
    assert normalise([3.0, 1.0, 2.0]) == [1.0, 0.0, 0.5]
    assert normalise([0.7, 0.7]) == [1.0, 1.0]
    assert normalise([]) == []


def test_rrf_rewards_agreement_between_signals() -> None:
    fused = fuse({"lexical": [(1, 9.0), (2, 5.0)], "dense": [(2, 0.8), (3, 0.7)]})
    assert [f.row for f in fused] == [2, 1, 3]
    assert fused[0].score == pytest.approx(1 / (RRF_K + 2) + 1 / (RRF_K + 1))
    assert fused[0].signals == {"lexical": 5.0, "dense": 0.8}
    assert fused[0].ranks == {"lexical": 2, "dense": 1}


def test_weighted_uses_normalised_scores_and_weights() -> None:
    fused = fuse(
        {"lexical": [(1, 30.0), (2, 10.0)], "dense": [(2, 0.9), (1, 0.5)]},
        ranker=Ranker.WEIGHTED,
        weights={"lexical": 0.3, "dense": 0.7},
    )
    assert [(f.row, round(f.score, 3)) for f in fused] == [(2, 0.7), (1, 0.3)]


def test_standardise_gives_z_scores_and_zero_for_constant_lists() -> None:
    assert standardise([3.0, 1.0, 2.0]) == pytest.approx([1.2247449, -1.2247449, 0.0])
    assert standardise([0.7, 0.7]) == [0.0, 0.0]
    assert standardise([]) == []


def test_zscore_adds_weighted_z_scores_rescaled_to_unit_range() -> None:
    lists = {
        "lexical": [(1, 20.0), (2, 8.0), (3, 7.0), (4, 6.0), (5, 5.0)],
        "dense": [(2, 0.62), (3, 0.61), (4, 0.60), (1, 0.59), (5, 0.30)],
    }
    fused = fuse(lists, ranker=Ranker.ZSCORE, weights={"lexical": 0.5, "dense": 0.5})
    assert [f.row for f in fused] == [1, 2, 3, 4, 5]
    assert [round(f.score, 4) for f in fused] == [1.0, 0.6196, 0.5679, 0.5162, 0.0]
    assert fused[0].signals == {"lexical": 20.0, "dense": 0.59}


def test_lead_first_promotes_only_a_standout_top_hit() -> None:
    ranked = [(4, 0.9, {"dense": 0.7}), (1, 0.6, {"lexical": 40.0}), (2, 0.5, {})]
    standout = [(1, 40.0), *((row, 2.0) for row in range(10, 20))]
    assert lead_first(ranked, standout) == [
        (1, 0.9, {"lexical": 40.0}),
        (4, 0.9, {"dense": 0.7}),
        (2, 0.5, {}),
    ]
    ordinary = [(1, 12.0), (2, 11.0), (4, 10.0)]  # top z ≈ 1.2
    assert lead_first(ranked, ordinary) == ranked
    assert lead_first(ranked, [(7, 40.0), *standout[1:]]) == ranked  # top not among ranked
    assert lead_first(ranked, []) == ranked


def test_ties_break_by_row_whatever_the_input_order() -> None:
    a = fuse({"lexical": [(7, 1.0)], "dense": [(4, 1.0)]})
    b = fuse({"dense": [(4, 1.0)], "lexical": [(7, 1.0)]})
    assert [f.row for f in a] == [f.row for f in b] == [4, 7]


def test_ranker_names_are_stable_strings() -> None:
    assert Ranker("rrf") is Ranker.RRF
    assert str(Ranker.WEIGHTED) == "weighted"
    assert Ranker("zscore") is Ranker.ZSCORE


def test_filters_reject_unknown_kinds_and_levels() -> None:
    from search.errors import SearchError
    from search.hits import SearchFilters

    assert SearchFilters.of(kind="law,notice").kinds == {"law", "notice"}
    with pytest.raises(SearchError, match="unknown kind laws: expected one of"):
        SearchFilters.of(kind="laws")
    with pytest.raises(SearchError, match="unknown level city"):
        SearchFilters.of(level=["city"])


@pytest.mark.parametrize(
    ("unit", "place", "applies"),
    [
        ("全国", "新疆", True),  # national law binds everywhere
        ("新疆维吾尔自治区", "新疆", True),
        ("北京市", "北京市朝阳区", True),  # a city's rule binds its districts
        ("北京市", "新疆", False),
        ("全国", "全国", True),
        ("北京市", "全国", False),  # 全国 keeps national law only
        (None, "新疆", False),
    ],
)
def test_a_place_finds_national_law_and_its_own_rules(
    unit: str | None, place: str, applies: bool
) -> None:
    from search.hits import applies_in

    assert applies_in(unit, place) is applies
