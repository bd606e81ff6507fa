"""Collections in the embedded default: each its own folder under the home, never mixed."""
from __future__ import annotations

import pytest

from tests.conftest import FIXTURES


def test_embedded_collections_are_apart_and_listed(fixture_service, settings):
    from assistant.collections import Collections, UnknownCollection

    reg = Collections(settings, fixture_service)
    assert reg.names() == ["default"]
    with pytest.raises(UnknownCollection, match="west"):
        reg.get("west")
    with pytest.raises(UnknownCollection, match="invalid"):
        reg.get("../etc", create=True)
    west, west_docs = reg.get("west", create=True)
    west.index.ingest([FIXTURES.parent / "fixtures_other_shapes"])
    assert reg.names() == ["default", "west"]
    assert (settings.home / "collections" / "west").is_dir()
    assert west_docs.uploads.parent.name == "west"
    mine = {d["source"] for d in fixture_service.store.documents()}
    theirs = {d["source"] for d in west.store.documents()}
    assert mine and theirs and not mine & theirs
    for q in ["Which indicators missed their targets in 2024?", "第12条について協議会はどんな意見を出した？"]:
        assert all(c.source in mine for c in fixture_service.ask(q).citations), q
        assert all(c.source in theirs for c in west.ask(q).citations), q
    # a later process finds the collection on disk
    assert Collections(settings, fixture_service).names() == ["default", "west"]


def test_collection_names_are_validated(settings):
    from core.settings import Settings

    with pytest.raises(ValueError, match="DOCQA_COLLECTION"):
        Settings(home=settings.home, collection="a/b")
    with pytest.raises(ValueError, match="DOCQA_DATABASE_URL"):
        Settings(home=settings.home, database_url="mysql://x")
