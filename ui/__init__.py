"""Streamlit-side helpers shared by the pages: caching and the signed-in user. `core` never imports this."""
