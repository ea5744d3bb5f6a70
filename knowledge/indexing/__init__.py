"""The stages of ingestion: reading sources, writing changed documents, pruning, reporting."""
