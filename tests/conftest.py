"""Shared fixtures. The embedder is swapped for the deterministic hash embedder through
one fixture (`settings`), so unit tests need no model; corpus tests use the real one."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def settings(tmp_path):
    from core.settings import Settings

    return Settings(home=tmp_path / "home", embedder="hash", docs=FIXTURES)


@pytest.fixture
def fixture_service(settings):
    from assistant.answer_service import AnswerService
    from vectorstore.index_service import IndexService

    index = IndexService(settings)
    report = index.ingest([FIXTURES])
    assert not report.errors, report.errors
    return AnswerService(settings, index)


def _need_corpus():
    if not (CORPUS / "pdf").is_dir():
        pytest.skip("../shared/corpus is not beside the project")


def _corpus_index(tmp_path_factory, folder: str):
    _need_corpus()
    from assistant.answer_service import AnswerService
    from core.settings import Settings
    from vectorstore.index_service import IndexService

    s = Settings(home=tmp_path_factory.mktemp(f"corpus-{folder}"))
    index = IndexService(s)
    report = index.ingest([CORPUS / folder])
    assert not report.errors, report.errors
    return AnswerService(s, index)


@pytest.fixture(scope="session")
def pdf_service(tmp_path_factory):
    """The two shared PDFs indexed once with the real embedder."""
    return _corpus_index(tmp_path_factory, "pdf")


@pytest.fixture(scope="session")
def text_service(tmp_path_factory):
    """The two shared text versions indexed once with the real embedder."""
    return _corpus_index(tmp_path_factory, "text")


@pytest.fixture(params=["pdf", "text"])
def corpus_service(request):
    """Each test that uses it runs on the PDF index and on the text index."""
    return request.getfixturevalue(f"{request.param}_service")


# ---- throwaway servers (PostgreSQL, chroma run) for the shared-store tests -------------------
def _unavailable(exc: Exception):
    """CI sets DOCQA_REQUIRE_SERVERS=1: there a server that cannot start is a failure, not a skip."""
    if os.environ.get("DOCQA_REQUIRE_SERVERS") == "1":
        pytest.fail(f"required server unavailable: {exc}")
    pytest.skip(f"{exc}")


@pytest.fixture(scope="session")
def pg_url():
    import contextlib

    from tests.servers import ServerUnavailable, postgres_server

    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(postgres_server())
        except ServerUnavailable as exc:
            _unavailable(exc)
        yield url


@pytest.fixture(scope="session")
def chroma_url():
    import contextlib

    from tests.servers import ServerUnavailable, chroma_server

    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(chroma_server())
        except ServerUnavailable as exc:
            _unavailable(exc)
        yield url


@pytest.fixture
def server_settings(tmp_path, pg_url, chroma_url):
    """Settings on the shared servers, in a collection of this test's own (no cleanup needed)."""
    import uuid

    from core.settings import Settings

    name = f"t-{uuid.uuid4().hex[:10]}"
    return Settings(home=tmp_path / "replica-home", embedder="hash", docs=FIXTURES, database_url=pg_url,
                    chroma_url=chroma_url, collection=name)
