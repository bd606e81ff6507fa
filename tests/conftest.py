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
