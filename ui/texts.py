"""The app's words in Russian and English, and the language switch.

One catalog for every screen: the UI's own texts live here under `ui.*` keys; validation
messages, offers, reasons and account errors come from `core.i18n`, and `t` renders both.
"""

from __future__ import annotations

import streamlit as st

from core import i18n

DEFAULT_LANGUAGE = "ru"
_LANGUAGE_NAMES = {"ru": "Русский", "en": "English"}

UI: dict[str, dict[str, str]] = {
    # Navigation and start-up
    "ui.app_title": {"en": "Credit card", "ru": "Кредитная карта"},
    "ui.nav.apply": {"en": "Apply for a card", "ru": "Заявка на карту"},
    "ui.nav.sign_in": {"en": "Staff sign-in", "ru": "Вход для сотрудников"},
    "ui.nav.account": {"en": "Sign out", "ru": "Выход"},
    "ui.nav.clients": {"en": "Client lookup", "ru": "Поиск клиентов"},
    "ui.nav.decisions": {"en": "Recent decisions", "ru": "Последние решения"},
    "ui.nav.experiments": {"en": "Experiments", "ru": "Эксперименты"},
    "ui.nav.staff": {"en": "Staff accounts", "ru": "Сотрудники"},
    "ui.nav.section.public": {"en": "Applicants", "ru": "Клиентам"},
    "ui.nav.section.work": {"en": "Work", "ru": "Работа"},
    "ui.nav.section.account": {"en": "Account", "ru": "Учётная запись"},
    "ui.staff_only": {
        "en": "This page is for bank staff: sign in first.",
        "ru": "Эта страница для сотрудников банка: сначала войдите.",
    },
    "ui.startup.title": {"en": "Getting the app ready…", "ru": "Готовим приложение…"},
    "ui.language": {"en": "Language", "ru": "Язык"},
    "ui.yes": {"en": "Yes", "ru": "Да"},
    "ui.no": {"en": "No", "ru": "Нет"},
    "ui.choose": {"en": "Choose…", "ru": "Выберите…"},
    "ui.any": {"en": "Any", "ru": "Любое"},
    # The questionnaire
    "ui.apply.title": {"en": "Premium credit card", "ru": "Премиальная кредитная карта"},
    "ui.apply.intro": {
        "en": "Apply in twelve questions and get an answer at once. Your answers are used only for this application.",
        "ru": "Заявка из двенадцати вопросов и мгновенный ответ. Ответы нужны только для решения по этой заявке.",
    },
    "ui.apply.about_you": {"en": "About you", "ru": "О вас"},
    "ui.apply.about_life": {"en": "Work, income and property", "ru": "Работа, доход и имущество"},
    "ui.apply.full_name": {"en": "Full name", "ru": "ФИО"},
    "ui.apply.full_name.help": {
        "en": "As in your passport: surname, first name and patronymic, if any.",
        "ru": "Как в паспорте: фамилия, имя и отчество (если есть).",
    },
    "ui.apply.full_name.placeholder": {"en": "Surname First name Patronymic", "ru": "Фамилия Имя Отчество"},
    "ui.apply.birth_date": {"en": "Date of birth", "ru": "Дата рождения"},
    "ui.apply.passport": {"en": "Passport series and number", "ru": "Серия и номер паспорта"},
    "ui.apply.passport.help": {"en": "10 digits; spaces are fine.", "ru": "10 цифр, можно с пробелом."},
    "ui.apply.passport.placeholder": {"en": "0000 000000", "ru": "0000 000000"},
    "ui.apply.region": {"en": "Region of residence", "ru": "Регион проживания"},
    "ui.apply.education": {"en": "Education", "ru": "Образование"},
    "ui.apply.education.SCH": {"en": "Secondary school", "ru": "Среднее"},
    "ui.apply.education.UGR": {"en": "Incomplete higher", "ru": "Неоконченное высшее"},
    "ui.apply.education.GRD": {"en": "Higher", "ru": "Высшее"},
    "ui.apply.education.PGR": {"en": "Postgraduate", "ru": "Послевузовское"},
    "ui.apply.education.ACD": {"en": "Academic degree", "ru": "Учёная степень"},
    "ui.apply.income": {"en": "Monthly income, roubles", "ru": "Ежемесячный доход, ₽"},
    "ui.apply.income.help": {"en": "After tax, from all sources.", "ru": "После налогов, из всех источников."},
    "ui.apply.good_work": {
        "en": "Do you have a stable, well-paid job?",
        "ru": "У вас стабильная, хорошо оплачиваемая работа?",
    },
    "ui.apply.car": {"en": "Do you own a car?", "ru": "У вас есть автомобиль?"},
    "ui.apply.car_type": {"en": "Is it a foreign make?", "ru": "Это иномарка?"},
    "ui.apply.car_type.help": {
        "en": "Leave empty if you have no car.",
        "ru": "Если автомобиля нет, оставьте без ответа.",
    },
    "ui.apply.foreign_passport": {
        "en": "Do you have a passport for travel abroad?",
        "ru": "У вас есть загранпаспорт?",
    },
    "ui.apply.home_address": {"en": "Home address category", "ru": "Категория домашнего адреса"},
    "ui.apply.work_address": {"en": "Work address category", "ru": "Категория рабочего адреса"},
    "ui.apply.address.help": {
        "en": "The category of the address in the bank's classification: 1, 2 or 3.",
        "ru": "Категория адреса по классификации банка: 1, 2 или 3.",
    },
    "ui.apply.address.option": {"en": "Category {n}", "ru": "Категория {n}"},
    "ui.apply.submit": {"en": "Get a decision", "ru": "Получить решение"},
    "ui.apply.fix_fields": {
        "en": "Please check the highlighted answers above.",
        "ru": "Пожалуйста, проверьте отмеченные ответы выше.",
    },
    "ui.apply.approved_reasons": {"en": "What counted in your favour:", "ru": "Что сыграло в вашу пользу:"},
    "ui.apply.declined_reasons": {"en": "What the decision rested on:", "ru": "На чём основано решение:"},
    "ui.apply.unavailable": {
        "en": "We can't make decisions right now. Please try again in a few minutes.",
        "ru": "Сейчас мы не можем принять решение. Пожалуйста, попробуйте через несколько минут.",
    },
    # Staff sign-in
    "ui.login.title": {"en": "Staff sign-in", "ru": "Вход для сотрудников"},
    "ui.login.name": {"en": "User name", "ru": "Имя пользователя"},
    "ui.login.password": {"en": "Password", "ru": "Пароль"},
    "ui.login.submit": {"en": "Sign in", "ru": "Войти"},
    "ui.login.checking": {"en": "Checking…", "ru": "Проверяем…"},
    "ui.login.invalid": {"en": "Wrong user name or password.", "ru": "Неверное имя пользователя или пароль."},
    "ui.login.locked": {
        "en": "Too many failed attempts: sign-in is locked until {time}. An administrator can unlock it sooner.",
        "ru": "Слишком много неудачных попыток: вход заблокирован до {time}. Администратор может снять блокировку.",
    },
    "ui.login.inactive": {
        "en": "This account is deactivated. Ask an administrator.",
        "ru": "Учётная запись отключена. Обратитесь к администратору.",
    },
    "ui.login.signed_in": {"en": "Signed in as **{name}** ({role}).", "ru": "Вы вошли как **{name}** ({role})."},
    "ui.login.sign_out": {"en": "Sign out", "ru": "Выйти"},
    "ui.role.analyst": {"en": "credit analyst", "ru": "кредитный аналитик"},
    "ui.role.data_scientist": {"en": "data scientist", "ru": "специалист по данным"},
    "ui.role.admin": {"en": "administrator", "ru": "администратор"},
    # Client lookup
    "ui.clients.title": {"en": "Client lookup", "ru": "Поиск клиентов"},
    "ui.clients.query": {"en": "Name, passport or client number", "ru": "ФИО, паспорт или номер клиента"},
    "ui.clients.query.placeholder": {
        "en": "e.g. petrov ivan, 4510 123456 or 1024",
        "ru": "например, петров иван, 4510 123456 или 1024",
    },
    "ui.clients.search": {"en": "Search", "ru": "Найти"},
    "ui.clients.hint": {
        "en": "Type any part of a name (any case), a passport number or a client number.",
        "ru": "Введите любую часть ФИО (регистр не важен), номер паспорта или номер клиента.",
    },
    "ui.clients.found": {"en": "Clients found: {n:,}", "ru": "Найдено клиентов: {n:,}"},
    "ui.clients.none": {"en": "No client matches “{query}”.", "ru": "По запросу «{query}» клиентов нет."},
    "ui.clients.open": {"en": "Open a client's profile", "ru": "Открыть карточку клиента"},
    "ui.col.id": {"en": "No.", "ru": "№"},
    "ui.col.name": {"en": "Full name", "ru": "ФИО"},
    "ui.col.birth_date": {"en": "Date of birth", "ru": "Дата рождения"},
    "ui.col.passport": {"en": "Passport", "ru": "Паспорт"},
    "ui.col.region": {"en": "Region", "ru": "Регион"},
    "ui.col.time": {"en": "Time", "ru": "Время"},
    "ui.col.decision": {"en": "Decision", "ru": "Решение"},
    "ui.col.segment": {"en": "Model", "ru": "Модель"},
    "ui.col.pd": {"en": "PD", "ru": "PD"},
    "ui.col.model_version": {"en": "Model version", "ru": "Версия модели"},
    "ui.col.client": {"en": "Client", "ru": "Клиент"},
    "ui.decision.premium": {"en": "Premium card", "ru": "Премиальная карта"},
    "ui.decision.alternative": {"en": "Starter card offered", "ru": "Предложена карта «Старт»"},
    "ui.segment.new": {"en": "new client", "ru": "новый клиент"},
    "ui.segment.existing": {"en": "existing client", "ru": "клиент банка"},
    # A client's profile
    "ui.profile.client_no": {"en": "Client no. {id}", "ru": "Клиент № {id}"},
    "ui.profile.identity": {"en": "Identity", "ru": "Личные данные"},
    "ui.profile.age": {"en": "{age} years old", "ru": "Возраст: {age}"},
    "ui.profile.region_rating": {"en": "Region rating {rating}", "ru": "Рейтинг региона {rating}"},
    "ui.profile.bank_data": {"en": "The bank's data", "ru": "Данные банка"},
    "ui.profile.decline_app_cnt": {"en": "Declined applications", "ru": "Отклонённые заявки"},
    "ui.profile.score_bki": {"en": "Credit bureau score", "ru": "Балл БКИ"},
    "ui.profile.bki_request_cnt": {"en": "Bureau enquiries", "ru": "Запросы в БКИ"},
    "ui.profile.sna": {"en": "Ties to clients (1-4)", "ru": "Связи с клиентами (1-4)"},
    "ui.profile.first_time": {"en": "Known to the bank (1-4)", "ru": "Давность (1-4)"},
    "ui.profile.applications": {"en": "Applications", "ru": "Заявки"},
    "ui.profile.no_applications": {
        "en": "No applications from this client through the questionnaire yet.",
        "ru": "Заявок через анкету от этого клиента пока нет.",
    },
    "ui.profile.newest": {
        "en": "The newest {shown} of {total} applications:",
        "ru": "Последние {shown} из {total} заявок:",
    },
    "ui.profile.arrows": {
        "en": "Reasons: ↑ raised the risk estimate, ↓ lowered it.",
        "ru": "Причины: ↑ повысило оценку риска, ↓ понизило.",
    },
    "ui.profile.chart_title": {"en": "Probability of default over time", "ru": "Вероятность дефолта во времени"},
    "ui.profile.threshold": {"en": "threshold", "ru": "порог"},
    # Recent decisions
    "ui.decisions.title": {"en": "Recent decisions", "ru": "Последние решения"},
    "ui.decisions.period": {"en": "Period", "ru": "Период"},
    "ui.decisions.decision": {"en": "Decision", "ru": "Решение"},
    "ui.decisions.segment": {"en": "Model", "ru": "Модель"},
    "ui.decisions.show": {"en": "Show", "ru": "Показать"},
    "ui.decisions.found": {"en": "Decisions: {n:,}", "ru": "Решений: {n:,}"},
    "ui.decisions.none": {"en": "No decisions match these filters.", "ru": "Нет решений с такими условиями."},
    # Staff accounts
    "ui.staff.title": {"en": "Staff accounts", "ru": "Учётные записи сотрудников"},
    "ui.staff.col.name": {"en": "User", "ru": "Пользователь"},
    "ui.staff.col.role": {"en": "Role", "ru": "Роль"},
    "ui.staff.col.state": {"en": "State", "ru": "Состояние"},
    "ui.staff.col.created": {"en": "Created", "ru": "Создана"},
    "ui.staff.active": {"en": "active", "ru": "активна"},
    "ui.staff.inactive": {"en": "deactivated", "ru": "отключена"},
    "ui.staff.locked": {"en": "locked until {time}", "ru": "заблокирована до {time}"},
    "ui.staff.add": {"en": "Add an account", "ru": "Добавить"},
    "ui.staff.manage": {"en": "Change an account", "ru": "Изменить"},
    "ui.staff.name": {"en": "User name", "ru": "Имя пользователя"},
    "ui.staff.role": {"en": "Role", "ru": "Роль"},
    "ui.staff.password": {"en": "Password (at least 12 characters)", "ru": "Пароль (не короче 12 символов)"},
    "ui.staff.repeat": {"en": "Repeat the password", "ru": "Повторите пароль"},
    "ui.staff.create": {"en": "Create the account", "ru": "Создать"},
    "ui.staff.created": {"en": "Account {name} created.", "ru": "Учётная запись {name} создана."},
    "ui.staff.account": {"en": "Account", "ru": "Учётная запись"},
    "ui.staff.deactivate": {"en": "Deactivate", "ru": "Отключить"},
    "ui.staff.activate": {"en": "Reactivate", "ru": "Включить"},
    "ui.staff.unlock": {"en": "Unlock", "ru": "Разблокировать"},
    "ui.staff.reset": {"en": "Set a new password", "ru": "Задать новый пароль"},
    "ui.staff.done": {"en": "Done: {name}.", "ru": "Готово: {name}."},
    # --- Decisions a bank can stand behind: referral, consent, the applicant's outcome (issue 11)
    "ui.decision.referred": {"en": "Referred to an analyst", "ru": "Передана аналитику"},
    "ui.apply.income.placeholder": {"en": "e.g. 85,000", "ru": "например, 85 000"},
    "ui.apply.consent": {
        "en": "I agree to the processing of my personal data and to the credit-bureau enquiry",
        "ru": "Я согласен(на) на обработку персональных данных и запрос в бюро кредитных историй",
    },
    "ui.apply.consent_version": {"en": "consent version {version}", "ru": "редакция согласия {version}"},
    "ui.apply.accept_starter": {"en": "Accept the Starter card", "ru": "Принять карту «Старт»"},
    # --- manual review queue and decision detail (issue 11)
    "ui.nav.review": {"en": "Manual review", "ru": "Ручная проверка"},
    "ui.review.title": {"en": "Manual review", "ru": "Ручная проверка заявок"},
    "ui.review.found": {
        "en": "Waiting for a decision: {n:,} · oldest first",
        "ru": "Ждут решения: {n:,} · сначала самые давние",
    },
    "ui.review.empty": {
        "en": "No referred application is waiting for a decision.",
        "ru": "Нет заявок, ожидающих решения.",
    },
    "ui.review.open": {"en": "Application to review", "ru": "Заявка на проверку"},
    "ui.review.form": {"en": "Your decision", "ru": "Ваше решение"},
    "ui.review.outcome": {"en": "Decision", "ru": "Решение"},
    "ui.review.outcome.approved": {"en": "Approve", "ru": "Одобрить"},
    "ui.review.outcome.declined": {"en": "Decline", "ru": "Отклонить"},
    "ui.review.outcome.documents": {"en": "Ask for documents", "ru": "Запросить документы"},
    "ui.review.offer": {"en": "Card to approve", "ru": "Одобряемая карта"},
    "ui.review.offer.help": {
        "en": "Only when approving.",
        "ru": "Только при одобрении.",
    },
    "ui.review.note": {"en": "Note (required)", "ru": "Комментарий (обязательно)"},
    "ui.review.note.placeholder": {
        "en": "What you checked and why you decided so.",
        "ru": "Что проверено и почему принято такое решение.",
    },
    "ui.review.submit": {"en": "Record the decision", "ru": "Сохранить решение"},
    "ui.review.done": {
        "en": "Application {id}: {outcome}. The decision is stored and audited.",
        "ru": "Заявка {id}: {outcome}. Решение сохранено и записано в журнал.",
    },
    "ui.offer.premium_card": {"en": "Premium card", "ru": "Премиальная карта"},
    "ui.offer.starter_card": {"en": "Starter card", "ru": "Карта «Старт»"},
    "ui.offer.review": {"en": "decision by an analyst", "ru": "решение аналитика"},
    "ui.referral.identity_mismatch": {"en": "identity mismatch", "ru": "расхождение личных данных"},
    "ui.referral.repeat_application": {"en": "repeat application", "ru": "повторная заявка"},
    "ui.col.application": {"en": "Application", "ru": "Заявка"},
    "ui.col.received": {"en": "Received", "ru": "Поступила"},
    "ui.col.why": {"en": "Why referred", "ru": "Причина передачи"},
    "ui.col.review": {"en": "Review", "ru": "Проверка"},
    "ui.decisions.outcome": {"en": "Outcome", "ru": "Итог"},
    "ui.decisions.outcome.premium": {"en": "Premium card", "ru": "Премиальная карта"},
    "ui.decisions.outcome.alternative": {"en": "Starter card offered", "ru": "Предложена карта «Старт»"},
    "ui.decisions.outcome.referred": {"en": "Referred (all)", "ru": "Переданы аналитику (все)"},
    "ui.decisions.outcome.awaiting_review": {"en": "Referred, awaiting review", "ru": "Ждут решения аналитика"},
    "ui.decisions.outcome.reviewed": {"en": "Reviewed by an analyst", "ru": "Решены аналитиком"},
    "ui.decisions.passport": {"en": "Passport", "ru": "Паспорт"},
    "ui.decisions.name": {"en": "Name contains", "ru": "ФИО содержит"},
    "ui.decisions.pd_range": {"en": "PD, %", "ru": "PD, %"},
    "ui.decisions.open": {"en": "Open an application", "ru": "Открыть заявку"},
    "ui.detail.title": {"en": "Application № {id}", "ru": "Заявка № {id}"},
    "ui.detail.received": {"en": "Received {time}", "ru": "Поступила {time}"},
    "ui.detail.applicant": {"en": "Applicant", "ru": "Заявитель"},
    "ui.detail.client": {"en": "Client no. {id}", "ru": "Клиент № {id}"},
    "ui.detail.not_client": {"en": "Not matched to a client of the bank", "ru": "Не сопоставлена с клиентом банка"},
    "ui.detail.model": {"en": "Model and policy", "ru": "Модель и политика"},
    "ui.detail.policy_version": {"en": "Policy version {version}", "ru": "Версия политики {version}"},
    "ui.detail.pd": {"en": "PD", "ru": "PD"},
    "ui.detail.pd_delta": {"en": "{delta} p.p. to the threshold", "ru": "{delta} п.п. до порога"},
    "ui.detail.automatic": {"en": "Automatic decision", "ru": "Автоматическое решение"},
    "ui.detail.final": {"en": "Final decision", "ru": "Итоговое решение"},
    "ui.detail.awaiting": {"en": "Awaiting an analyst", "ru": "Ждёт решения аналитика"},
    "ui.detail.knockout": {"en": "Knock-out: {rule}", "ru": "Стоп-фактор: {rule}"},
    "ui.detail.referred": {"en": "Referred to manual review", "ru": "Передана на ручную проверку"},
    "ui.detail.identity_check": {"en": "Identity check", "ru": "Проверка личности"},
    "ui.detail.reviews": {"en": "Staff decisions", "ru": "Решения сотрудников"},
    "ui.detail.no_reviews": {"en": "No staff decision.", "ru": "Решений сотрудников нет."},
    "ui.detail.review_line": {
        "en": "**{step}. {outcome}** · {reviewer} · {time}",
        "ru": "**{step}. {outcome}** · {reviewer} · {time}",
    },
    "ui.detail.tab.reasons": {"en": "Reasons", "ru": "Причины"},
    "ui.detail.tab.answers": {"en": "Answers", "ru": "Ответы"},
    "ui.detail.tab.features": {"en": "Model input", "ru": "Вход модели"},
    "ui.detail.tab.linked": {"en": "Linked applications ({n})", "ru": "Связанные заявки ({n})"},
    "ui.detail.no_linked": {
        "en": "No other application with this passport or from this client.",
        "ru": "Других заявок с этим паспортом или от этого клиента нет.",
    },
    "ui.detail.contributions": {
        "en": "Contribution to the log-odds of default: + raised the risk estimate, − lowered it.",
        "ru": "Вклад в логарифм шансов дефолта: + повысил оценку риска, − понизил.",
    },
    "ui.col.reason": {"en": "Reason", "ru": "Причина"},
    "ui.col.feature": {"en": "Feature", "ru": "Признак"},
    "ui.col.value": {"en": "Value", "ru": "Значение"},
    "ui.col.contribution": {"en": "Contribution", "ru": "Вклад"},
    "ui.col.question": {"en": "Question", "ru": "Вопрос"},
    "ui.col.answer": {"en": "Answer", "ru": "Ответ"},
    "ui.profile.open": {"en": "Open an application", "ru": "Открыть заявку"},
    # --- hardened decision path (issue 9)
    "ui.apply.db_unavailable": {
        "en": "We could not reach our systems just now. Please press the button again in a minute: "
        "your answers are still in the form, and a repeated press never files a second application.",
        "ru": "Сейчас нам не удалось связаться с нашими системами. Нажмите кнопку ещё раз через минуту: "
        "ваши ответы остались в форме, а повторное нажатие не создаст вторую заявку.",
    },
    # --- damaged model files (issue 9)
    "ui.models.fallback": {
        "en": "The model for the segment “{segment}” ({champion}) cannot be loaded: {error}. Decisions use the "
        "previous model {served} until a working model is promoted.",
        "ru": "Модель сегмента «{segment}» ({champion}) не загружается: {error}. Решения принимает предыдущая "
        "модель {served}, пока не будет назначена исправная.",
    },
    "ui.models.none": {
        "en": "No model for the segment “{segment}” can be loaded: {error}. Applicants of this segment are told "
        "the service is unavailable; promote a working model or retrain (python -m core train).",
        "ru": "Ни одна модель сегмента «{segment}» не загружается: {error}. Заявителям этого сегмента сообщается, "
        "что сервис недоступен; назначьте исправную модель или переобучите (python -m core train).",
    },
    # --- demo models (issue 10)
    "ui.demo_model.warning": {
        "en": "Decisions for {segments} come from a DEMO model trained on synthetic data, not on the bank's "
        "history. Import real history and train (`.venv/bin/python -m core import --data FILE --replace-demo`, "
        "then `.venv/bin/python -m core train`) before relying on them.",
        "ru": "Решения для сегмента «{segments}» принимает ДЕМО-модель, обученная на синтетических данных, а не "
        "на истории банка. Загрузите реальную историю и обучите модель (`.venv/bin/python -m core import "
        "--data FILE --replace-demo`, затем `.venv/bin/python -m core train`), прежде чем полагаться на них.",
    },
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """Render `key` from the UI catalog or, failing that, from `core.i18n`."""
    entry = UI.get(key)
    if entry is None:
        return i18n.t(key, lang, **params)
    text = entry.get(lang) or entry["en"]
    return text.format(**params) if params else text


def current_language() -> str:
    """The visitor's language: their last choice in this session, Russian by default."""
    lang = st.session_state.get("lang")
    return lang if lang in i18n.LANGUAGES else DEFAULT_LANGUAGE


def language_switch() -> str:
    """Draw the language switch (it keeps its value across pages) and return the language."""
    st.segmented_control(
        t("ui.language", current_language()),
        options=list(_LANGUAGE_NAMES),
        format_func=_LANGUAGE_NAMES.get,
        default=DEFAULT_LANGUAGE,
        required=True,
        key="lang",
        persist_state="session",
        label_visibility="collapsed",
    )
    return current_language()
