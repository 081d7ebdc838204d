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
    "ui.clients.found": {"en": "Clients found: {n}", "ru": "Найдено клиентов: {n}"},
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
    "ui.decisions.found": {"en": "Decisions: {n}", "ru": "Решений: {n}"},
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
        "en": "A DEMO model trained on synthetic data, not on the bank's history, makes the decisions for: "
        "{segments}. Import real history and train (`.venv/bin/python -m core import --data FILE --replace-demo`, "
        "then `.venv/bin/python -m core train`) before relying on them.",
        "ru": "Решения принимает ДЕМО-модель, обученная на синтетических данных, а не на истории банка: {segments}. "
        "Загрузите реальную историю и обучите модель (`.venv/bin/python -m core import --data FILE --replace-demo`, "
        "затем `.venv/bin/python -m core train`), прежде чем полагаться на эти решения.",
    },
    # --- Staff screens: accounts, audit log, own password, no-access visits (issue 14)
    "ui.staff.col.last_sign_in": {"en": "Last sign-in", "ru": "Последний вход"},
    "ui.staff.audit": {"en": "Audit log", "ru": "Журнал аудита"},
    "ui.staff.details": {
        "en": "**{name}** · {role} · {state} · last sign-in: {last}",
        "ru": "**{name}** · {role} · {state} · последний вход: {last}",
    },
    "ui.staff.never": {"en": "never", "ru": "не входил(а)"},
    "ui.staff.change_role": {"en": "Change the role", "ru": "Сменить роль"},
    "ui.staff.role_changed": {
        "en": "{name} is now a {role}; their open sessions end at the next click.",
        "ru": "{name} теперь {role}; открытые сеансы завершатся при следующем действии.",
    },
    "ui.staff.created_temporary": {
        "en": "Account {name} created. The password is temporary: {name} chooses their own at the first sign-in.",
        "ru": "Учётная запись {name} создана. Пароль временный: при первом входе {name} задаст свой.",
    },
    "ui.staff.password_set": {
        "en": "A temporary password is set for {name}: it must be changed at the next sign-in.",
        "ru": "Для {name} задан временный пароль: его нужно сменить при следующем входе.",
    },
    "ui.staff.unlocked": {"en": "{name} is unlocked.", "ru": "{name}: блокировка снята."},
    "ui.staff.activated": {"en": "{name} can sign in again.", "ru": "{name} снова может входить."},
    "ui.staff.deactivated": {
        "en": "{name} is deactivated and signed out everywhere.",
        "ru": "{name}: учётная запись отключена, все сеансы завершены.",
    },
    "ui.staff.confirm_title": {"en": "Deactivate the account?", "ru": "Отключить учётную запись?"},
    "ui.staff.confirm_text": {
        "en": "**{name}** ({role}) will be signed out of every browser at once and cannot sign in until an "
        "administrator reactivates the account. Their audit entries stay.",
        "ru": "**{name}** ({role}) сразу выйдет из всех браузеров и не сможет войти, пока администратор "
        "не включит учётную запись снова. Записи в журнале аудита сохранятся.",
    },
    "ui.staff.confirm": {"en": "Deactivate", "ru": "Отключить"},
    "ui.staff.cancel": {"en": "Cancel", "ru": "Отмена"},
    "ui.audit.user": {"en": "User", "ru": "Пользователь"},
    "ui.audit.action": {"en": "Action", "ru": "Действие"},
    "ui.audit.period": {"en": "Period", "ru": "Период"},
    "ui.audit.show": {"en": "Show", "ru": "Показать"},
    "ui.audit.found": {"en": "Entries: {n}", "ru": "Записей: {n}"},
    "ui.audit.none": {"en": "No entries match these filters.", "ru": "Нет записей с такими условиями."},
    "ui.audit.export": {"en": "Download as CSV", "ru": "Скачать CSV"},
    "ui.audit.export.help": {
        "en": "At most {n} newest entries; the download itself is written to the audit log.",
        "ru": "Не больше {n} последних записей; сама выгрузка записывается в журнал аудита.",
    },
    "ui.audit.col.user": {"en": "User", "ru": "Пользователь"},
    "ui.audit.col.action": {"en": "Action", "ru": "Действие"},
    "ui.audit.col.target": {"en": "Record", "ru": "Запись"},
    "ui.audit.col.details": {"en": "Details", "ru": "Подробности"},
    "ui.audit.action.login_ok": {"en": "signed in", "ru": "вход"},
    "ui.audit.action.login_failed": {"en": "failed sign-in", "ru": "неудачный вход"},
    "ui.audit.action.login_refused": {"en": "sign-in refused (locked)", "ru": "вход отклонён (блокировка)"},
    "ui.audit.action.locked": {"en": "locked", "ru": "блокировка"},
    "ui.audit.action.logout": {"en": "signed out", "ru": "выход"},
    "ui.audit.action.session_resumed": {"en": "session resumed", "ru": "сеанс продолжен"},
    "ui.audit.action.search": {"en": "client search", "ru": "поиск клиентов"},
    "ui.audit.action.view_client": {"en": "client profile viewed", "ru": "просмотр профиля клиента"},
    "ui.audit.action.user_created": {"en": "account created", "ru": "создана учётная запись"},
    "ui.audit.action.password_reset": {"en": "password set by an admin", "ru": "пароль задан администратором"},
    "ui.audit.action.password_changed": {"en": "own password changed", "ru": "пароль сменён владельцем"},
    "ui.audit.action.unlocked": {"en": "unlocked", "ru": "блокировка снята"},
    "ui.audit.action.activated": {"en": "account reactivated", "ru": "учётная запись включена"},
    "ui.audit.action.deactivated": {"en": "account deactivated", "ru": "учётная запись отключена"},
    "ui.audit.action.role_changed": {"en": "role changed", "ru": "роль изменена"},
    "ui.audit.action.audit_exported": {"en": "audit log exported", "ru": "выгрузка журнала аудита"},
    "ui.password.title": {"en": "Choose your own password", "ru": "Задайте свой пароль"},
    "ui.password.why": {
        "en": "Your account was given a temporary password. Choose your own before you continue.",
        "ru": "Учётной записи выдан временный пароль. Прежде чем продолжить, задайте свой.",
    },
    "ui.password.current": {"en": "Current (temporary) password", "ru": "Текущий (временный) пароль"},
    "ui.password.new": {"en": "New password (at least 12 characters)", "ru": "Новый пароль (не короче 12 символов)"},
    "ui.password.repeat": {"en": "Repeat the new password", "ru": "Повторите новый пароль"},
    "ui.password.submit": {"en": "Save the password", "ru": "Сохранить пароль"},
    "ui.password.done": {"en": "Your password is changed.", "ru": "Пароль изменён."},
    "ui.access.role": {
        "en": "“{page}” needs another role than yours ({role}). Ask an administrator if you need it.",
        "ru": "Для страницы «{page}» нужна другая роль, чем ваша ({role}). Если она вам нужна, обратитесь к "
        "администратору.",
    },
    "ui.access.sign_in": {
        "en": "“{page}” is for bank staff: sign in to open it.",
        "ru": "Страница «{page}» — для сотрудников банка: войдите, чтобы её открыть.",
    },
    "ui.access.unknown": {
        "en": "There is no page at “/{path}”. Here is the start page.",
        "ru": "Страницы «/{path}» нет. Вы на начальной странице.",
    },
    # --- Experiments page (issue 14)
    "ui.exp.title": {"en": "Experiments", "ru": "Эксперименты"},
    "ui.exp.tab.tune": {"en": "Tune", "ru": "Подбор"},
    "ui.exp.tab.runs": {"en": "Runs", "ru": "Запуски"},
    "ui.exp.tab.compare": {"en": "Compare", "ru": "Сравнение"},
    "ui.exp.tab.champions": {"en": "Champions", "ru": "Чемпионы"},
    "ui.exp.segment.new": {"en": "new clients", "ru": "новые клиенты"},
    "ui.exp.segment.existing": {"en": "existing clients", "ru": "клиенты банка"},
    "ui.exp.family.catboost": {"en": "CatBoost", "ru": "CatBoost"},
    "ui.exp.family.xgboost": {"en": "XGBoost", "ru": "XGBoost"},
    "ui.exp.family.lightgbm": {"en": "LightGBM", "ru": "LightGBM"},
    "ui.exp.family.logreg": {"en": "Logistic regression", "ru": "Логистическая регрессия"},
    "ui.exp.family.hist_gb": {"en": "Gradient boosting (scikit-learn)", "ru": "Градиентный бустинг (scikit-learn)"},
    "ui.exp.objective.pr_auc": {"en": "PR AUC", "ru": "PR AUC"},
    "ui.exp.objective.auroc": {"en": "AUROC", "ru": "AUROC"},
    "ui.exp.form.segment": {"en": "Segment", "ru": "Сегмент"},
    "ui.exp.form.family": {"en": "Model family", "ru": "Семейство моделей"},
    "ui.exp.form.objective": {"en": "Objective", "ru": "Целевая метрика"},
    "ui.exp.form.pruning": {"en": "Stop poor trials early (pruning)", "ru": "Досрочно останавливать слабые испытания"},
    "ui.exp.form.trials": {"en": "Trials (0: no limit)", "ru": "Испытаний (0 — без ограничения)"},
    "ui.exp.form.minutes": {
        "en": "Time budget, minutes (0: no limit)",
        "ru": "Бюджет времени, минут (0 — без ограничения)",
    },
    "ui.exp.form.name": {
        "en": "Study name: a new one, or an existing study's to join it",
        "ru": "Название исследования: новое или существующее, чтобы присоединиться к нему",
    },
    "ui.exp.form.start": {"en": "Start study", "ru": "Запустить исследование"},
    "ui.exp.study": {"en": "Study", "ru": "Исследование"},
    "ui.exp.no_study": {"en": "No study yet", "ru": "Исследований пока нет"},
    "ui.exp.starting": {"en": "Starting study {name}…", "ru": "Запускается исследование {name}…"},
    "ui.exp.stopped": {"en": "The study stopped before it began:", "ru": "Исследование остановилось, не начавшись:"},
    "ui.exp.progress": {
        "en": "{done}{planned} trials done, {pruned} stopped early, {running} running",
        "ru": "Готово испытаний: {done}{planned}, остановлено досрочно: {pruned}, идёт: {running}",
    },
    "ui.exp.progress_of": {"en": " of {n}", "ru": " из {n}"},
    "ui.exp.best": {"en": "Best {objective}", "ru": "Лучшее значение {objective}"},
    "ui.exp.failed_workers": {
        "en": "{n} worker(s) of this study stopped with an error.",
        "ru": "Процессов исследования, остановившихся с ошибкой: {n}.",
    },
    "ui.exp.finished": {
        "en": "Study {name} has finished: best {objective} {best}.",
        "ru": "Исследование {name} завершено: лучшее значение {objective} {best}.",
    },
    "ui.exp.best_params": {"en": "Best parameters", "ru": "Лучшие параметры"},
    "ui.exp.any": {"en": "Any", "ru": "Любой"},
    "ui.exp.col.started": {"en": "Started", "ru": "Начало"},
    "ui.exp.col.duration": {"en": "Duration, s", "ru": "Длительность, с"},
    "ui.exp.col.run": {"en": "Run", "ru": "Запуск"},
    "ui.exp.col.kind": {"en": "Kind", "ru": "Вид"},
    "ui.exp.col.segment": {"en": "Segment", "ru": "Сегмент"},
    "ui.exp.col.family": {"en": "Family", "ru": "Семейство"},
    "ui.exp.col.state": {"en": "State", "ru": "Состояние"},
    "ui.exp.col.params": {"en": "Key parameters", "ru": "Основные параметры"},
    "ui.exp.col.sd": {"en": "± over folds", "ru": "± по фолдам"},
    "ui.exp.col.sd_help": {"en": "Standard deviation over the folds", "ru": "Стандартное отклонение по фолдам"},
    "ui.exp.col.oot": {"en": "AUROC, last month", "ru": "AUROC, последний месяц"},
    "ui.exp.col.oot_help": {
        "en": "Fitted on the earlier months, scored on the last one (out of time)",
        "ru": "Обучена на более ранних месяцах, проверена на последнем (вне времени)",
    },
    "ui.exp.col.threshold": {"en": "Cut-off", "ru": "Порог"},
    "ui.exp.col.threshold_help": {
        "en": "The PD cut-off at the target bad rate of the approved book",
        "ru": "Порог PD при целевой доле дефолтов среди одобренных",
    },
    "ui.exp.col.approval": {"en": "Approves", "ru": "Одобряет"},
    "ui.exp.col.model": {"en": "Saved model", "ru": "Модель сохранена"},
    "ui.exp.col.champion": {"en": "Serves", "ru": "Работает"},
    "ui.exp.col.model_name": {"en": "Model", "ru": "Модель"},
    "ui.exp.kind.trial": {"en": "trial", "ru": "испытание"},
    "ui.exp.kind.training": {"en": "training", "ru": "обучение"},
    "ui.exp.state.complete": {"en": "complete", "ru": "завершён"},
    "ui.exp.state.pruned": {"en": "stopped early", "ru": "остановлен досрочно"},
    "ui.exp.state.failed": {"en": "failed", "ru": "ошибка"},
    "ui.exp.state.running": {"en": "running", "ru": "идёт"},
    "ui.exp.no_runs": {
        "en": "No runs yet: start a study on the Tune tab.",
        "ru": "Запусков пока нет: начните исследование на вкладке «Подбор».",
    },
    "ui.exp.compare.choose": {
        "en": "Runs to compare with their segment's champion (filtered on the Runs tab)",
        "ru": "Запуски для сравнения с чемпионом их сегмента (фильтры — на вкладке «Запуски»)",
    },
    "ui.exp.compare.spinner": {
        "en": "Getting the champion's out-of-fold PDs on the same folds (a cross-validation if it saw other data)…",
        "ru": "Получаем PD чемпиона вне фолда на тех же фолдах (кросс-валидация, если он видел другие данные)…",
    },
    "ui.exp.compare.differences": {
        "en": "Each run minus the champion on the same rows, with a 95 % paired-bootstrap interval (1,000 "
        "resamples): an interval that includes 0 is no evidence of a real difference.",
        "ru": "Разница каждого запуска и чемпиона на тех же строках, с 95-процентным парным бутстреп-интервалом "
        "(1 000 выборок): интервал, включающий 0, не доказывает настоящей разницы.",
    },
    "ui.exp.compare.metric": {"en": "Metric", "ru": "Метрика"},
    "ui.exp.compare.difference": {"en": "Difference", "ru": "Разница"},
    "ui.exp.compare.low": {"en": "95 % CI from", "ru": "95 % ДИ от"},
    "ui.exp.compare.high": {"en": "to", "ru": "до"},
    "ui.exp.compare.real": {"en": "Real difference", "ru": "Настоящая разница"},
    "ui.exp.chart.roc": {"en": "ROC curve (out of fold)", "ru": "ROC-кривая (вне фолда)"},
    "ui.exp.chart.fpr": {"en": "Share of good clients flagged", "ru": "Доля хороших клиентов, отнесённых к риску"},
    "ui.exp.chart.tpr": {"en": "Share of defaults caught", "ru": "Доля выявленных дефолтов"},
    "ui.exp.chart.pr": {"en": "Precision and recall (out of fold)", "ru": "Точность и полнота (вне фолда)"},
    "ui.exp.chart.recall": {"en": "Share of defaults caught (recall)", "ru": "Доля выявленных дефолтов (полнота)"},
    "ui.exp.chart.precision": {
        "en": "Defaults among those flagged (precision)",
        "ru": "Дефолты среди отнесённых к риску (точность)",
    },
    "ui.exp.chart.calibration": {"en": "Calibration (deciles of PD)", "ru": "Калибровка (децили PD)"},
    "ui.exp.chart.predicted": {"en": "Predicted PD", "ru": "Прогноз PD"},
    "ui.exp.chart.observed": {"en": "Observed default rate", "ru": "Фактическая доля дефолтов"},
    "ui.exp.chart.importance": {"en": "Feature importance", "ru": "Важность признаков"},
    "ui.exp.chart.share": {"en": "Share of the model's importance", "ru": "Доля важности в модели"},
    "ui.exp.chart.history": {"en": "Optimisation history", "ru": "История оптимизации"},
    "ui.exp.chart.param_importance": {"en": "Parameter importance", "ru": "Важность параметров"},
    "ui.exp.chart.trial": {"en": "Trial", "ru": "Испытание"},
    "ui.exp.champion_of": {"en": "Champion for {segment}", "ru": "Чемпион: {segment}"},
    "ui.exp.no_champion": {"en": "No champion yet.", "ru": "Чемпиона пока нет."},
    "ui.exp.promoted_by": {"en": "{time}, {by}: {reason}", "ru": "{time}, {by}: {reason}"},
    "ui.exp.mlflow": {
        "en": "MLflow: {name} version {version} @{alias}",
        "ru": "MLflow: {name}, версия {version} @{alias}",
    },
    "ui.exp.history": {
        "en": "History: every promotion and rollback, newest first",
        "ru": "История: все назначения и откаты, сначала новые",
    },
    "ui.exp.col.event": {"en": "Event", "ru": "Событие"},
    "ui.exp.col.version": {"en": "Version", "ru": "Версия"},
    "ui.exp.col.at": {"en": "When", "ru": "Когда"},
    "ui.exp.col.by": {"en": "Who", "ru": "Кто"},
    "ui.exp.col.reason": {"en": "Why", "ru": "Почему"},
    "ui.exp.event.promote": {"en": "promoted", "ru": "назначена"},
    "ui.exp.event.rollback": {"en": "rolled back to", "ru": "откат к ней"},
    "ui.exp.promote": {"en": "Promote a run", "ru": "Назначить чемпионом"},
    "ui.exp.promote.run": {
        "en": "Run with a saved model (a study's best trial, or a training run)",
        "ru": "Запуск с сохранённой моделью (лучшее испытание исследования или обучение)",
    },
    "ui.exp.promote.reason": {
        "en": "Reason (required when it does not beat the champion)",
        "ru": "Причина (обязательна, если модель не лучше чемпиона)",
    },
    "ui.exp.promote.button": {"en": "Promote to champion…", "ru": "Назначить чемпионом…"},
    "ui.exp.promote.title": {"en": "Promote to champion?", "ru": "Назначить чемпионом?"},
    "ui.exp.promote.body": {
        "en": "{run} ({family}) will decide for {segment} from the next decision, instead of {champion}. It is "
        "first compared with the champion on the same folds; a model that does not beat it needs a reason.",
        "ru": "{run} ({family}) будет принимать решения для сегмента «{segment}» со следующей заявки вместо "
        "{champion}. Сначала модель сравнивается с чемпионом на тех же фолдах; если она не лучше, нужна причина.",
    },
    "ui.exp.promote.none": {"en": "no model yet", "ru": "пока никакой модели"},
    "ui.exp.promote.confirm": {"en": "Promote", "ru": "Назначить"},
    "ui.exp.promote.spinner": {
        "en": "Comparing with the champion on the same folds…",
        "ru": "Сравниваем с чемпионом на тех же фолдах…",
    },
    "ui.exp.promote.done": {"en": "{version} now serves {segment}.", "ru": "{version} теперь работает: {segment}."},
    "ui.exp.cancel": {"en": "Cancel", "ru": "Отмена"},
    "ui.exp.rollback": {"en": "Roll back", "ru": "Откат"},
    "ui.exp.rollback.segment": {"en": "Segment", "ru": "Сегмент"},
    "ui.exp.rollback.reason": {"en": "Reason", "ru": "Причина"},
    "ui.exp.rollback.button": {"en": "Serve the previous champion again…", "ru": "Вернуть предыдущего чемпиона…"},
    "ui.exp.rollback.title": {"en": "Roll back?", "ru": "Откатить?"},
    "ui.exp.rollback.body": {
        "en": "{current} stops deciding for {segment}; the champion before it serves again from the next decision.",
        "ru": "{current} перестаёт принимать решения для сегмента «{segment}»; со следующей заявки снова работает "
        "предыдущий чемпион.",
    },
    "ui.exp.rollback.confirm": {"en": "Roll back", "ru": "Откатить"},
    "ui.exp.rollback.done": {"en": "{version} serves {segment} again.", "ru": "{version} снова работает: {segment}."},
    "ui.exp.feature.education": {"en": "Education", "ru": "Образование"},
    "ui.exp.feature.age": {"en": "Age", "ru": "Возраст"},
    "ui.exp.feature.income": {"en": "Income", "ru": "Доход"},
    "ui.exp.feature.good_work": {"en": "Good job", "ru": "Хорошая работа"},
    "ui.exp.feature.car": {"en": "Car", "ru": "Автомобиль"},
    "ui.exp.feature.car_type": {"en": "Foreign car", "ru": "Иномарка"},
    "ui.exp.feature.foreign_passport": {"en": "Foreign passport", "ru": "Загранпаспорт"},
    "ui.exp.feature.region_rating": {"en": "Region rating", "ru": "Рейтинг региона"},
    "ui.exp.feature.home_address": {"en": "Home address category", "ru": "Категория домашнего адреса"},
    "ui.exp.feature.work_address": {"en": "Work address category", "ru": "Категория рабочего адреса"},
    "ui.exp.feature.decline_app_cnt": {"en": "Earlier declined applications", "ru": "Прежние отказы"},
    "ui.exp.feature.score_bki": {"en": "Credit bureau score", "ru": "Скоринг БКИ"},
    "ui.exp.feature.bki_request_cnt": {"en": "Credit bureau requests", "ru": "Запросы в БКИ"},
    "ui.exp.feature.sna": {"en": "Ties to the bank's clients", "ru": "Связь с клиентами банка"},
    "ui.exp.feature.first_time": {"en": "Known to the bank for", "ru": "Давность знакомства с банком"},
    # --- credit policy (issue 12)
    "ui.nav.policy": {"en": "Credit policy", "ru": "Кредитная политика"},
    "ui.role.risk_manager": {"en": "risk manager", "ru": "риск-менеджер"},
    "ui.decision.referred": {"en": "Referred to review", "ru": "Передана на проверку"},
    "ui.policy.title": {"en": "Credit policy", "ru": "Кредитная политика"},
    "ui.policy.active": {
        "en": "Version {number} decides now: written by {author}, approved by {approver} on {time}.",
        "ru": "Сейчас действует версия {number}: автор {author}, одобрил {approver} {time}.",
    },
    "ui.policy.tab.rules": {"en": "Rules in force", "ru": "Действующие правила"},
    "ui.policy.tab.draft": {"en": "Draft and simulate", "ru": "Черновик и симуляция"},
    "ui.policy.tab.versions": {"en": "Versions and approval", "ru": "Версии и одобрение"},
    "ui.policy.segment": {"en": "Segment", "ru": "Сегмент"},
    "ui.policy.knockouts": {"en": "Knock-out rules", "ru": "Стоп-правила"},
    "ui.policy.no_knockouts": {"en": "No knock-out rules.", "ru": "Стоп-правил нет."},
    "ui.policy.cutoff": {"en": "Cut-off", "ru": "Порог отсечения"},
    "ui.policy.basis.target_bad_rate": {
        "en": "Target bad rate of the approved",
        "ru": "Целевая доля дефолтов одобренных",
    },
    "ui.policy.basis.approval_rate": {"en": "Target approval rate", "ru": "Целевой уровень одобрения"},
    "ui.policy.basis.pd": {"en": "PD cut-off", "ru": "Порог PD"},
    "ui.policy.basis": {"en": "The cut-off is given as", "ru": "Порог задаётся как"},
    "ui.policy.value": {"en": "Value, %", "ru": "Значение, %"},
    "ui.policy.measured": {
        "en": "Measured when written (champion {model}): PD cut-off {pd}, approval {approval}, bad rate {bad}.",
        "ru": "Измерено при создании (чемпион {model}): порог PD {pd}, одобрение {approval}, доля дефолтов {bad}.",
    },
    "ui.policy.not_measured": {"en": "Not measured when written.", "ru": "При создании не измерялся."},
    "ui.policy.refer_band": {
        "en": "Refer band above the cut-off, PD %",
        "ru": "Зона ручной проверки над порогом, PD %",
    },
    "ui.policy.refer_band.help": {
        "en": "Applications whose PD is at most this much above the cut-off go to manual review instead of a decline.",
        "ru": "Заявки с PD не более чем на столько выше порога уходят на ручную проверку, а не в отказ.",
    },
    "ui.policy.limits": {
        "en": "Premium card limits, ₽ (PD band × monthly income)",
        "ru": "Лимиты премиальной карты, ₽ (PD × доход в месяц)",
    },
    "ui.policy.starter_limit": {"en": "Starter card limit, ₽", "ru": "Лимит карты «Старт», ₽"},
    "ui.policy.repeat": {
        "en": "Repeat applications: identical within {hours} h get the earlier decision; "
        "changed within {days} days go to review.",
        "ru": "Повторные заявки: одинаковая в течение {hours} ч получает прежнее решение; "
        "изменённая в течение {days} дн. — на проверку.",
    },
    "ui.policy.rule.age_range": {"en": "Age from {min_age} to {max_age}", "ru": "Возраст от {min_age} до {max_age}"},
    "ui.policy.rule.min_income": {
        "en": "Monthly income at least {amount}",
        "ru": "Доход в месяц не менее {amount}",
    },
    "ui.policy.rule.max_declined_applications": {
        "en": "Known clients: at most {count} earlier declined applications",
        "ru": "Клиенты банка: не более {count} ранее отклонённых заявок",
    },
    "ui.policy.rule.max_bureau_requests": {
        "en": "Known clients: at most {count} credit bureau enquiries",
        "ru": "Клиенты банка: не более {count} запросов в БКИ",
    },
    "ui.policy.rule.on": {"en": "Apply this rule", "ru": "Применять правило"},
    "ui.policy.rule.text_en": {"en": "Applicant's text (English)", "ru": "Текст для заявителя (англ.)"},
    "ui.policy.rule.text_ru": {"en": "Applicant's text (Russian)", "ru": "Текст для заявителя (рус.)"},
    "ui.policy.min_age": {"en": "Minimum age", "ru": "Минимальный возраст"},
    "ui.policy.max_age": {"en": "Maximum age", "ru": "Максимальный возраст"},
    "ui.policy.amount": {"en": "Minimum monthly income, ₽", "ru": "Минимальный доход в месяц, ₽"},
    "ui.policy.count": {"en": "At most", "ru": "Не более"},
    "ui.policy.reason": {"en": "Why this change", "ru": "Причина изменения"},
    "ui.policy.simulate": {"en": "Simulate", "ru": "Симулировать"},
    "ui.policy.save": {"en": "Save as a draft", "ru": "Сохранить черновик"},
    "ui.policy.sim.title": {
        "en": "Simulation: proposal against version {number}",
        "ru": "Симуляция: предложение против версии {number}",
    },
    "ui.policy.sim.labelled": {
        "en": "Labelled history: {rows} applications, champion's out-of-fold PDs",
        "ru": "Размеченная история: {rows} заявок, out-of-fold PD чемпиона",
    },
    "ui.policy.sim.live": {
        "en": "Live applications of the last {days} days: {rows} (no outcomes yet)",
        "ru": "Заявки за последние {days} дн.: {rows} (исходы пока неизвестны)",
    },
    "ui.policy.sim.no_live": {
        "en": "No live applications in the last {days} days.",
        "ru": "За последние {days} дн. заявок не было.",
    },
    "ui.policy.sim.figure": {"en": "Figure", "ru": "Показатель"},
    "ui.policy.sim.active": {"en": "Active", "ru": "Действующая"},
    "ui.policy.sim.proposed": {"en": "Proposed", "ru": "Предлагаемая"},
    "ui.policy.sim.cutoff": {"en": "PD cut-off", "ru": "Порог PD"},
    "ui.policy.sim.approval_rate": {"en": "Approved", "ru": "Одобрено"},
    "ui.policy.sim.refer_rate": {"en": "Referred", "ru": "На проверку"},
    "ui.policy.sim.knockout_rate": {"en": "Knocked out", "ru": "Стоп-правила"},
    "ui.policy.sim.bad_rate": {"en": "Bad rate of the approved", "ru": "Доля дефолтов одобренных"},
    "ui.policy.sim.expected_loss": {
        "en": "Expected loss (limit × PD × LGD)",
        "ru": "Ожидаемые потери (лимит × PD × LGD)",
    },
    "ui.policy.sim.approved_limits": {"en": "Approved limits in total", "ru": "Сумма одобренных лимитов"},
    "ui.policy.swap": {"en": "Swap set", "ru": "Перетоки"},
    "ui.policy.swap.kept": {"en": "Approved by both", "ru": "Одобрены обеими"},
    "ui.policy.swap.swapped_out": {
        "en": "Approved now, declined by the proposal",
        "ru": "Сейчас одобрены, по предложению — отказ",
    },
    "ui.policy.swap.swapped_in": {
        "en": "Declined now, approved by the proposal",
        "ru": "Сейчас отказ, по предложению — одобрены",
    },
    "ui.policy.swap.declined_by_both": {"en": "Declined by both", "ru": "Отказ у обеих"},
    "ui.policy.swap.count": {"en": "Applications", "ru": "Заявок"},
    "ui.policy.swap.bad_rate": {"en": "Bad rate", "ru": "Доля дефолтов"},
    "ui.policy.curve.title": {
        "en": "Strategy curve: approval against bad rate",
        "ru": "Кривая стратегии: одобрение и доля дефолтов",
    },
    "ui.policy.curve.all": {"en": "Every cut-off (proposal's rules)", "ru": "Все пороги (правила предложения)"},
    "ui.policy.versions.number": {"en": "Version", "ru": "Версия"},
    "ui.policy.versions.status": {"en": "Status", "ru": "Статус"},
    "ui.policy.versions.author": {"en": "Author", "ru": "Автор"},
    "ui.policy.versions.created": {"en": "Written", "ru": "Создана"},
    "ui.policy.versions.approver": {"en": "Approved by", "ru": "Одобрил"},
    "ui.policy.versions.reason": {"en": "Reason", "ru": "Причина"},
    "ui.policy.versions.cutoffs": {"en": "Cut-offs", "ru": "Пороги"},
    "ui.policy.status.draft": {"en": "draft", "ru": "черновик"},
    "ui.policy.status.active": {"en": "active", "ru": "действует"},
    "ui.policy.status.retired": {"en": "retired", "ru": "выведена"},
    "ui.policy.draft_to_approve": {"en": "Draft to review", "ru": "Черновик на одобрение"},
    "ui.policy.simulate_draft": {"en": "Simulate this draft", "ru": "Симулировать черновик"},
    "ui.policy.approve": {"en": "Approve and activate", "ru": "Одобрить и ввести в действие"},
    "ui.policy.own_draft": {
        "en": "This is your own draft: a second risk manager must approve it.",
        "ru": "Это ваш черновик: одобрить его должен другой риск-менеджер.",
    },
    "ui.policy.no_drafts": {"en": "No drafts waiting for approval.", "ru": "Черновиков на одобрение нет."},
    "ui.policy.rollback": {"en": "Roll back to the previous version", "ru": "Вернуть предыдущую версию"},
    "ui.policy.rollback.confirm": {"en": "Yes, roll back", "ru": "Да, вернуть"},
    "ui.policy.timeline": {"en": "Activations", "ru": "История ввода в действие"},
    "ui.policy.kind.initial": {"en": "first version", "ru": "первая версия"},
    "ui.policy.kind.approval": {"en": "approved", "ru": "одобрена"},
    "ui.policy.kind.rollback": {"en": "rollback", "ru": "откат"},
    "ui.policy.done.draft": {
        "en": "Draft version {number} saved. A second risk manager approves it under Versions.",
        "ru": "Черновик версии {number} сохранён. Его одобряет другой риск-менеджер во вкладке «Версии».",
    },
    "ui.policy.done.approve": {
        "en": "Version {number} is active: it decides the next application.",
        "ru": "Версия {number} введена в действие: по ней решается следующая заявка.",
    },
    "ui.policy.done.rollback": {"en": "Version {number} is active again.", "ru": "Снова действует версия {number}."},
    "ui.policy.initial_reason": {
        "en": "Version 1: the policy in force before policies were data.",
        "ru": "Версия 1: политика, действовавшая до того, как правила стали данными.",
    },
    "ui.policy.event": {"en": "Event", "ru": "Событие"},
    "ui.policy.by": {"en": "By", "ru": "Кто"},
    "ui.policy.unavailable": {"en": "Cannot simulate: {error}", "ru": "Симуляция невозможна: {error}"},
    # --- monitoring (issue 13)
    "ui.nav.monitoring": {"en": "Monitoring", "ru": "Мониторинг"},
    "ui.monitoring.title": {"en": "Model monitoring", "ru": "Мониторинг модели"},
    "ui.monitoring.segment": {"en": "Model", "ru": "Модель"},
    "ui.monitoring.period": {"en": "Period", "ru": "Период"},
    "ui.monitoring.by": {"en": "By", "ru": "Шаг"},
    "ui.monitoring.by.week": {"en": "week", "ru": "неделя"},
    "ui.monitoring.by.month": {"en": "month", "ru": "месяц"},
    "ui.monitoring.show": {"en": "Show", "ru": "Показать"},
    "ui.monitoring.none": {
        "en": "No decisions of this model in the period.",
        "ru": "За этот период решений этой модели нет.",
    },
    "ui.monitoring.no_reference": {
        "en": "The champion's training data is not in the database, so stability cannot be measured.",
        "ru": "Обучающих данных чемпиона нет в базе, поэтому стабильность измерить нельзя.",
    },
    "ui.monitoring.tab.overview": {"en": "Volumes and rates", "ru": "Объёмы и доли"},
    "ui.monitoring.tab.stability": {"en": "Stability (PSI)", "ru": "Стабильность (PSI)"},
    "ui.monitoring.tab.performance": {"en": "Performance", "ru": "Качество"},
    "ui.monitoring.tab.challenger": {"en": "Challenger", "ru": "Претендент"},
    "ui.monitoring.tab.fairness": {"en": "Fairness", "ru": "Справедливость"},
    "ui.monitoring.metric.decisions": {"en": "Decisions", "ru": "Решений"},
    "ui.monitoring.metric.approval": {"en": "Approval rate", "ru": "Доля одобрений"},
    "ui.monitoring.metric.mean_pd": {"en": "Mean PD", "ru": "Средняя PD"},
    "ui.monitoring.metric.psi": {"en": "Score PSI, last period", "ru": "PSI скора, последний период"},
    "ui.monitoring.col.period": {"en": "Period", "ru": "Период"},
    "ui.monitoring.col.n": {"en": "Decisions", "ru": "Решений"},
    "ui.monitoring.col.approval": {"en": "Approved", "ru": "Одобрено"},
    "ui.monitoring.col.refer": {"en": "Referred", "ru": "На проверку"},
    "ui.monitoring.col.knockout": {"en": "Knocked out", "ru": "Стоп-факторы"},
    "ui.monitoring.col.mean_pd": {"en": "Mean PD", "ru": "Средняя PD"},
    "ui.monitoring.col.input": {"en": "Input", "ru": "Признак"},
    "ui.monitoring.col.psi": {"en": "PSI", "ru": "PSI"},
    "ui.monitoring.col.band": {"en": "Band", "ru": "Зона"},
    "ui.monitoring.col.n_outcomes": {"en": "Outcomes", "ru": "Исходов"},
    "ui.monitoring.col.auroc": {"en": "AUROC, realised", "ru": "AUROC, факт"},
    "ui.monitoring.col.estimated_auroc": {"en": "AUROC, estimated", "ru": "AUROC, оценка"},
    "ui.monitoring.col.ks": {"en": "KS", "ru": "KS"},
    "ui.monitoring.col.bad_rate": {"en": "Bad rate of approved, realised", "ru": "Дефолты одобренных, факт"},
    "ui.monitoring.col.estimated_bad_rate": {
        "en": "Bad rate of approved, estimated",
        "ru": "Дефолты одобренных, оценка",
    },
    "ui.monitoring.col.observed": {"en": "Observed default rate", "ru": "Наблюдаемая доля дефолтов"},
    "ui.monitoring.col.mean_pd_outcomes": {"en": "Mean PD (with outcomes)", "ru": "Средняя PD (с исходом)"},
    "ui.monitoring.band.stable": {"en": "stable", "ru": "стабильно"},
    "ui.monitoring.band.watch": {"en": "watch", "ru": "наблюдать"},
    "ui.monitoring.band.act": {"en": "act", "ru": "действовать"},
    "ui.monitoring.band.none": {"en": "—", "ru": "—"},
    "ui.monitoring.score": {"en": "score (PD)", "ru": "скор (PD)"},
    "ui.monitoring.chart.volumes": {
        "en": "Decisions and approval rate per period",
        "ru": "Решения и доля одобрений по периодам",
    },
    "ui.monitoring.chart.pd_distribution": {
        "en": "PD distribution: reference vs the last period",
        "ru": "Распределение PD: эталон и последний период",
    },
    "ui.monitoring.chart.psi": {
        "en": "PSI per period (score and top inputs)",
        "ru": "PSI по периодам (скор и ведущие признаки)",
    },
    "ui.monitoring.chart.distribution": {"en": "{name}: reference vs {period}", "ru": "{name}: эталон и {period}"},
    "ui.monitoring.chart.auroc": {
        "en": "AUROC by vintage: realised and estimated",
        "ru": "AUROC по поколениям: факт и оценка",
    },
    "ui.monitoring.chart.bad_rate": {
        "en": "Bad rate of the approved against the target",
        "ru": "Доля дефолтов одобренных против цели",
    },
    "ui.monitoring.chart.calibration": {
        "en": "Calibration: mean PD vs observed default rate",
        "ru": "Калибровка: средняя PD и наблюдаемые дефолты",
    },
    "ui.monitoring.axis.period": {"en": "Period", "ru": "Период"},
    "ui.monitoring.axis.decisions": {"en": "Decisions", "ru": "Решений"},
    "ui.monitoring.axis.rate": {"en": "Share", "ru": "Доля"},
    "ui.monitoring.axis.pd_bin": {"en": "PD bin (reference deciles)", "ru": "Интервал PD (децили эталона)"},
    "ui.monitoring.axis.bin": {"en": "Value bin", "ru": "Интервал значений"},
    "ui.monitoring.axis.share": {"en": "Share of applications", "ru": "Доля заявок"},
    "ui.monitoring.axis.psi": {"en": "PSI", "ru": "PSI"},
    "ui.monitoring.axis.auroc": {"en": "AUROC", "ru": "AUROC"},
    "ui.monitoring.axis.mean_pd": {"en": "Mean PD", "ru": "Средняя PD"},
    "ui.monitoring.axis.observed": {"en": "Observed default rate", "ru": "Наблюдаемая доля дефолтов"},
    "ui.monitoring.reference": {"en": "reference (training data)", "ru": "эталон (обучающие данные)"},
    "ui.monitoring.target": {"en": "target", "ru": "цель"},
    "ui.monitoring.tolerance": {"en": "tolerance", "ru": "допуск"},
    "ui.monitoring.approval_rate": {"en": "approval rate", "ru": "доля одобрений"},
    "ui.monitoring.perfect": {"en": "perfect calibration", "ru": "идеальная калибровка"},
    "ui.monitoring.psi_note": {
        "en": "PSI against the champion's training data ({n:,} applications): "
        "below 0.1 stable, 0.1–0.25 watch, above 0.25 act.",
        "ru": "PSI относительно обучающих данных чемпиона ({n:,} заявок): "
        "ниже 0.1 стабильно, 0.1–0.25 наблюдать, выше 0.25 действовать.",
    },
    "ui.monitoring.ranked": {"en": "Inputs ranked by PSI in {period}", "ru": "Признаки по убыванию PSI за {period}"},
    "ui.monitoring.estimate_note": {
        "en": "The estimate uses the calibrated PDs alone (confidence-based performance estimation, as "
        "NannyML's CBPE): it is available before outcomes mature; where both exist, compare them to see how "
        "far to trust it.",
        "ru": "Оценка строится только по откалиброванным PD (метод CBPE, как в NannyML): она доступна до созревания "
        "исходов; где есть и факт, сравните их, чтобы понять, насколько ей можно доверять.",
    },
    "ui.monitoring.no_outcomes": {
        "en": "No outcomes recorded for this model in the period yet: only estimates are shown.",
        "ru": "Исходов по этой модели за период пока нет: показаны только оценки.",
    },
    "ui.monitoring.alerts": {"en": "Alerts", "ru": "Предупреждения"},
    "ui.monitoring.alert.psi_act": {
        "en": "{period}: PSI of {subject} is {value:.2f}, above 0.25: act.",
        "ru": "{period}: PSI признака {subject} равен {value:.2f}, выше 0.25: требуются действия.",
    },
    "ui.monitoring.alert.psi_watch": {
        "en": "{period}: PSI of {subject} is {value:.2f}, in the watch band (0.1–0.25).",
        "ru": "{period}: PSI признака {subject} равен {value:.2f}, в зоне наблюдения (0.1–0.25).",
    },
    "ui.monitoring.alert.bad_rate": {
        "en": "{period}: the approved defaulted at {value:.1%}, outside the target {limit:.1%} ± 2 points.",
        "ru": "{period}: доля дефолтов одобренных {value:.1%}, вне цели {limit:.1%} ± 2 п.п.",
    },
    "ui.monitoring.more_alerts": {"en": "…and {n} more.", "ru": "…и ещё {n}."},
    "ui.monitoring.challenger.none": {
        "en": "No challenger is named for this model: every decision is scored by the champion alone.",
        "ru": "Претендент для этой модели не назначен: решения оценивает только чемпион.",
    },
    "ui.monitoring.challenger.current": {
        "en": "Challenger **{version}** ({family}), named by {by}; scored on every decision, never used.",
        "ru": "Претендент **{version}** ({family}), назначил {by}; оценивает каждое решение, но не влияет на него.",
    },
    "ui.monitoring.challenger.no_scores": {
        "en": "No decision in the period has a challenger's score yet.",
        "ru": "За период ещё нет решений с оценкой претендента.",
    },
    "ui.monitoring.challenger.n": {"en": "Decisions scored by both", "ru": "Оценено обеими"},
    "ui.monitoring.challenger.correlation": {"en": "PD correlation", "ru": "Корреляция PD"},
    "ui.monitoring.challenger.swap_in": {"en": "Approved by the challenger only", "ru": "Одобрил бы только претендент"},
    "ui.monitoring.challenger.swap_out": {"en": "Approved by the champion only", "ru": "Одобрил только чемпион"},
    "ui.monitoring.challenger.swap_note": {
        "en": "The swap set at the active cut-off ({cut:.1%}) applied to both models' PDs; "
        "knocked-out applicants are declined by both.",
        "ru": "Обмен при действующем пороге ({cut:.1%}), применённом к PD обеих моделей; "
        "отсеянные стоп-факторами отклоняются обеими.",
    },
    "ui.monitoring.challenger.col.champion_auroc": {"en": "Champion AUROC", "ru": "AUROC чемпиона"},
    "ui.monitoring.challenger.col.challenger_auroc": {"en": "Challenger AUROC", "ru": "AUROC претендента"},
    "ui.monitoring.challenger.col.champion_pd": {"en": "Champion mean PD", "ru": "Средняя PD чемпиона"},
    "ui.monitoring.challenger.col.challenger_pd": {"en": "Challenger mean PD", "ru": "Средняя PD претендента"},
    "ui.monitoring.challenger.evidence": {
        "en": "Live evidence: challenger {version} in the shadow, last {days} days",
        "ru": "Данные боевого потока: претендент {version} в тени, последние {days} дней",
    },
    "ui.monitoring.challenger.name": {"en": "Name a challenger", "ru": "Назначить претендента"},
    "ui.monitoring.challenger.version": {"en": "Saved model", "ru": "Сохранённая модель"},
    "ui.monitoring.challenger.set": {"en": "Shadow-score with it", "ru": "Оценивать в тени"},
    "ui.monitoring.challenger.clear": {"en": "Stop shadow scoring", "ru": "Прекратить теневую оценку"},
    "ui.monitoring.challenger.done": {
        "en": "{version} now shadows the champion.",
        "ru": "{version} теперь в тени чемпиона.",
    },
    "ui.monitoring.fairness.history": {"en": "Labelled history, by sex", "ru": "История с исходами, по полу"},
    "ui.monitoring.fairness.live": {
        "en": "Decisions in the period, by age band",
        "ru": "Решения за период, по возрасту",
    },
    "ui.monitoring.fairness.air": {"en": "Adverse impact ratio", "ru": "Коэффициент неблагоприятного влияния"},
    "ui.monitoring.fairness.note": {
        "en": "The adverse impact ratio is the lowest group's approval rate divided by the highest's; below 0.8 (the "
        "four-fifths rule) deserves a closer look. It measures outcomes, not intent or cause: groups can differ in "
        "risk, and a ratio near 1 does not prove the model fair. `sex` is never asked and never a model input.",
        "ru": "Коэффициент неблагоприятного влияния — доля одобрений худшей группы, делённая на долю лучшей; ниже 0.8 "
        "(правило четырёх пятых) стоит разобраться. Он измеряет результат, а не умысел или причину: группы могут "
        "различаться по риску, а значение около 1 не доказывает справедливость модели. Пол не спрашивается и не "
        "является признаком модели.",
    },
    "ui.monitoring.fairness.cutoffs": {
        "en": "Approval rate per group at cut-offs around the active one ({cut:.1%})",
        "ru": "Доля одобрений по группам при порогах около действующего ({cut:.1%})",
    },
    "ui.monitoring.fairness.below": {
        "en": "Below 0.8: look at why these groups are approved so differently.",
        "ru": "Ниже 0.8: разберитесь, почему эти группы одобряются так по-разному.",
    },
    "ui.monitoring.fairness.col.group": {"en": "Group", "ru": "Группа"},
    "ui.monitoring.fairness.col.n": {"en": "Applications", "ru": "Заявок"},
    "ui.monitoring.fairness.col.cutoff": {"en": "Cut-off", "ru": "Порог"},
    "ui.monitoring.fairness.none": {"en": "Not enough data for this report.", "ru": "Недостаточно данных для отчёта."},
    # --- decision API (issue 15)
    "ui.col.channel": {"en": "Channel", "ru": "Канал"},
    "ui.channel.web": {"en": "questionnaire", "ru": "анкета"},
    # --- Decisions a bank can stand behind: referral, consent, the applicant's outcome (issue 11)
    "ui.apply.income.placeholder": {"en": "e.g. 85,000", "ru": "например, 85 000"},
    "ui.apply.consent": {
        "en": "I agree to the processing of my personal data and to the credit-bureau enquiry",
        "ru": "Я согласен(на) на обработку персональных данных и запрос в бюро кредитных историй",
    },
    "ui.apply.consent_version": {"en": "consent version {version}", "ru": "редакция согласия {version}"},
    "ui.apply.accept_starter": {"en": "Accept the Starter card", "ru": "Принять карту «Старт»"},
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
