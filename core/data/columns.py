"""The vocabulary of the application data: its columns, the questionnaire's and the bank's
fields, and the codes of categorical answers. Every layer above speaks in these names."""

from __future__ import annotations

QUESTIONNAIRE_FEATURES = (
    "education",
    "age",
    "income",
    "good_work",
    "car",
    "car_type",
    "foreign_passport",
    "region_rating",
    "home_address",
    "work_address",
)
BANK_FEATURES = ("decline_app_cnt", "score_bki", "bki_request_cnt", "sna", "first_time")
# Unordered categories: linear models one-hot encode them; trees split on the codes.
CATEGORICAL_FEATURES = ("home_address", "work_address")
EDUCATION_CODES = {"SCH": 0, "UGR": 1, "GRD": 2, "PGR": 3, "ACD": 4}

HISTORY_COLUMNS = (
    "client_id",
    "app_date",
    "education",
    "sex",
    "age",
    "car",
    "car_type",
    "decline_app_cnt",
    "good_work",
    "score_bki",
    "bki_request_cnt",
    "region_rating",
    "home_address",
    "work_address",
    "income",
    "sna",
    "first_time",
    "foreign_passport",
    "default",
)
# What scoring needs: the questionnaire's columns; the bank's columns are optional per row.
SCORE_COLUMNS = (
    "education",
    "age",
    "car",
    "car_type",
    "good_work",
    "region_rating",
    "home_address",
    "work_address",
    "income",
    "foreign_passport",
)
DATE_FORMAT = "%d%b%Y"
