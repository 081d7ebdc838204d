"""The administrator's audit-log viewer: filter by user, action and period, page through,
and download the filtered entries as CSV, the download itself written to the log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import streamlit as st
from sqlalchemy.orm import Session

from core import staff
from ui import cache, locale
from ui.answers import ANY, keep_answers
from ui.format import action_name, audit_table, day_bounds, local_today
from ui.texts import t

PAGE_SIZE = 50
EXPORT_LIMIT = 10_000  # the newest entries a download holds


def audit_log(admin: str, lang: str) -> None:
    """Draw the viewer for the signed-in administrator `admin`."""
    with Session(cache.engine()) as session:
        users, actions = staff.audit_users(session=session), staff.audit_actions(session=session)
    today = local_today()
    keep_answers("audit", ["audit_user", "audit_action"], lang)  # "Any" and actions in the new language
    with st.form("audit_filters", border=False):
        user_column, action_column, period_column = st.columns([1, 1, 2])
        user = user_column.selectbox(
            t("ui.audit.user", lang), [ANY, *users], format_func=lambda u: u or t("ui.any", lang), key="audit_user"
        )
        action = action_column.selectbox(
            t("ui.audit.action", lang),
            [ANY, *actions],
            format_func=lambda a: action_name(a, lang) if a else t("ui.any", lang),
            key="audit_action",
        )
        period = period_column.date_input(
            t("ui.audit.period", lang),
            value=(today - timedelta(days=6), today),
            format=locale.date_mask(lang),
            key="audit_period",
        )
        st.form_submit_button(
            t("ui.audit.show", lang), key="audit_show", on_click=lambda: st.session_state.pop("audit_page", None)
        )
    first, last = (period[0], period[-1]) if period else (today, today)
    since, until = day_bounds(first, last)
    filters = {"user_name": user or None, "action": action or None, "since": since, "until": until}
    page = st.session_state.get("audit_page", 1)
    with Session(cache.engine()) as session:
        total = staff.count_audit_entries(session=session, **filters)
        entries = staff.audit_entries(session=session, **filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        table = audit_table(entries, lang)
    if not total:
        st.info(t("ui.audit.none", lang), icon=":material/filter_alt_off:")
        return
    period_shown = f"{locale.day(first, lang)} – {locale.day(last, lang)}"
    st.caption(f"{t('ui.audit.found', lang, n=locale.number(total, lang))} · {period_shown}")
    st.dataframe(table, hide_index=True, column_config=_columns(lang), key="audit_table")
    if total > PAGE_SIZE:
        st.pagination(-(-total // PAGE_SIZE), key="audit_page", max_visible_pages=5)
    st.download_button(
        t("ui.audit.export", lang),
        data=lambda: export(admin, filters, lang),
        file_name=f"audit-{first:%Y%m%d}-{last:%Y%m%d}.csv",
        mime="text/csv",
        icon=":material/download:",
        help=t("ui.audit.export.help", lang, n=locale.number(EXPORT_LIMIT, lang)),
        on_click="ignore",
        key="audit_export",
    )


def _columns(lang: str) -> dict:
    """Widths that fit 1366 px, the details given the room (a long one shows whole on a click)."""
    widths = {"ui.col.time": 125, "ui.audit.col.user": 130, "ui.audit.col.action": 180, "ui.audit.col.target": 90}
    columns = {t(key, lang): st.column_config.Column(width=width) for key, width in widths.items()}
    return columns | {t("ui.audit.col.details", lang): st.column_config.Column(width=375)}


def export(admin: str, filters: dict, lang: str) -> bytes:
    """The filtered entries as CSV, made when the download is asked for; the log records who
    took which entries and how many rows."""
    with Session(cache.engine()) as session, session.begin():
        entries = staff.audit_entries(session=session, **filters, limit=EXPORT_LIMIT)
        data = audit_table(entries, lang).to_csv(index=False).encode("utf-8-sig")  # Excel reads the BOM as UTF-8
        shown = {key: value.isoformat() if isinstance(value, datetime) else value for key, value in filters.items()}
        details = {"filters": {k: v for k, v in shown.items() if v is not None}, "rows": len(entries)}
        staff.record_audit(
            session=session, user_name=admin, action="audit_exported", details=details, now=datetime.now(UTC)
        )
    return data
