"""User-facing texts in English and Russian: validation messages, offers and reasons.

Core returns codes with parameters; whoever shows them to a person renders them here, so the
same decision reads the same in the app, the command line and the analysts' view.
"""

from __future__ import annotations

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
    # Reasons: one per feature and direction, in plain words.
    "reason.knockout.age": {
        "en": "The Premium card is available from age {min_age} to {max_age}.",
        "ru": "Премиальная карта доступна в возрасте от {min_age} до {max_age} лет.",
    },
    "reason.overall": {"en": "The overall assessment of your application.", "ru": "Общая оценка заявки."},
    "reason.education.up": {"en": "Your level of education.", "ru": "Ваш уровень образования."},
    "reason.education.down": {"en": "Your level of education.", "ru": "Ваш уровень образования."},
    "reason.age.up": {"en": "Your age.", "ru": "Ваш возраст."},
    "reason.age.down": {"en": "Your age.", "ru": "Ваш возраст."},
    "reason.income.up": {"en": "Your monthly income.", "ru": "Ваш ежемесячный доход."},
    "reason.income.down": {"en": "Your monthly income.", "ru": "Ваш ежемесячный доход."},
    "reason.good_work.up": {"en": "Your current job.", "ru": "Ваше текущее место работы."},
    "reason.good_work.down": {
        "en": "Your stable, well-paid job.",
        "ru": "Ваша стабильная, хорошо оплачиваемая работа.",
    },
    "reason.car.up": {"en": "Owning no car.", "ru": "Отсутствие автомобиля."},
    "reason.car.down": {"en": "Owning a car.", "ru": "Наличие автомобиля."},
    "reason.car_type.up": {"en": "The make of your car.", "ru": "Марка вашего автомобиля."},
    "reason.car_type.down": {"en": "Owning a foreign car.", "ru": "Наличие иномарки."},
    "reason.foreign_passport.up": {"en": "Having no passport for travel abroad.", "ru": "Отсутствие загранпаспорта."},
    "reason.foreign_passport.down": {"en": "Having a passport for travel abroad.", "ru": "Наличие загранпаспорта."},
    "reason.region_rating.up": {"en": "Your region of residence.", "ru": "Ваш регион проживания."},
    "reason.region_rating.down": {"en": "Your region of residence.", "ru": "Ваш регион проживания."},
    "reason.home_address.up": {"en": "Your home address.", "ru": "Ваш домашний адрес."},
    "reason.home_address.down": {"en": "Your home address.", "ru": "Ваш домашний адрес."},
    "reason.work_address.up": {"en": "Your work address.", "ru": "Ваш рабочий адрес."},
    "reason.work_address.down": {"en": "Your work address.", "ru": "Ваш рабочий адрес."},
    # Bank-data reasons are shown to staff only: an applicant must not learn they are a known client.
    "reason.decline_app_cnt.up": {"en": "Earlier declined applications.", "ru": "Ранее отклонённые заявки."},
    "reason.decline_app_cnt.down": {"en": "No earlier declined applications.", "ru": "Нет отклонённых заявок."},
    "reason.score_bki.up": {"en": "Credit bureau score.", "ru": "Скоринговый балл БКИ."},
    "reason.score_bki.down": {"en": "Good credit bureau score.", "ru": "Хороший скоринговый балл БКИ."},
    "reason.bki_request_cnt.up": {"en": "Many credit bureau enquiries.", "ru": "Много запросов в БКИ."},
    "reason.bki_request_cnt.down": {"en": "Few credit bureau enquiries.", "ru": "Мало запросов в БКИ."},
    "reason.sna.up": {"en": "Weak ties to the bank's clients.", "ru": "Слабые связи с клиентами банка."},
    "reason.sna.down": {"en": "Strong ties to the bank's clients.", "ru": "Прочные связи с клиентами банка."},
    "reason.first_time.up": {"en": "Short history with the bank.", "ru": "Короткая история с банком."},
    "reason.first_time.down": {"en": "Long history with the bank.", "ru": "Долгая история с банком."},
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
    # --- manual review (issue 11)
    "review.outcome.approved": {"en": "approved", "ru": "одобрена"},
    "review.outcome.declined": {"en": "declined", "ru": "отклонена"},
    "review.outcome.documents": {"en": "documents requested", "ru": "запрошены документы"},
    "review.outcome.awaiting_review": {"en": "awaiting review", "ru": "ждёт решения"},
    "review.error.no_such_application": {"en": "There is no application {id}.", "ru": "Заявки {id} нет."},
    "review.error.not_referred": {
        "en": "Application {id} was decided automatically, not referred to review.",
        "ru": "Заявка {id} решена автоматически и на ручную проверку не направлялась.",
    },
    "review.error.already_decided": {
        "en": "Application {id} is already decided: {outcome} by {reviewer} at {at}.",
        "ru": "По заявке {id} уже есть решение: {outcome}, {reviewer}, {at}.",
    },
    "review.error.bad_outcome": {
        "en": "The decision must be one of: {outcomes}.",
        "ru": "Решение должно быть одним из: {outcomes}.",
    },
    "review.error.offer_required": {
        "en": "Choose the card to approve: {offers}.",
        "ru": "Выберите одобряемую карту: {offers}.",
    },
    "review.error.offer_only_on_approval": {
        "en": "A card is chosen only when approving.",
        "ru": "Карту выбирают только при одобрении.",
    },
    "review.error.note_required": {
        "en": "Write a note: why this decision.",
        "ru": "Напишите комментарий: почему такое решение.",
    },
    "review.error.not_a_reviewer": {
        "en": "{name} is not an active staff account that may review applications.",
        "ru": "{name} — не действующая учётная запись сотрудника с правом рассматривать заявки.",
    },
    "review.error.note_too_long": {
        "en": "The note must be at most {max_length} characters long.",
        "ru": "Комментарий должен быть не длиннее {max_length} символов.",
    },
}


def t(key: str, lang: str = "en", **params: object) -> str:
    """Render message `key` in `lang` (English when the language is unknown), filling `params`."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**params) if params else text
