"""Storage: embeddings, the Chroma vector store, the BM25 keyword index and the SQLite
structured store (KPI records, ordinance articles, policy system, document manifest)."""
