"""Evaluation harness: run a question set through the same path as the UI and report
accuracy (the gold set's scoring rules), retrieval recall@5 and latency."""
