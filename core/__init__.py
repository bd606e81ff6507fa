"""Shared types and settings used by every layer (ingest → vectorstore → assistant → app)."""
