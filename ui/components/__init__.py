"""Streamlit building blocks of the pocdoc app: one concern per module."""
