"""Shared fixtures: the real default knowledge base, built once per test session, and a local
Slack-compatible Web API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_support import MockSlack

from knowledge.build import build_knowledge_base
from knowledge.queries import KnowledgeBase


@pytest.fixture(scope="session")
def kb_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_knowledge_base(tmp_path_factory.mktemp("kb") / "knowledge.db")


@pytest.fixture(scope="session")
def kb(kb_path: Path) -> KnowledgeBase:
    return KnowledgeBase.open(kb_path)


@pytest.fixture
def mock() -> Iterator[MockSlack]:
    """A local Slack-compatible Web API, for the Slack tests (see ``slack_support``)."""
    server = MockSlack().start()
    yield server
    server.stop()
