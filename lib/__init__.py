"""The product's core: reading Arabic news articles and turning them into the
`articles` and `claims` tables. Nothing here imports streamlit."""
