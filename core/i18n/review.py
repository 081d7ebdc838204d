"""The manual review's texts (issue 11): where a review stands, why a review step was refused,
and what an identity check found. Part of the one catalog, `core.i18n.MESSAGES`."""

from __future__ import annotations

REVIEW_MESSAGES: dict[str, dict[str, str]] = {
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
    "review.identity.client": {"en": "the passport of client no. {id}", "ru": "паспорт клиента № {id}"},
    "review.identity.birth_date": {"en": "another date of birth", "ru": "другая дата рождения"},
    "review.identity.full_name": {"en": "another name", "ru": "другое ФИО"},
    "review.identity.patronymic_missing": {"en": "no patronymic given", "ru": "не указано отчество"},
    "review.identity.patronymic_added": {
        "en": "a patronymic the bank does not hold",
        "ru": "указано отчество, которого нет в данных банка",
    },
    "review.error.note_too_long": {
        "en": "The note must be at most {max_length} characters long.",
        "ru": "Комментарий должен быть не длиннее {max_length} символов.",
    },
}
