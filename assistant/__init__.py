"""Question answering: understand the question, retrieve, answer with citations."""
