"""On the shared corpus, the shared-server backend answers exactly as the embedded default:
the BM25 top-10 of every development question, and every answer (text, records, citations)."""
from __future__ import annotations

import shutil

import pytest

from tests.conftest import CORPUS, SHARED

pytestmark = [pytest.mark.corpus, pytest.mark.slow]


def _dev_questions() -> list[str]:
    from assistant.eval.runner import load_questions

    qs = []
    for name in ("dev_questions.jsonl", "dev_questions_2.jsonl"):
        path = SHARED / "eval" / name
        if path.exists():
            qs += [q["question"] for q in load_questions(path)]
    return qs


def test_server_backend_equals_embedded_on_the_development_sets(text_service, tmp_path, pg_url, chroma_url):
    from assistant.answer_service import AnswerService
    from core.settings import Settings
    from vectorstore.index_service import IndexService

    questions = _dev_questions()
    if not questions:
        pytest.skip("../shared/eval has no development sets")
    home = tmp_path / "replica"
    home.mkdir()
    # the replica starts from the embedded index's vector cache: the same vectors, no re-embedding
    shutil.copy(text_service.index.home / "embeddings.sqlite", home / "embeddings.sqlite")
    s = Settings(home=home, database_url=pg_url, chroma_url=chroma_url, collection="parity")
    server = AnswerService(s, IndexService(s, embedder=text_service.index.embedder))
    report = server.index.ingest([CORPUS / "text"])
    assert not report.errors and report.chunks == len(text_service.index.keywords)
    assert server.index.vector_cache.misses == 0
    for q in questions:
        assert server.index.keywords.search(q, 10) == text_service.index.keywords.search(q, 10), q
    for q in questions:
        a, b = server.ask(q).to_dict(), text_service.ask(q).to_dict()
        for d in (a, b):
            d.pop("trace")
        assert a == b, q
