"""Data logic of the dashboard: pure functions over pandas frames, testable without Streamlit."""
