"""The words of the reasons (issue 11): each feature's value as the applicant reads it, the
effect of a reason, and the feature names staff see. Part of `core.i18n.MESSAGES`, kept in a
module of its own so that the catalogue stays a readable size.
"""

from __future__ import annotations

REASON_TEXTS: dict[str, dict[str, str]] = {
    # Reasons: the applicant's own value in words and its effect (core.decisions.explanations)
    "reason.effect.up": {
        "en": "{what} — this counted against your application.",
        "ru": "{what} — это говорит против заявки.",
    },
    "reason.effect.down": {
        "en": "{what} — this counted in your favour.",
        "ru": "{what} — это говорит в пользу заявки.",
    },
    "reason.overall.up": {
        "en": "Taken together, your answers put the estimated risk above the Premium card's limit.",
        "ru": "В совокупности ответов оценка риска выше допустимой для премиальной карты.",
    },
    "reason.value.education.SCH": {"en": "Secondary school education", "ru": "Среднее образование"},
    "reason.value.education.UGR": {"en": "Incomplete higher education", "ru": "Неоконченное высшее образование"},
    "reason.value.education.GRD": {"en": "Higher education", "ru": "Высшее образование"},
    "reason.value.education.PGR": {"en": "Postgraduate education", "ru": "Послевузовское образование"},
    "reason.value.education.ACD": {"en": "An academic degree", "ru": "Учёная степень"},
    "reason.value.age": {"en": "Your age ({age})", "ru": "Ваш возраст ({age})"},
    "reason.value.income.0": {"en": "Monthly income of {low} ₽ or less", "ru": "Ежемесячный доход {low} ₽ или меньше"},
    "reason.value.income.1": {
        "en": "Monthly income over {low} ₽, up to {mid} ₽",
        "ru": "Ежемесячный доход больше {low} ₽, но не больше {mid} ₽",
    },
    "reason.value.income.2": {
        "en": "Monthly income over {mid} ₽, up to {high} ₽",
        "ru": "Ежемесячный доход больше {mid} ₽, но не больше {high} ₽",
    },
    "reason.value.income.3": {"en": "Monthly income over {high} ₽", "ru": "Ежемесячный доход больше {high} ₽"},
    "reason.value.good_work.yes": {
        "en": "You have a stable, well-paid job",
        "ru": "У вас стабильная, хорошо оплачиваемая работа",
    },
    "reason.value.good_work.no": {
        "en": "You did not state a stable, well-paid job",
        "ru": "Вы не указали стабильную, хорошо оплачиваемую работу",
    },
    "reason.value.car.yes": {"en": "You own a car", "ru": "У вас есть автомобиль"},
    "reason.value.car.no": {"en": "You do not own a car", "ru": "У вас нет автомобиля"},
    "reason.value.car_type.yes": {"en": "Your car is a foreign make", "ru": "Ваш автомобиль — иномарка"},
    "reason.value.car_type.no": {"en": "You do not own a foreign-made car", "ru": "У вас нет иномарки"},
    "reason.value.foreign_passport.yes": {
        "en": "You have a passport for travel abroad",
        "ru": "У вас есть загранпаспорт",
    },
    "reason.value.foreign_passport.no": {
        "en": "You have no passport for travel abroad",
        "ru": "У вас нет загранпаспорта",
    },
    "reason.value.region_rating": {
        "en": "Your region of residence ({region})",
        "ru": "Ваш регион проживания ({region})",
    },
    "reason.value.region_rating.unnamed": {"en": "Your region of residence", "ru": "Ваш регион проживания"},
    "reason.value.home_address.1": {"en": "Your home address is in category 1", "ru": "Домашний адрес категории 1"},
    "reason.value.home_address.2": {"en": "Your home address is in category 2", "ru": "Домашний адрес категории 2"},
    "reason.value.home_address.3": {"en": "Your home address is in category 3", "ru": "Домашний адрес категории 3"},
    "reason.value.work_address.1": {"en": "Your work address is in category 1", "ru": "Рабочий адрес категории 1"},
    "reason.value.work_address.2": {"en": "Your work address is in category 2", "ru": "Рабочий адрес категории 2"},
    "reason.value.work_address.3": {"en": "Your work address is in category 3", "ru": "Рабочий адрес категории 3"},
    "reason.value.decline_app_cnt.some": {"en": "Earlier declined applications", "ru": "Ранее отклонённые заявки"},
    "reason.value.decline_app_cnt.none": {
        "en": "No earlier declined applications",
        "ru": "Нет ранее отклонённых заявок",
    },
    "reason.value.score_bki": {
        "en": "Your credit history as reported by the credit bureau",
        "ru": "Ваша кредитная история по данным бюро кредитных историй",
    },
    "reason.value.bki_request_cnt": {
        "en": "Recent enquiries about you to credit bureaus",
        "ru": "Запросы о вас в бюро кредитных историй",
    },
    "reason.value.sna": {"en": "Your connections with the bank's clients", "ru": "Ваши связи с клиентами банка"},
    "reason.value.first_time": {"en": "How long the bank has known you", "ru": "Как давно банк вас знает"},
    "reason.staff": {
        "en": "{feature}: {value} (contribution {contribution:+.3f})",
        "ru": "{feature}: {value} (вклад {contribution:+.3f})",
    },
    "feature.education": {"en": "Education", "ru": "Образование"},
    "feature.age": {"en": "Age", "ru": "Возраст"},
    "feature.income": {"en": "Monthly income", "ru": "Ежемесячный доход"},
    "feature.good_work": {"en": "Stable, well-paid job", "ru": "Стабильная, хорошо оплачиваемая работа"},
    "feature.car": {"en": "Owns a car", "ru": "Есть автомобиль"},
    "feature.car_type": {"en": "Foreign car", "ru": "Иномарка"},
    "feature.foreign_passport": {"en": "Passport for travel abroad", "ru": "Загранпаспорт"},
    "feature.region_rating": {"en": "Region rating", "ru": "Рейтинг региона"},
    "feature.home_address": {"en": "Home address category", "ru": "Категория домашнего адреса"},
    "feature.work_address": {"en": "Work address category", "ru": "Категория рабочего адреса"},
    "feature.decline_app_cnt": {"en": "Earlier declined applications", "ru": "Ранее отклонённые заявки"},
    "feature.score_bki": {"en": "Credit bureau score", "ru": "Балл БКИ"},
    "feature.bki_request_cnt": {"en": "Credit bureau enquiries", "ru": "Запросы в БКИ"},
    "feature.sna": {"en": "Ties to the bank's clients", "ru": "Связи с клиентами банка"},
    "feature.first_time": {"en": "How long known to the bank", "ru": "Давность знакомства с банком"},
}
