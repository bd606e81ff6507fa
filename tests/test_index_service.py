"""IndexService: a fast first start publishes tables, articles and keywords before the
vectors, which are filled in afterwards (also after a restart)."""
from __future__ import annotations

from tests.conftest import FIXTURES
from tests.test_embedding_cache import CountingEmbedder


def test_vectors_later_answers_at_once_then_fills_in(settings):
    from assistant.answer_service import AnswerService
    from vectorstore.index_service import IndexService, is_pending

    index = IndexService(settings, embedder=CountingEmbedder())
    report = index.ingest([FIXTURES], vectors_later=True)
    assert not report.errors and index.embedder.embedded == []
    done, total = index.vector_status()
    assert done == 0 and total == report.chunks > 0
    assert index.check() == []  # no vectors yet is expected, not damage
    service = AnswerService(settings, index)
    kpi = service.ask("Which Article 12 programs missed targets?")
    assert kpi.grounded and "起業支援事業" in kpi.answer  # from the KPI store, no vectors needed
    assert service.ask("量子コンピュータの普及について協議会の意見は？").citations  # keyword retrieval
    progress = []
    assert index.fill_vectors(lambda d, t: progress.append((d, t))) == 2
    assert index.vector_status() == (total, total) and progress[-1] == (total, total)
    assert index.vector_cache.misses == total  # every passage embedded once, by the fill
    assert not any(is_pending(d) for d in index.documents()) and index.check() == []
    assert index.ingest([FIXTURES]).unchanged == ["mini_program.md", "mini_report.txt"]


def test_vectors_are_filled_after_a_restart_from_the_passage_store(settings, tmp_path, monkeypatch):
    import shutil

    from ingest.__main__ import main as ingest_cli
    from vectorstore.index_service import IndexService

    docs = tmp_path / "docs"
    shutil.copytree(FIXTURES, docs)
    # another process parses and publishes (as the app's first start does), without vectors
    monkeypatch.setenv("DOCQA_EMBEDDER", settings.embedder)
    assert ingest_cli([str(docs), "--vectors-later", "--home", str(settings.home), "--quiet"]) == 0
    shutil.rmtree(docs)  # the files are gone: the vectors must come from what was published
    restarted = IndexService(settings, embedder=CountingEmbedder())
    done, total = restarted.vector_status()
    assert done == 0 and total > 0
    assert restarted.fill_vectors() == 2
    done, total = restarted.vector_status()
    assert done == total and restarted.check() == []
    assert restarted.chroma.count() == total == len(restarted.embedder.embedded)


def test_filtered_search_while_some_vectors_are_still_pending(settings):
    """One document embedded, the other published before its vectors (a first start, or an
    ingest killed between the two): searches limited to passage ids skip the missing vectors."""
    from assistant.answer_service import AnswerService
    from vectorstore.index_service import IndexService

    index = IndexService(settings, embedder=CountingEmbedder())
    assert not index.ingest([FIXTURES / "mini_report.txt"]).errors
    assert not index.ingest([FIXTURES / "mini_program.md"], vectors_later=True).errors
    done, total = index.vector_status()
    assert 0 < done < total
    service = AnswerService(settings, index)
    hits = service.retriever.search("協議会の意見", k=5, kind="opinion")
    assert hits and all(c.kind == "opinion" for c, _ in hits)
    program = service.retriever.search("資金調達セミナー", k=5, doc_type="program")
    assert program and program[0][0].source == "mini_program.md"  # its keyword hits still count
