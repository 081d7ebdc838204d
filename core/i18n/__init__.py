"""User-facing texts in English and Russian: validation messages, offers and reasons.

Core returns codes with parameters; whoever shows them to a person renders them here, so the
same decision reads the same in the app, the command line and the analysts' view. One catalog,
kept in parts by concern: the manual review's texts are in `core.i18n.review`.
"""

from __future__ import annotations

from core.i18n.review import REVIEW_MESSAGES

LANGUAGES = ("en", "ru")

MESSAGES: dict[str, dict[str, str]] = {
    # Validation
    "error.required": {"en": "This field is required.", "ru": "Обязательное поле."},
    "error.not_a_number": {"en": "Enter a number.", "ru": "Введите число."},
    "error.not_a_whole_number": {"en": "Enter a whole number.", "ru": "Введите целое число."},
    "error.not_a_date": {"en": "Enter a date as YYYY-MM-DD.", "ru": "Введите дату в формате ГГГГ-ММ-ДД."},
    "error.not_yes_no": {"en": "Answer yes or no.", "ru": "Ответьте «да» или «нет»."},
    "error.choice": {"en": "Choose one of: {choices}.", "ru": "Выберите одно из значений: {choices}."},
    "error.range": {"en": "Must be between {low} and {high}.", "ru": "Значение должно быть от {low} до {high}."},
    "error.name_format": {
        "en": "Enter your full name as in your passport: surname, first name (and patronymic), letters only.",
        "ru": "Введите ФИО как в паспорте: фамилия, имя (и отчество), только буквы.",
    },
    "error.passport_format": {
        "en": "Enter the passport series and number: 10 digits.",
        "ru": "Введите серию и номер паспорта: 10 цифр.",
    },
    "error.birth_date_future": {"en": "The date of birth is in the future.", "ru": "Дата рождения в будущем."},
    "error.too_young": {
        "en": "Applicants must be at least {min_age} years old.",
        "ru": "Заявку можно подать с {min_age} лет.",
    },
    "error.too_old": {"en": "Check the date of birth.", "ru": "Проверьте дату рождения."},
    "error.income_range": {
        "en": "Enter your monthly income in roubles, from {low} to {high}.",
        "ru": "Укажите ежемесячный доход в рублях, от {low} до {high}.",
    },
    "error.foreign_car_without_car": {
        "en": "A foreign car can only be given if you own a car.",
        "ru": "Иномарку можно указать, только если у вас есть автомобиль.",
    },
    "error.unknown_region": {"en": "Choose your region from the list.", "ru": "Выберите регион из списка."},
    # Staff accounts (core.auth)
    "account.password_too_short": {
        "en": "The password must be at least {min_length} characters long.",
        "ru": "Пароль должен быть не короче {min_length} символов.",
    },
    "account.password_too_long": {
        "en": "The password must be at most {max_length} characters long.",
        "ru": "Пароль должен быть не длиннее {max_length} символов.",
    },
    "account.password_blank": {
        "en": "The password cannot be only spaces.",
        "ru": "Пароль не может состоять из пробелов.",
    },
    "account.bad_name": {
        "en": "A user name is 3 to 64 letters, digits or . _ @ - (no spaces).",
        "ru": "Имя пользователя: от 3 до 64 букв, цифр или знаков . _ @ - (без пробелов).",
    },
    "account.bad_role": {"en": "The role must be one of: {roles}.", "ru": "Роль должна быть одной из: {roles}."},
    "account.name_taken": {"en": "A user called {name} already exists.", "ru": "Пользователь {name} уже существует."},
    "account.no_such_user": {"en": "There is no user called {name}.", "ru": "Пользователя {name} нет."},
    "account.passwords_differ": {"en": "The two passwords differ.", "ru": "Пароли не совпадают."},
    # Offers
    "offer.premium_card": {
        "en": "Congratulations! You are approved for the Premium credit card.",
        "ru": "Поздравляем! Вам одобрена премиальная кредитная карта.",
    },
    "offer.starter_card": {
        "en": "We can't offer the Premium card right now, but the Starter card is ready for you: "
        "a card with a smaller limit that grows as you use it.",
        "ru": "Сейчас мы не можем предложить премиальную карту, но для вас готова карта «Старт»: "
        "лимит поменьше, и он растёт по мере использования.",
    },
    # Reasons: the knock-out rules and the overall assessment (the features' words are in the issue 11 block).
    "reason.knockout.age": {
        "en": "The Premium card is available from age {min_age} to {max_age}.",
        "ru": "Премиальная карта доступна в возрасте от {min_age} до {max_age} лет.",
    },
    "reason.overall": {"en": "The overall assessment of your application.", "ru": "Общая оценка заявки."},
    # --- Decisions a bank can stand behind: referral, identity, repeat applications (issue 11)
    "offer.review": {
        "en": "Thank you: your application needs a closer look by our staff. The bank will get back to you.",
        "ru": "Спасибо! Заявку рассмотрит сотрудник банка, и банк свяжется с вами.",
    },
    "referral.identity_mismatch": {
        "en": "Identity mismatch: the passport belongs to a client of the bank with a different date of birth or name.",
        "ru": "Расхождение личных данных: паспорт принадлежит клиенту банка с другой датой рождения или ФИО.",
    },
    "referral.repeat_application": {
        "en": "Repeat application: the same passport applied within {days} days with different answers.",
        "ru": "Повторная заявка: с тем же паспортом за последние {days} дн. подана заявка с другими ответами.",
    },
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
    # Consent (core.decisions.consent) and what happens next
    "consent.text.2026-11-25": {
        "en": "I agree that the bank may process the personal data in this application (name, date of birth, "
        "passport, region, education, income, job, car and passport for travel abroad, addresses) to decide on "
        "it and to keep the decision record, and that it may request my credit report from credit bureaus "
        "for this purpose. This consent is valid until it is withdrawn in writing.",
        "ru": "Я согласен(на) на обработку банком персональных данных из этой заявки (ФИО, дата рождения, "
        "паспорт, регион, образование, доход, работа, автомобиль и загранпаспорт, адреса) для решения по ней "
        "и хранения записи о решении, а также на запрос банком моей кредитной истории в бюро кредитных "
        "историй для этой цели. Согласие действует до его письменного отзыва.",
    },
    "error.consent_required": {
        "en": "To apply, agree to the processing of your data and the credit-bureau enquiry.",
        "ru": "Чтобы подать заявку, дайте согласие на обработку данных и запрос в бюро кредитных историй.",
    },
    "next.premium": {
        "en": "We will call you within one working day to arrange delivery of your card.",
        "ru": "Мы позвоним вам в течение рабочего дня, чтобы договориться о доставке карты.",
    },
    "next.alternative": {
        "en": "Accept the Starter card below and we will call you within one working day to arrange its delivery.",
        "ru": "Примите карту «Старт» ниже, и мы позвоним вам в течение рабочего дня, чтобы договориться о доставке.",
    },
    "next.referred": {
        "en": "An analyst will review your application within two working days, and the bank will contact you "
        "with the answer.",
        "ru": "Аналитик рассмотрит заявку в течение двух рабочих дней, и банк сообщит вам ответ.",
    },
    "application.number": {"en": "Application No. {number}", "ru": "Заявка № {number}"},
    "offer.accepted": {
        "en": "You have accepted the Starter card. We will call you within one working day.",
        "ru": "Вы приняли карту «Старт». Мы позвоним вам в течение рабочего дня.",
    },
    "offer.not_acceptable": {
        "en": "Only an offered Starter card can be accepted.",
        "ru": "Принять можно только предложенную карту «Старт».",
    },
    # --- hardened decision path: input, idempotency, a lost database (issue 9)
    "error.too_long": {"en": "Too long: at most {max} characters.", "ru": "Слишком длинно: не более {max} символов."},
    "error.bad_characters": {
        "en": "Contains characters that cannot be used here (control or invalid characters).",
        "ru": "Содержит недопустимые символы (управляющие или некорректные).",
    },
    "error.not_text": {"en": "Enter text.", "ru": "Введите текст."},
    "error.date_with_time": {
        "en": "Enter a date without a time, as YYYY-MM-DD.",
        "ru": "Введите дату без времени в формате ГГГГ-ММ-ДД.",
    },
    "error.idempotency_key_format": {
        "en": "The submission key may hold Latin letters, digits and . _ : - only, at most {max} characters.",
        "ru": "Ключ заявки может содержать только латинские буквы, цифры и . _ : -, не более {max} символов.",
    },
    "error.idempotency_key_reused": {
        "en": "This submission key was already used for different answers: send changed answers with a new key.",
        "ru": "Этот ключ заявки уже использован с другими ответами: отправьте изменённые ответы с новым ключом.",
    },
    "error.unknown_field": {"en": "Not a questionnaire field.", "ru": "Такого поля в анкете нет."},
    "error.answers_file": {
        "en": "Cannot read the answers: {problem}. Give a UTF-8 JSON file of one object of the questionnaire's fields.",
        "ru": "Не удалось прочитать ответы: {problem}. Нужен JSON-файл в UTF-8 с одним объектом полей анкеты.",
    },
    "error.database_unavailable": {
        "en": "The service cannot reach its database right now. Please try again shortly: your answers were not lost.",
        "ru": "Сервис сейчас не может связаться с базой данных. Попробуйте ещё раз чуть позже: ваши ответы сохранены.",
    },
    # --- first hour: common and missing passwords (issue 10)
    "account.password_common": {
        "en": "This password is one of the most common ones (or follows their pattern); choose another.",
        "ru": "Это один из самых распространённых паролей (или похож на них); выберите другой.",
    },
    "account.no_password": {
        "en": "No password was given: type it at the prompt, or pipe it on standard input.",
        "ru": "Пароль не задан: введите его в ответ на запрос или передайте через стандартный ввод.",
    },
}


MESSAGES.update(REVIEW_MESSAGES)


def t(key: str, lang: str = "en", **params: object) -> str:
    """Render message `key` in `lang` (English when the language is unknown), filling `params`."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**params) if params else text
