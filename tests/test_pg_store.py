"""PostgreSQL + Chroma server as the shared store: the same answers as the embedded index,
publication in one transaction, replicas that see each other's uploads, collections apart.
The servers are throwaway ones (tests/servers.py); without them these tests skip and say why."""
from __future__ import annotations

import time

import pytest

from tests.conftest import FIXTURES
from vectorstore.pg_store import VERSION_TTL

QUESTIONS = ["第12条について協議会はどんな意見を出した？", "Which Article 12 programs missed targets?",
             "起業セミナー参加者数のR5実績は？", "起業支援事業の令和6年度の予算はいくら？", "量子コンピュータ"]


def _service(settings):
    from assistant.answer_service import AnswerService
    from vectorstore.index_service import IndexService

    return AnswerService(settings, IndexService(settings))


def _comparable(ans) -> dict:
    d = ans.to_dict()
    d.pop("trace", None)  # timings differ
    return d


def test_keyword_ranking_and_answers_equal_the_embedded_index(server_settings, settings):
    shared, local = _service(server_settings), _service(settings)
    for svc in (shared, local):
        assert not svc.index.ingest([FIXTURES]).errors
    for q in ["第12条 協議会 意見", "起業 支援 目標 実績", "セミナー 参加者", "business succession"]:
        assert shared.index.keywords.search(q, 10) == local.index.keywords.search(q, 10), q
    assert [k.indicator for k in shared.store.kpis()] == [k.indicator for k in local.store.kpis()]
    assert shared.store.kpis()[0] == local.store.kpis()[0]
    for q in QUESTIONS:
        assert _comparable(shared.ask(q)) == _comparable(local.ask(q)), q
    assert shared.index.check() == []


def test_a_document_is_visible_only_once_its_transaction_commits(server_settings, monkeypatch):
    from vectorstore.pg_store import PgStore

    writer, replica = _service(server_settings), _service(server_settings)

    def killed(*args, **kwargs):  # the process dies after the vectors, before publishing
        raise KeyboardInterrupt

    monkeypatch.setattr(PgStore, "publish", killed)
    with pytest.raises(KeyboardInterrupt):
        writer.index.ingest([FIXTURES / "mini_report.txt"])
    monkeypatch.undo()
    assert replica.store.documents() == [] and replica.store.kpis() == []
    assert replica.index.chroma.search_ids(replica.index.embedder.embed_query("協議会").tolist(), 5) == []
    assert replica.ask(QUESTIONS[0]).grounded is False
    assert writer.index.check()  # the unpublished vectors are seen as an interrupted ingest
    report = writer.index.ingest([FIXTURES / "mini_report.txt"])
    assert report.repaired and report.added == ["mini_report.txt"]
    assert writer.index.check() == []
    time.sleep(VERSION_TTL + 0.1)
    assert replica.ask(QUESTIONS[0]).grounded  # no restart: the replica sees the new version


def test_an_upload_through_one_replica_is_answered_by_the_other(server_settings, tmp_path):
    a, b = _service(server_settings), _service(server_settings)
    a.index.ingest([FIXTURES])
    before = b.ask("桜通り商店街の夜市は何回開かれた？")
    doc = tmp_path / "night_market.md"
    doc.write_text("# 桜通り商店街 活性化報告\n\n## 夜市事業\n\n桜通り商店街の夜市は令和6年度に12回開かれ、"
                   "延べ3,400人が来場した。\n", encoding="utf-8")
    assert not a.index.ingest([doc]).errors
    time.sleep(VERSION_TTL + 0.1)  # how long a replica may answer from its caches
    after = b.ask("桜通り商店街の夜市は何回開かれた？")
    assert not any(c.source == "night_market.md" for c in before.citations)
    assert after.grounded and after.citations[0].source == "night_market.md" and "12回" in after.answer
    assert a.index.drop("night_market.md")
    time.sleep(VERSION_TTL + 0.1)
    assert not any(c.source == "night_market.md" for c in b.ask("桜通り商店街の夜市は何回開かれた？").citations)


def test_collections_never_mix(server_settings):
    from tests.conftest import FIXTURES as MINI

    city_a = _service(server_settings)
    city_b = _service(server_settings.for_collection(server_settings.collection + "-b"))
    city_a.index.ingest([MINI])
    city_b.index.ingest([MINI.parent / "fixtures_other_shapes"])
    sources_a = {d["source"] for d in city_a.store.documents()}
    sources_b = {d["source"] for d in city_b.store.documents()}
    assert sources_a and sources_b and not sources_a & sources_b
    for q in QUESTIONS + ["Which indicators missed their targets in 2024?", "目標を達成できなかった指標は？"]:
        assert all(c.source in sources_a for c in city_a.ask(q).citations), q
        assert all(c.source in sources_b for c in city_b.ask(q).citations), q
    assert {server_settings.collection, server_settings.collection + "-b"} <= set(city_a.index.pg.collections())


def test_term_statistics_stay_exact_through_replace_and_drop(server_settings, tmp_path):
    svc = _service(server_settings)
    svc.index.ingest([FIXTURES])
    doc = tmp_path / "mini_report.txt"
    doc.write_text((FIXTURES / "mini_report.txt").read_text(encoding="utf-8") + "\n追記 量子コンピュータ 量子\n",
                   encoding="utf-8")
    svc.index.ingest([doc])  # same name, new content: replaces the old version
    svc.index.drop("mini_program.md")
    pg = svc.index.pg
    stored = dict(pg._db.execute("SELECT term, df FROM terms WHERE collection = %s", (pg.collection,)).fetchall())
    recomputed: dict[str, int] = {}
    for toks in pg.token_lists():
        for t in set(toks):
            recomputed[t] = recomputed.get(t, 0) + 1
    assert stored == recomputed
    assert {d["source"] for d in svc.store.documents()} == {"mini_report.txt"}


def test_two_writers_indexing_the_same_files_at_once_leave_one_consistent_copy(server_settings):
    from concurrent.futures import ThreadPoolExecutor

    from vectorstore.index_service import IndexService

    writers = [IndexService(server_settings), IndexService(server_settings)]
    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda w: w.ingest([FIXTURES], force=True), writers))
    assert all(not r.errors for r in reports)
    assert writers[0].check() == [] and writers[1].check() == []
    docs = writers[1].store.documents()
    assert sorted(d["source"] for d in docs) == ["mini_program.md", "mini_report.txt"]
    assert len(writers[0].store.kpis()) == sum(d["n_kpi"] for d in docs)


def test_export_from_embedded_and_import_into_the_servers_without_re_embedding(settings, server_settings, tmp_path):
    from vectorstore.embeddings import HashEmbedder
    from vectorstore.index_service import IndexService
    from vectorstore.transfer import import_index

    local = _service(settings)
    local.index.ingest([FIXTURES])
    dump = tmp_path / "index.jsonl.gz"
    from vectorstore.transfer import export_index

    assert export_index(local.index, dump) == 2

    class NoEmbedding(HashEmbedder):
        def embed_documents(self, texts):
            raise AssertionError("an import must not embed")

    from assistant.answer_service import AnswerService

    index = IndexService(server_settings, embedder=NoEmbedding())
    report = import_index(index, dump)
    assert sorted(report.added) == ["mini_program.md", "mini_report.txt"]
    shared = AnswerService(server_settings, index)
    assert index.check() == []
    assert shared.store.documents() == local.store.documents()
    for q in ["第12条 協議会 意見", "起業 支援 目標 実績"]:
        assert shared.index.keywords.search(q, 10) == local.index.keywords.search(q, 10), q
    for q in QUESTIONS:
        assert _comparable(shared.ask(q)) == _comparable(local.ask(q)), q


def test_import_refuses_vectors_of_another_embedder(settings, tmp_path):
    from vectorstore.transfer import export_index, import_index

    local = _service(settings)
    local.index.ingest([FIXTURES])
    export_index(local.index, tmp_path / "x.jsonl.gz")
    from core.settings import Settings
    from vectorstore.index_service import IndexService

    from vectorstore.embeddings import HashEmbedder

    emb = HashEmbedder()
    emb.id = "another-model"
    other = IndexService(Settings(home=tmp_path / "other", embedder="hash"), embedder=emb)
    with pytest.raises(RuntimeError, match="another-model"):
        import_index(other, tmp_path / "x.jsonl.gz")
    (tmp_path / "bad.gz").write_bytes(b"garbage")
    with pytest.raises(RuntimeError, match="bad.gz"):
        import_index(other, tmp_path / "bad.gz")
