import streamlit as st

st.title("Apply for a credit card")
