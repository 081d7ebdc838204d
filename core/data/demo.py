"""Synthetic credit applications, so a fresh clone runs without the real data.

`fit_params` summarises a real labelled file into a small JSON: per-column marginals, a
Gaussian copula that ties the columns together, and a logistic label model
P(default | application). `generate_applications` samples from that summary in exactly
the real CSV schema; `generate_identities` adds a made-up person to each generated row.
Only the fitted summary is committed, never a real row.
"""

from __future__ import annotations

import calendar
import functools
import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import special, stats

from core.data.columns import CATEGORICAL_FEATURES, EDUCATION_CODES
from core.data.dataset import DATE_FORMAT, HISTORY_COLUMNS

DEMO_PARAMS_PATH: Path = Path(__file__).with_name("demo_params.json")

# Demo values, not the bank's ratings: chosen so that every rating 20..80 has regions to draw.
_REGIONS_BY_RATING = {
    80: ("Москва", "Санкт-Петербург"),
    70: ("Московская область", "Ленинградская область", "Республика Татарстан", "Тюменская область",
         "Ханты-Мансийский автономный округ — Югра"),
    60: ("Свердловская область", "Краснодарский край", "Самарская область", "Нижегородская область",
         "Новосибирская область", "Красноярский край", "Пермский край", "Ростовская область"),
    50: ("Челябинская область", "Республика Башкортостан", "Воронежская область", "Белгородская область",
         "Калужская область", "Ярославская область", "Тульская область", "Иркутская область", "Омская область",
         "Томская область", "Хабаровский край", "Приморский край"),
    40: ("Волгоградская область", "Саратовская область", "Оренбургская область", "Удмуртская Республика",
         "Кемеровская область", "Алтайский край", "Ставропольский край", "Владимирская область",
         "Тверская область", "Рязанская область"),
    30: ("Курганская область", "Кировская область", "Псковская область", "Костромская область",
         "Республика Марий Эл", "Забайкальский край"),
    20: ("Республика Тыва", "Республика Алтай", "Республика Калмыкия", "Еврейская автономная область"),
}  # fmt: skip
DEMO_REGIONS: tuple[tuple[str, int], ...] = tuple(
    (name, rating) for rating, names in _REGIONS_BY_RATING.items() for name in names
)

# The copula works on numeric codes; `car_kind` (0 none, 1 domestic, 2 foreign) makes a
# foreign car without a car impossible by construction.
DISCRETE = (
    "month", "education", "sex", "age", "car_kind", "decline_app_cnt", "good_work", "bki_request_cnt",
    "region_rating", "home_address", "work_address", "sna", "first_time", "foreign_passport",
)  # fmt: skip
CONTINUOUS = ("score_bki", "income")
COPULA = DISCRETE + CONTINUOUS
# Mid-level quantiles, denser in the tails; each lies between two applications' values.
QUANTILE_LEVELS = np.union1d((np.arange(200) + 0.5) / 200, [0.0005, 0.001, 0.0015, 0.9985, 0.999, 0.9995])
# Unordered categories enter the copula ordered by default rate, so that a non-monotone
# relationship (home_address 2 defaults more than 3, which defaults more than 1) survives.
NOMINAL = CATEGORICAL_FEATURES
_EDUCATION = tuple(EDUCATION_CODES)


def generate_applications(n: int, *, seed: int = 0, params: dict | None = None) -> pd.DataFrame:
    """`n` synthetic labelled applications in the real CSV schema and column order.

    The same `seed` gives the same frame; `params=None` uses the shipped `demo_params.json`.
    """
    params = params if params is not None else _load_params(DEMO_PARAMS_PATH)
    rng = np.random.default_rng(seed)
    codes = sample_codes(n, rng, params)
    codes.loc[rng.random(n) < params["education_missing"], "education"] = np.nan
    default = rng.random(n) < special.expit(label_logit(codes, params["label_model"]))
    return _to_frame(codes, default, params["year"], rng)


def generate_identities(frame: pd.DataFrame, *, seed: int = 0) -> pd.DataFrame:
    """A made-up person for each row of a generated frame, on the same index.

    Columns: `full_name` ("Фамилия Имя Отчество", matching `sex`), `birth_date` (the row's
    `age` on its `app_date`), `passport` (10 digits, unique in the frame) and `region`
    (a `DEMO_REGIONS` name with the row's `region_rating`).
    """
    # A separate stream, so identities do not echo the draws that made the applications.
    rng = np.random.default_rng([seed, 1])
    n, male = len(frame), (frame["sex"] == "M").to_numpy()
    surname = rng.integers(len(_SURNAMES), size=n)
    surnames = np.where(male, np.array(_SURNAMES)[surname], np.array([_feminine(s) for s in _SURNAMES])[surname])
    men, women = np.array(_MALE_NAMES), np.array(_FEMALE_NAMES)
    given = np.where(male, men[rng.integers(len(men), size=n), 0], women[rng.integers(len(women), size=n)])
    father = men[rng.integers(len(men), size=n)]
    patronymics = np.where(male, father[:, 1], father[:, 2])
    full_names = [f"{s} {g} {p}" for s, g, p in zip(surnames, given, patronymics, strict=True)]
    return pd.DataFrame(
        {
            "full_name": full_names,
            "birth_date": _birth_dates(frame, rng),
            "passport": _passports(n, rng),
            "region": _regions(frame["region_rating"].to_numpy(), rng),
        },
        index=frame.index,
    )


# --- sampling --------------------------------------------------------------------------


@functools.cache
def _load_params(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def sample_codes(n: int, rng: np.random.Generator, params: dict) -> pd.DataFrame:
    chol = np.linalg.cholesky(np.array(params["correlation"]))
    uniform = stats.norm.cdf(rng.standard_normal((n, len(COPULA))) @ chol.T)
    return pd.DataFrame(marginal_values(uniform, params["marginals"]), columns=list(COPULA))


def marginal_values(uniform: np.ndarray, marginals: dict) -> np.ndarray:
    out = np.empty_like(uniform)
    for j, name in enumerate(COPULA):
        spec = marginals[name]
        if "quantiles" in spec:
            out[:, j] = np.interp(uniform[:, j], QUANTILE_LEVELS, spec["quantiles"])
        else:
            index = np.searchsorted(np.cumsum(spec["probs"]), uniform[:, j])
            out[:, j] = np.asarray(spec["values"])[np.minimum(index, len(spec["values"]) - 1)]
    return out


def spline_input(x: np.ndarray, transform: str) -> np.ndarray:
    return {"none": x, "log": np.log(np.maximum(x, 1)), "log1p": np.log1p(np.maximum(x, 0))}[transform]


def basis(x: np.ndarray, term: dict) -> np.ndarray:
    if "levels" in term:
        return (x[:, None] == np.asarray(term["levels"])[None, :]).astype(float)
    t = spline_input(x, term["transform"])
    hinges = [np.maximum(t - k, 0) for k in term["knots"]]
    return np.column_stack([t, *hinges]) / term["scale"]


def label_logit(codes: pd.DataFrame, model: dict) -> np.ndarray:
    logit = np.full(len(codes), model["intercept"])
    for term in model["terms"]:
        logit += basis(codes[term["column"]].to_numpy(), term) @ np.asarray(term["coef"])
    return logit


def _to_frame(codes: pd.DataFrame, default: np.ndarray, year: int, rng: np.random.Generator) -> pd.DataFrame:
    n = len(codes)
    month = codes["month"].to_numpy(int)
    days_in_month = np.array([calendar.monthrange(year, m)[1] for m in range(1, 13)])
    # The day is uniform within its month: only the month carries the default trend.
    day = (rng.random(n) * days_in_month[month - 1]).astype(int)
    month_start = np.cumsum(np.r_[0, days_in_month[:-1]])
    # Formatting each calendar day once is far faster than formatting every row.
    labels = pd.date_range(f"{year}-01-01", f"{year}-12-31").strftime(DATE_FORMAT).str.upper().to_numpy()
    education = np.array([*_EDUCATION, np.nan], dtype=object)[codes["education"].fillna(-1).to_numpy(int)]
    car_kind = codes["car_kind"].to_numpy(int)
    text = {
        "app_date": labels[month_start[month - 1] + day],
        "education": education,
        "sex": np.where(codes["sex"] == 1, "M", "F"),
        "car": np.where(car_kind > 0, "Y", "N"),
        "car_type": np.where(car_kind == 2, "Y", "N"),
        "foreign_passport": np.where(codes["foreign_passport"] == 1, "Y", "N"),
    }
    # Real incomes are whole thousands in 96 % of applications.
    numbers = codes.assign(
        income=np.maximum(np.round(codes["income"], -3), 1000),
        default=default,
        client_id=np.arange(1, n + 1),
    )
    columns = {name: pd.Series(values, dtype="str") for name, values in text.items()}
    columns |= {name: numbers[name].astype("int64") for name in HISTORY_COLUMNS if name not in text}
    columns["score_bki"] = numbers["score_bki"]
    return pd.DataFrame({name: columns[name] for name in HISTORY_COLUMNS})


# --- identities ------------------------------------------------------------------------


def _birth_dates(frame: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    applied = pd.to_datetime(frame["app_date"], format=DATE_FORMAT).dt.date.to_numpy()
    ages = frame["age"].to_numpy(int)
    # A person is `age` on the day of application if born after the day `age + 1` years
    # before it and no later than the day `age` years before it.
    before = [(_years_before(day, age + 1), _years_before(day, age)) for day, age in zip(applied, ages, strict=True)]
    bounds = np.array(before, dtype="datetime64[D]").reshape(-1, 2)
    days = (bounds[:, 1] - bounds[:, 0]).astype(int)
    return (bounds[:, 1] - (rng.random(len(frame)) * days).astype(int)).astype(object)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # Feb 29 in a year without one
        return day.replace(year=day.year - years, day=28)


def _passports(n: int, rng: np.random.Generator) -> np.ndarray:
    numbers = np.unique(rng.integers(10**9, 10**10, size=n))
    while len(numbers) < n:
        numbers = np.unique(np.r_[numbers, rng.integers(10**9, 10**10, size=n - len(numbers))])
    return rng.permutation(numbers).astype(str)


def _regions(rating: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    names = np.array([name for name, _ in DEMO_REGIONS], dtype=object)
    ratings = np.array([r for _, r in DEMO_REGIONS])
    region = np.empty(len(rating), dtype=object)
    for value in np.unique(rating):
        rows, options = rating == value, names[ratings == value]
        if not len(options):
            raise ValueError(f"no demo region has region_rating {value}")
        region[rows] = options[rng.integers(len(options), size=rows.sum())]
    return region


def _feminine(surname: str) -> str:
    for ending, female in (("ский", "ская"), ("цкий", "цкая"), ("ой", "ая")):
        if surname.endswith(ending):
            return surname[: -len(ending)] + female
    return surname + "а" if surname.endswith(("ов", "ев", "ёв", "ин", "ын")) else surname


# Common surnames in their masculine form; `_feminine` derives the feminine one.
_SURNAMES = (
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров",
    "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев",
    "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев",
    "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв",
    "Ильин", "Максимов", "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев", "Антонов", "Тарасов",
    "Жуков", "Баранов", "Филиппов", "Комаров", "Давыдов", "Беляев", "Герасимов", "Богданов", "Осипов", "Сидоров",
    "Матвеев", "Титов", "Марков", "Миронов", "Крылов", "Куликов", "Карпов", "Власов", "Мельников", "Денисов",
    "Островский", "Вишневский", "Шевченко", "Бондаренко", "Ткаченко",
)  # fmt: skip
# (given name, patronymic of his son, patronymic of his daughter)
_MALE_NAMES = (
    ("Александр", "Александрович", "Александровна"),
    ("Алексей", "Алексеевич", "Алексеевна"),
    ("Анатолий", "Анатольевич", "Анатольевна"),
    ("Андрей", "Андреевич", "Андреевна"),
    ("Антон", "Антонович", "Антоновна"),
    ("Артём", "Артёмович", "Артёмовна"),
    ("Борис", "Борисович", "Борисовна"),
    ("Вадим", "Вадимович", "Вадимовна"),
    ("Валерий", "Валерьевич", "Валерьевна"),
    ("Василий", "Васильевич", "Васильевна"),
    ("Виктор", "Викторович", "Викторовна"),
    ("Виталий", "Витальевич", "Витальевна"),
    ("Владимир", "Владимирович", "Владимировна"),
    ("Вячеслав", "Вячеславович", "Вячеславовна"),
    ("Геннадий", "Геннадьевич", "Геннадьевна"),
    ("Георгий", "Георгиевич", "Георгиевна"),
    ("Григорий", "Григорьевич", "Григорьевна"),
    ("Денис", "Денисович", "Денисовна"),
    ("Дмитрий", "Дмитриевич", "Дмитриевна"),
    ("Евгений", "Евгеньевич", "Евгеньевна"),
    ("Иван", "Иванович", "Ивановна"),
    ("Игорь", "Игоревич", "Игоревна"),
    ("Илья", "Ильич", "Ильинична"),
    ("Кирилл", "Кириллович", "Кирилловна"),
    ("Константин", "Константинович", "Константиновна"),
    ("Леонид", "Леонидович", "Леонидовна"),
    ("Максим", "Максимович", "Максимовна"),
    ("Михаил", "Михайлович", "Михайловна"),
    ("Николай", "Николаевич", "Николаевна"),
    ("Олег", "Олегович", "Олеговна"),
    ("Павел", "Павлович", "Павловна"),
    ("Пётр", "Петрович", "Петровна"),
    ("Роман", "Романович", "Романовна"),
    ("Сергей", "Сергеевич", "Сергеевна"),
    ("Станислав", "Станиславович", "Станиславовна"),
    ("Степан", "Степанович", "Степановна"),
    ("Юрий", "Юрьевич", "Юрьевна"),
    ("Фёдор", "Фёдорович", "Фёдоровна"),
)  # fmt: skip
_FEMALE_NAMES = (
    "Анна", "Мария", "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Екатерина", "Светлана", "Юлия",
    "Анастасия", "Дарья", "Марина", "Людмила", "Галина", "Надежда", "Валентина", "Любовь", "Евгения", "Ксения",
    "Алина", "Виктория", "Кристина", "Оксана", "Вероника", "Полина", "Софья", "Александра", "Алёна", "Лариса",
    "Нина", "Вера", "Елизавета", "Маргарита", "Жанна", "Яна",
)  # fmt: skip
