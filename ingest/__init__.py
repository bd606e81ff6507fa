"""Ingestion: load documents (PDF, TXT, MD), recover their structure, chunk them and
extract the structured data (KPI tables, ordinance articles, policy system)."""
