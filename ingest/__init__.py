"""Ingestion: load documents (PDF, TXT, MD), recover their structure, chunk them and
extract the structured data (KPI tables, ordinance articles, policy system)."""

# Bumped whenever parsing or chunking changes what is indexed: files indexed by another
# version are re-ingested on the next run even though their bytes did not change.
PARSER_VERSION = "44"
