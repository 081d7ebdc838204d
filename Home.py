"""The router: page config, which pages this visitor may see, and nothing else."""

import streamlit as st

st.set_page_config(page_title="Credit card application", page_icon=":material/credit_card:", layout="centered")
st.navigation([st.Page("pages/apply.py", title="Apply", icon=":material/credit_card:", default=True)]).run()
