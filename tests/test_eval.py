"""The evaluation harness: scoring rules, recall@5, the CLI's summary."""
import json
import subprocess
import sys
from pathlib import Path

from assistant.eval.scoring import passes, recall_at_k
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[1]


def test_scoring_rules():
    q = {"type": "lookup", "must_include": ["1,117", "40.8|四十"], "must_exclude": ["推定"]}
    assert passes(q, {"answer": "対象 1117者、回答率 40.8%", "citations": [{}]})[0]
    assert passes(q, {"answer": "対象1,117者", "records": [{"x": "40.8"}], "citations": [{}]})[0]
    assert not passes(q, {"answer": "対象1,117者 40.8 推定", "citations": [{}]})[0]
    assert passes(q, {"answer": "1,117 40.8", "citations": []}) == (False, "no citation")
    assert passes({"type": "unanswerable"}, {"answer": "x", "grounded": False})[0]
    assert not passes({"type": "unanswerable"}, {"answer": "x", "grounded": True})[0]


def test_recall_at_5_by_document_and_lines():
    types = {"r.txt": "report", "p.pdf": "program"}
    a = {"citations": [{"source": "p.pdf", "lines": None}, {"source": "r.txt", "lines": [40, 45]}]}
    assert recall_at_k({"source": "report", "source_lines": [44], "type": "x"}, a, types) == {"doc": True, "lines": True}
    assert recall_at_k({"source": "report", "source_lines": [90], "type": "x"}, a, types)["lines"] is False
    assert recall_at_k({"type": "x"}, a, types) == {"doc": None, "lines": None}


def test_cli_prints_per_type_accuracy_recall_and_latency(tmp_path):
    qs = tmp_path / "q.jsonl"
    rows = [
        {"id": "a", "type": "missed", "question": "第12条の事業で令和6年度に目標を達成できなかったものは？",
         "must_include": ["起業支援事業"], "source": "report", "source_lines": [20]},
        {"id": "b", "type": "unanswerable", "question": "起業支援事業の令和6年度の予算はいくら？", "must_include": []},
        {"id": "c", "type": "opinion", "question": "第12条について協議会はどんな意見を出した？", "must_include": ["存在しない語"]},
    ]
    qs.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    out = tmp_path / "answers.jsonl"
    env = {"DOCQA_EMBEDDER": "hash", "PATH": "/usr/bin:/bin"}
    r = subprocess.run([sys.executable, "-m", "assistant.eval", str(qs), "--docs", str(FIXTURES), "--home",
                        str(tmp_path / "home"), "--answers-out", str(out)], cwd=ROOT, env=env,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "missed: 1/1" in r.stdout and "unanswerable: 1/1" in r.stdout and "opinion: 0/1" in r.stdout
    assert "FAIL c: missing" in r.stdout and "accuracy 2/3 = 0.667" in r.stdout
    assert "recall@5 (named document): 1.000" in r.stdout and "latency ms: p50" in r.stdout
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "assistant.eval", str(bad)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert r.returncode == 2 and "bad.jsonl:1" in r.stderr
