"""The synthetic demo data: the real schema, the real data's shape, and made-up identities."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

from core.data.dataset import HISTORY_COLUMNS, parse_applications, read_applications
from core.data.demo import DEMO_PARAMS_PATH, DEMO_REGIONS, generate_applications, generate_identities
from core.modelling.features import SEGMENT_FEATURES, encode_frame

REAL_DATA = Path(__file__).resolve().parents[4] / "shared" / "data" / "credit_applications.csv"
ROOT = Path(__file__).resolve().parents[3]
TEXT_COLUMNS = {"app_date", "education", "sex", "car", "car_type", "foreign_passport"}
DISCRETE_COLUMNS = (
    "education", "sex", "car", "car_type", "good_work", "region_rating", "home_address", "work_address", "sna",
    "first_time", "foreign_passport", "decline_app_cnt", "bki_request_cnt",
)  # fmt: skip


@pytest.fixture(scope="module")
def synthetic() -> pd.DataFrame:
    return generate_applications(50_000, seed=0)


@pytest.fixture(scope="module")
def real() -> pd.DataFrame:
    if not REAL_DATA.exists():
        pytest.skip(f"real data not found at {REAL_DATA}")
    return pd.read_csv(REAL_DATA)


def _rates(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame.groupby(column)["default"].mean()


# --- schema ----------------------------------------------------------------------------


def test_columns_are_the_real_schema_in_order(synthetic: pd.DataFrame) -> None:
    assert list(synthetic.columns) == list(HISTORY_COLUMNS)
    assert synthetic["client_id"].tolist() == list(range(1, len(synthetic) + 1))


def test_csv_round_trip_reads_back_with_the_real_files_dtypes(synthetic: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "demo.csv"
    synthetic.to_csv(path, index=False)
    read = pd.read_csv(path)
    for name in HISTORY_COLUMNS:
        expected = "str" if name in TEXT_COLUMNS else "float64" if name == "score_bki" else "int64"
        assert read[name].dtype == expected, name
    pd.testing.assert_frame_equal(read, synthetic, check_exact=False, rtol=1e-12)


def test_dtypes_match_the_real_file(synthetic: pd.DataFrame, real: pd.DataFrame) -> None:
    assert synthetic.dtypes.to_dict() == real.dtypes.to_dict()


def test_the_history_reader_accepts_a_generated_file(tmp_path: Path) -> None:
    path = tmp_path / "demo.csv"
    generate_applications(2_000, seed=5).to_csv(path, index=False)
    assert len(read_applications(path, purpose="history")) == 2_000


def test_dates_are_jan_to_apr_2014_with_upper_case_months(synthetic: pd.DataFrame) -> None:
    assert synthetic["app_date"].str.fullmatch(r"\d{2}(JAN|FEB|MAR|APR)2014").all()
    dates = pd.to_datetime(synthetic["app_date"], format="%d%b%Y")
    assert dates.min() == pd.Timestamp("2014-01-01")
    assert dates.max() == pd.Timestamp("2014-04-30")


# --- values ----------------------------------------------------------------------------


def test_foreign_car_only_with_a_car(synthetic: pd.DataFrame) -> None:
    assert not ((synthetic["car_type"] == "Y") & (synthetic["car"] == "N")).any()
    assert set(synthetic["car_type"]) == {"Y", "N"}


def test_values_stay_in_the_real_ranges(synthetic: pd.DataFrame) -> None:
    assert synthetic["age"].between(21, 72).all()
    assert synthetic["income"].between(1_000, 1_000_000).all()
    assert synthetic["score_bki"].between(-3.62, 0.2).all()
    assert (synthetic[["decline_app_cnt", "bki_request_cnt"]] >= 0).all().all()
    assert set(synthetic["region_rating"]) <= set(range(20, 81, 10))
    assert set(synthetic["home_address"]) | set(synthetic["work_address"]) == {1, 2, 3}
    assert set(synthetic["sna"]) | set(synthetic["first_time"]) == {1, 2, 3, 4}
    assert set(synthetic["good_work"]) | set(synthetic["default"]) == {0, 1}
    assert set(synthetic["sex"]) == {"M", "F"}
    assert set(synthetic["education"].dropna()) == {"SCH", "UGR", "GRD", "PGR", "ACD"}
    assert 0.002 < synthetic["education"].isna().mean() < 0.007


def test_same_seed_same_frame_other_seed_other_frame() -> None:
    pd.testing.assert_frame_equal(generate_applications(1_000, seed=3), generate_applications(1_000, seed=3))
    assert not generate_applications(1_000, seed=3).equals(generate_applications(1_000, seed=4))


def test_hundred_thousand_applications_with_identities_are_quick() -> None:
    started = time.perf_counter()
    generate_identities(generate_applications(100_000, seed=1), seed=1)
    assert time.perf_counter() - started < 5


# --- the real data's shape ---------------------------------------------------------------


def test_default_rate_is_the_real_one(synthetic: pd.DataFrame) -> None:
    assert synthetic["default"].mean() == pytest.approx(0.127, abs=0.01)


def test_default_rate_falls_with_education() -> None:
    # Few applicants hold an academic degree; 200k rows give the rarest level enough of them.
    rates = _rates(generate_applications(200_000, seed=2), "education")
    assert rates["SCH"] > rates["UGR"] > rates["GRD"] > rates["PGR"] > rates["ACD"]


def test_default_rate_falls_from_january_to_april(synthetic: pd.DataFrame) -> None:
    rates = synthetic.groupby(synthetic["app_date"].str[2:5])["default"].mean()
    assert rates["JAN"] - rates["APR"] > 0.02


def test_column_shares_follow_the_real_data(synthetic: pd.DataFrame, real: pd.DataFrame) -> None:
    for name in DISCRETE_COLUMNS:
        shares = [frame[name].value_counts(normalize=True, dropna=False) for frame in (synthetic, real)]
        distance = shares[0].sub(shares[1], fill_value=0).abs().sum() / 2
        assert distance < 0.02, name
    for name in ["age", "income", "score_bki"]:
        quantiles = [frame[name].quantile([0.1, 0.5, 0.9]) for frame in (synthetic, real)]
        np.testing.assert_allclose(quantiles[0], quantiles[1], rtol=0.05, err_msg=name)


def test_default_rates_per_level_follow_the_real_data(synthetic: pd.DataFrame, real: pd.DataFrame) -> None:
    for name in ["education", "region_rating", "home_address", "work_address", "sna", "first_time", "car_type"]:
        counts = synthetic[name].value_counts()
        common = counts[counts >= 2_000].index
        np.testing.assert_allclose(_rates(synthetic, name)[common], _rates(real, name)[common], atol=0.015)


def test_rank_correlations_follow_the_real_data(synthetic: pd.DataFrame, real: pd.DataFrame) -> None:
    def numeric(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.drop(columns=["client_id", "app_date"])
        codes = {"SCH": 0, "UGR": 1, "GRD": 2, "PGR": 3, "ACD": 4, "Y": 1, "N": 0, "M": 1, "F": 0}
        return frame.apply(lambda column: column.map(codes) if column.dtype == "str" else column)

    gap = numeric(synthetic).corr("spearman") - numeric(real).corr("spearman")
    assert gap.abs().max().max() < 0.08


# --- the parameters file -----------------------------------------------------------------


def test_params_file_is_small_and_holds_no_rows() -> None:
    params = json.loads(DEMO_PARAMS_PATH.read_text(encoding="utf-8"))
    assert DEMO_PARAMS_PATH.stat().st_size < 100_000

    def longest_list(value: object) -> int:
        if isinstance(value, dict):
            return max(map(longest_list, value.values()), default=0)
        if isinstance(value, list):
            return max([len(value), *map(longest_list, value)])
        return 0

    assert longest_list(params) <= 250  # quantile grids and tables, nowhere near 59,039 rows


def test_params_reveal_no_single_applicant(real: pd.DataFrame) -> None:
    params = json.loads(DEMO_PARAMS_PATH.read_text(encoding="utf-8"))
    for name, marginal in params["marginals"].items():
        if "probs" in marginal:
            assert min(marginal["probs"]) * len(real) >= 9.5, name  # every table entry is 10+ applications
        else:  # no quantile reaches the ten most extreme applications on either side
            extremes = np.sort(real[name].to_numpy())[[9, -10]]
            assert extremes[0] < min(marginal["quantiles"]) <= max(marginal["quantiles"]) < extremes[1], name


def test_fit_command_writes_parameters_that_reproduce_the_real_default_rate(real: pd.DataFrame, tmp_path: Path) -> None:
    out = tmp_path / "params.json"
    command = [sys.executable, "-m", "core.data.demo_fit", "fit", "--data", str(REAL_DATA), "--out", str(out)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    assert str(out) in result.stdout
    frame = generate_applications(20_000, seed=9, params=json.loads(out.read_text(encoding="utf-8")))
    assert frame["default"].mean() == pytest.approx(real["default"].mean(), abs=0.01)


def test_sample_command_writes_the_generated_frame(tmp_path: Path) -> None:
    out = tmp_path / "demo.csv"
    command = [sys.executable, "-m", "core.data.demo_fit", "sample", "--n", "500", "--seed", "4", "--out", str(out)]
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
    pd.testing.assert_frame_equal(pd.read_csv(out), generate_applications(500, seed=4), check_exact=False)


# --- identities --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def identities(synthetic: pd.DataFrame) -> pd.DataFrame:
    return generate_identities(synthetic, seed=0)


def test_identities_share_the_frames_index(synthetic: pd.DataFrame, identities: pd.DataFrame) -> None:
    assert identities.index.equals(synthetic.index)
    assert list(identities.columns) == ["full_name", "birth_date", "passport", "region"]


def test_passports_are_unique_ten_digit_strings(identities: pd.DataFrame) -> None:
    assert identities["passport"].str.fullmatch(r"\d{10}").all()
    assert identities["passport"].is_unique


def test_birth_dates_give_the_rows_age_on_its_application_date(
    synthetic: pd.DataFrame, identities: pd.DataFrame
) -> None:
    applied = pd.to_datetime(synthetic["app_date"], format="%d%b%Y").dt.date
    born = identities["birth_date"]
    assert all(isinstance(day, date) for day in born)
    ages = [a.year - b.year - ((a.month, a.day) < (b.month, b.day)) for a, b in zip(applied, born, strict=True)]
    assert ages == synthetic["age"].tolist()


def test_regions_have_the_rows_rating(synthetic: pd.DataFrame, identities: pd.DataFrame) -> None:
    rating = dict(DEMO_REGIONS)
    assert identities["region"].map(rating).tolist() == synthetic["region_rating"].tolist()


def test_names_are_russian_and_match_sex(synthetic: pd.DataFrame, identities: pd.DataFrame) -> None:
    parts = identities["full_name"].str.split(" ", expand=True)
    assert identities["full_name"].str.fullmatch(r"[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+").all()
    male = synthetic["sex"] == "M"
    assert parts.loc[male, 2].str.endswith("ич").all()
    assert parts.loc[~male, 2].str.endswith("на").all()
    assert parts.loc[~male, 0].str.endswith(("а", "ая", "ко")).all()


def test_identities_are_deterministic_by_seed(synthetic: pd.DataFrame) -> None:
    head = synthetic.head(200)
    pd.testing.assert_frame_equal(generate_identities(head, seed=1), generate_identities(head, seed=1))
    assert not generate_identities(head, seed=1).equals(generate_identities(head, seed=2))


def test_demo_regions_cover_every_rating_in_russian() -> None:
    names = [name for name, _ in DEMO_REGIONS]
    assert 40 <= len(DEMO_REGIONS) <= 60
    assert len(set(names)) == len(names)
    assert all(any("а" <= ch.lower() <= "я" for ch in name) for name in names)
    assert {rating for _, rating in DEMO_REGIONS} == set(range(20, 81, 10))


# --- models trained on it ------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(("segment", "low", "high"), [("new", 0.60, 0.70), ("existing", 0.68, 0.78)])
def test_catboost_reaches_the_real_auroc_per_segment(segment: str, low: float, high: float) -> None:
    from catboost import CatBoostClassifier

    frame = parse_applications(generate_applications(30_000, seed=21), purpose="history")
    features, target = encode_frame(frame, SEGMENT_FEATURES[segment]), frame["default"].to_numpy()
    scores = np.zeros(len(target))
    for train, test in StratifiedKFold(3, shuffle=True, random_state=0).split(features, target):
        model = CatBoostClassifier(iterations=300, random_seed=0, verbose=0, allow_writing_files=False)
        scores[test] = model.fit(features[train], target[train]).predict_proba(features[test])[:, 1]
    assert low <= roc_auc_score(target, scores) <= high
