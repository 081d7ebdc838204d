"""Reasons in words: every feature and value in both languages, chosen by the answer."""

import re

import pytest

from core.data.columns import BANK_FEATURES, QUESTIONNAIRE_FEATURES
from core.decisions.explanations import applicant_reasons, reason_text, staff_contributions, staff_reason_text
from core.decisions.schema import EDUCATION_LEVELS

VALUES = {
    "education": list(EDUCATION_LEVELS),
    "age": [21, 45, 72],
    "income": [1_000, 20_000, 20_001, 50_000, 50_001, 100_000, 100_001, 10_000_000],
    "good_work": [0, 1],
    "car": [0, 1],
    "car_type": [0, 1],
    "foreign_passport": [0, 1],
    "region_rating": [20, 50, 80],
    "home_address": [1, 2, 3],
    "work_address": [1, 2, 3],
    "decline_app_cnt": [0, 1, 7],
    "score_bki": [-3.1, -1.75, 0.1],
    "bki_request_cnt": [0, 4, 19],
    "sna": [1, 2, 3, 4],
    "first_time": [1, 2, 3, 4],
}
CASES = [(code, value) for code in QUESTIONNAIRE_FEATURES + BANK_FEATURES for value in VALUES[code]]
EFFECT = {
    ("en", "up"): "counted against",
    ("en", "down"): "in your favour",
    ("ru", "up"): "против",
    ("ru", "down"): "в пользу",
}


def told(code, value, direction="up", lang="en", **params):
    reason = {"code": code, "direction": direction, "contribution": 0.2, "value": value}
    return reason_text(reason | ({"params": params} if params else {}), lang)


def test_every_feature_has_values_to_check():
    assert set(VALUES) == set(QUESTIONNAIRE_FEATURES + BANK_FEATURES)


@pytest.mark.parametrize(("code", "value"), CASES)
@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("direction", ["up", "down"])
def test_every_value_of_every_feature_reads_as_a_sentence_with_its_effect(code, value, lang, direction):
    text = told(code, value, direction, lang, **({"region": "Tyva"} if code == "region_rating" else {}))
    assert EFFECT[lang, direction] in text
    assert text.endswith(".") and "{" not in text
    assert bool(re.search("[а-яё]", text, re.IGNORECASE)) == (lang == "ru")


@pytest.mark.parametrize(("code", "value"), CASES)
def test_the_words_follow_the_answer_not_the_direction(code, value):
    assert told(code, value, "up").split(" — ")[0] == told(code, value, "down").split(" — ")[0]


@pytest.mark.parametrize(
    ("code", "value", "en", "ru"),
    [
        ("foreign_passport", 1, "You have a passport for travel abroad", "У вас есть загранпаспорт"),
        ("foreign_passport", 0, "You have no passport for travel abroad", "У вас нет загранпаспорта"),
        ("good_work", 1, "You have a stable, well-paid job", "У вас стабильная"),
        ("good_work", 0, "You did not state a stable, well-paid job", "Вы не указали"),
        ("car", 1, "You own a car", "У вас есть автомобиль"),
        ("car", 0, "You do not own a car", "У вас нет автомобиля"),
        ("car_type", 1, "Your car is a foreign make", "Ваш автомобиль — иномарка"),
        ("car_type", 0, "You do not own a foreign-made car", "У вас нет иномарки"),
        ("income", 20_000, "Monthly income of 20,000 ₽ or less", "Ежемесячный доход 20 000 ₽ или меньше"),
        ("income", 20_001, "Monthly income over 20,000 ₽, up to 50,000 ₽", "больше 20 000 ₽, но не больше 50 000 ₽"),
        ("income", 120_000, "Monthly income over 100,000 ₽", "Ежемесячный доход больше 100 000 ₽"),
        ("education", "SCH", "Secondary school education", "Среднее образование"),
        ("age", 75, "Your age (75)", "Ваш возраст (75)"),
        ("home_address", 2, "Your home address is in category 2", "Домашний адрес категории 2"),
        ("decline_app_cnt", 3, "Earlier declined applications", "Ранее отклонённые заявки"),
        ("decline_app_cnt", 0, "No earlier declined applications", "Нет ранее отклонённых заявок"),
    ],
)
def test_a_reason_states_the_applicants_own_value(code, value, en, ru):
    assert told(code, value, lang="en").startswith(en)
    assert ru in told(code, value, lang="ru")


def test_the_region_is_named():
    assert told("region_rating", 40, region="Тыва").startswith("Your region of residence (Тыва)")
    assert told("region_rating", 40).startswith("Your region of residence —")  # records from before issue 11


@pytest.mark.parametrize(("code", "value"), [(c, v) for c in BANK_FEATURES for v in VALUES[c]])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_bank_data_is_told_in_general_words_never_raw_values(code, value, lang):
    text = told(code, value, lang=lang)
    assert not re.search(r"\d", text)


def test_a_known_client_hears_the_bank_side_reasons():
    reasons = [
        {"code": "score_bki", "direction": "up", "contribution": 0.4, "value": -1.2},
        {"code": "decline_app_cnt", "direction": "up", "contribution": 0.3, "value": 2},
        {"code": "income", "direction": "up", "contribution": 0.1, "value": 18_000},
    ]
    assert applicant_reasons(reasons, "en") == [
        "Your credit history as reported by the credit bureau — this counted against your application.",
        "Earlier declined applications — this counted against your application.",
        "Monthly income of 20,000 ₽ or less — this counted against your application.",
    ]


def test_a_knockout_is_told_as_the_rule():
    reason = {"code": "knockout.age", "params": {"min_age": 21, "max_age": 72}}
    assert applicant_reasons([reason], "ru") == ["Премиальная карта доступна в возрасте от 21 до 72 лет."]


def test_staff_see_the_raw_value_and_the_contribution():
    reason = {"code": "score_bki", "direction": "up", "contribution": 0.4123, "value": -1.2}
    assert staff_reason_text(reason, "en") == "Credit bureau score: -1.2 (contribution +0.412)"
    region = {
        "code": "region_rating",
        "direction": "down",
        "contribution": -0.1,
        "value": 80,
        "params": {"region": "Москва"},
    }
    assert staff_reason_text(region, "ru") == "Рейтинг региона: 80 (Москва) (вклад -0,100)"


def test_staff_see_every_contribution_largest_first():
    rows = staff_contributions({"income": 30_000, "age": 40, "car": 1}, {"income": 0.05, "age": -0.3, "car": 0.0}, "en")
    assert rows == [("Age", 40, -0.3), ("Monthly income", 30_000, 0.05), ("Owns a car", 1, 0.0)]
