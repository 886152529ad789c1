"""What the dashboard's pages show, without streamlit: the corpus as the pages
hold it, filters and queries, per-page views, charts, exports and UI strings."""
