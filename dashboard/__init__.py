"""The Streamlit dashboard over a corpus: pages in `pages/`, pure data logic in `logic/`."""
