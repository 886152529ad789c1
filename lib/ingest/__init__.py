"""Files → articles: readers (formats, encodings, metadata), cleaning (page
furniture out), outlets (who published it), and the pipeline that runs them
with the extractor (`python -m lib.ingest`, see lib.ingest.pipeline)."""
