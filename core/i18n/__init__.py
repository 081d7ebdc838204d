"""User-facing texts in English and Russian: validation messages, offers and reasons.

Core returns codes with parameters; whoever shows them to a person renders them here, so the
same decision reads the same in the app, the command line and the analysts' view. One catalog,
kept in parts by concern: the reasons' words are in `core.i18n.reasons`, the manual review's
texts in `core.i18n.review`.
"""

from __future__ import annotations

import functools
import re
import string
from typing import Any

from core.i18n.reasons import REASON_TEXTS
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
    "referral.identity_mismatch": {
        "en": "Identity mismatch: the passport belongs to a client of the bank with a different date of birth or name.",
        "ru": "Расхождение личных данных: паспорт принадлежит клиенту банка с другой датой рождения или ФИО.",
    },
    "referral.repeat_application": {
        "en": "Repeat application: the same passport applied within {days} days with different answers.",
        "ru": "Повторная заявка: с тем же паспортом за последние {days} дн. подана заявка с другими ответами.",
    },
    # Reasons in words (the applicant's own values, their effect, staff labels): core/i18n/reasons.py
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
    # --- Choices named in words, never by their codes; own password changes (issue 14)
    "account.wrong_password": {"en": "The current password is wrong.", "ru": "Текущий пароль указан неверно."},
    "account.same_password": {
        "en": "Choose a new password, different from the current one.",
        "ru": "Новый пароль должен отличаться от текущего.",
    },
    "error.choice.education": {
        "en": "Choose your education from the list: secondary school, incomplete higher, higher, postgraduate "
        "or an academic degree.",
        "ru": "Выберите образование из списка: среднее, неоконченное высшее, высшее, послевузовское "
        "или учёная степень.",
    },
    "error.choice.home_address": {
        "en": "Choose the home address category from the list: category 1, 2 or 3 in the bank's classification.",
        "ru": "Выберите категорию домашнего адреса из списка: категория 1, 2 или 3 по классификации банка.",
    },
    "error.choice.work_address": {
        "en": "Choose the work address category from the list: category 1, 2 or 3 in the bank's classification.",
        "ru": "Выберите категорию рабочего адреса из списка: категория 1, 2 или 3 по классификации банка.",
    },
    # --- credit policy as data (issue 12)
    "offer.premium_card.limit": {
        "en": "Congratulations! You are approved for the Premium credit card with a credit limit of {limit}.",
        "ru": "Поздравляем! Вам одобрена премиальная кредитная карта с лимитом {limit}.",
    },
    "offer.starter_card.limit": {
        "en": "We can't offer the Premium card right now, but the Starter card is ready for you, "
        "with a credit limit of {limit} that grows as you use it.",
        "ru": "Сейчас мы не можем предложить премиальную карту, но для вас готова карта «Старт» "
        "с лимитом {limit}; он растёт по мере использования.",
    },
    "offer.manual_review": {
        "en": "Your application needs a closer look: a specialist of the bank will review it and get back to you.",
        "ru": "Вашу заявку внимательно рассмотрит специалист банка и свяжется с вами.",
    },
    "reason.refer_band": {
        "en": "PD just above the cut-off {cutoff:.2%} (refer band {band:.2%}): manual review.",
        "ru": "PD чуть выше порога {cutoff:.2%} (зона передачи {band:.2%}): ручная проверка.",
    },
    "policy.error.not_allowed": {
        "en": "{name} may not set credit policy: only active accounts with a role of {roles}.",
        "ru": "{name} не может менять кредитную политику: только действующие учётные записи с ролью {roles}.",
    },
    "policy.error.reason_required": {
        "en": "Say why the policy changes.",
        "ru": "Укажите причину изменения политики.",
    },
    "policy.error.invalid": {
        "en": "The policy does not check out: {details}",
        "ru": "Политика не прошла проверку: {details}",
    },
    "policy.error.no_such_version": {
        "en": "There is no policy version {number}.",
        "ru": "Версии политики {number} нет.",
    },
    "policy.error.not_a_draft": {
        "en": "Version {number} is {status}, not a draft: only drafts can be approved.",
        "ru": "Версия {number} не черновик ({status}): одобрить можно только черновик.",
    },
    "policy.error.own_draft": {
        "en": "Version {number} is your own draft: a second risk manager must approve it.",
        "ru": "Версия {number} — ваш собственный черновик: одобрить его должен другой риск-менеджер.",
    },
    "policy.error.nothing_to_roll_back": {
        "en": "There is no earlier policy version to go back to.",
        "ru": "Нет предыдущей версии политики, к которой можно вернуться.",
    },
    "policy.error.no_oof": {
        "en": "The {segment}-client champion has no out-of-fold PDs to measure the cut-off on: retrain it.",
        "ru": "У чемпиона сегмента «{segment}» нет out-of-fold PD для расчёта порога: переобучите модель.",
    },
    # --- decision API (issue 15)
    "error.not_a_json_object": {
        "en": "Send the answers as one JSON object.",
        "ru": "Отправьте ответы одним JSON-объектом.",
    },
    "error.not_an_id": {
        "en": "An application id is a positive whole number.",
        "ru": "Номер заявки — целое положительное число.",
    },
}
MESSAGES |= REASON_TEXTS | REVIEW_MESSAGES


def t(key: str, lang: str = "en", **params: object) -> str:
    """Render message `key` in `lang` (English when the language is unknown), filling `params`;
    numbers given a precision in the message (`{cutoff:.2%}`, `{x:+.3f}`) are written as the
    language writes them (Babel: '3,25 %' in Russian, '3.25%' in English)."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["en"]
    return _Numbers(lang).vformat(text, (), params) if params else text


class _Numbers(string.Formatter):
    """`str.format` whose fixed-point and percent fields follow the language's number format."""

    _SPEC = re.compile(r"(\+?)\.(\d+)([f%])")

    def __init__(self, lang: str) -> None:
        self.locale = "ru_RU" if lang == "ru" else "en_GB"

    def format_field(self, value: Any, format_spec: str) -> str:
        match = self._SPEC.fullmatch(format_spec)
        if match is None or not isinstance(value, int | float) or isinstance(value, bool):
            return super().format_field(value, format_spec)
        from babel.numbers import format_decimal, format_percent

        sign, digits, kind = match.groups()
        pattern = "#,##0" + ("." + "0" * int(digits) if int(digits) else "")
        if kind == "%":
            pattern += " %" if self.locale == "ru_RU" else "%"
        if sign:
            pattern = f"+{pattern};-{pattern}"
        write = format_percent if kind == "%" else format_decimal
        return write(value, format=pattern, locale=self.locale)


@functools.lru_cache(maxsize=4096)  # a decision's limit is one of the policy's few: Babel's pattern work once
def money(amount: int, lang: str = "en") -> str:
    """A sum in roubles as the language writes it (Babel's CLDR data, as `ui.locale.money`):
    '150 000 ₽' (ru), '150,000 RUB' (en)."""
    from babel.numbers import format_currency

    locale = {"ru": "ru_RU"}.get(lang, "en_GB")
    return format_currency(amount, "RUB", format="#,##0 ¤", locale=locale, currency_digits=False)
