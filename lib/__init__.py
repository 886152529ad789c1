"""The product's core: reading Arabic news articles and turning them into the
`articles` and `claims` tables. Nothing here imports streamlit."""
from lib import compiled as _compiled

_compiled.install()  # the ingest hot path compiled, where a build of the current source exists
