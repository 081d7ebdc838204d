"""Client lookup: find a client by any part of the name, passport or number, and open the profile."""

import streamlit as st
from sqlalchemy.orm import Session

from core.data import repository
from ui import cache, locale
from ui.answers import keep_answers
from ui.format import clients_table
from ui.plain import plain
from ui.profile import show_client
from ui.session import audit, require
from ui.texts import language_switch, t

PAGE_SIZE = 20

lang = language_switch()
require("clients")
st.title(t("ui.clients.title", lang))


def new_search() -> None:
    st.session_state.pop("clients_page", None)  # back to the first page
    st.session_state.pop("clients_open", None)  # a new search's single match opens by itself
    st.session_state["clients_searched"] = True


with st.form("clients_search", border=False):
    query_column, button_column = st.columns([4, 1], vertical_alignment="bottom")
    query_column.text_input(
        t("ui.clients.query", lang),
        key="clients_query",
        placeholder=t("ui.clients.query.placeholder", lang),
        max_chars=200,
    )
    button_column.form_submit_button(
        t("ui.clients.search", lang), on_click=new_search, key="clients_search_button", width="stretch"
    )

query = st.session_state.get("clients_query", "").strip()
if not query:
    st.caption(t("ui.clients.hint", lang))
    st.stop()

page = st.session_state.get("clients_page", 1)
with Session(cache.engine()) as session:
    clients, total = repository.search_clients(
        session=session, query=query, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    table = clients_table(clients, lang)
    labels = {c.id: f"{c.full_name} · {locale.day(c.birth_date, lang)} · № {c.id}" for c in clients}
if st.session_state.pop("clients_searched", False):
    audit("search", details={"query": query, "found": total})
if not total:
    st.info(t("ui.clients.none", lang, query=plain(query)), icon=":material/search_off:")
    st.stop()

st.caption(t("ui.clients.found", lang, n=locale.number(total, lang)))
st.dataframe(table, hide_index=True, height="content")
if total > PAGE_SIZE:
    st.pagination(-(-total // PAGE_SIZE), key="clients_page", max_visible_pages=5)
keep_answers("clients", ["clients_open", "profile_open"], lang)
chosen = st.selectbox(
    t("ui.clients.open", lang),
    list(labels),
    index=0 if total == 1 else None,
    format_func=labels.get,
    placeholder=t("ui.choose", lang),
    key="clients_open",
)
if chosen is not None:
    if st.session_state.get("clients_viewed") != chosen:
        audit("view_client", target=str(chosen))
        st.session_state["clients_viewed"] = chosen
    show_client(chosen, lang)
