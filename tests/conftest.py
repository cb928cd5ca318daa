"""Shared fixtures: the real default knowledge base, built once per test session; the command
registry; the running pieces exactly as the bot builds them (``Runtime.start``) on a fresh
``state.db``; and a local Slack-compatible Web API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_support import MockSlack

from bot.runtime import Runtime
from commands.engine import Engine
from commands.handlers import default_registry
from commands.registry import Registry
from knowledge.build import build_knowledge_base
from knowledge.queries import KnowledgeBase
from knowledge.state.connection import StateDB


@pytest.fixture(scope="session")
def kb_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_knowledge_base(tmp_path_factory.mktemp("kb") / "knowledge.db")


@pytest.fixture(scope="session")
def kb(kb_path: Path) -> KnowledgeBase:
    return KnowledgeBase.open(kb_path)


@pytest.fixture(scope="session")
def registry() -> Registry:
    return default_registry()


@pytest.fixture
def plain_engine(kb: KnowledgeBase, registry: Registry) -> Engine:
    """The engine over the default knowledge base with no state.db: reads only."""
    return Engine(kb, registry)


@pytest.fixture
def state(tmp_path: Path) -> StateDB:
    """A fresh state.db, migrated."""
    return StateDB.open(tmp_path / "state.db")


@pytest.fixture
def cyps_env(tmp_path: Path, kb_path: Path) -> dict[str, str]:
    """Settings for a bot whose data folder is new and whose knowledge base is the session's."""
    return {"CYPS_HOME": str(tmp_path / "home"), "CYPS_DB": str(kb_path)}


@pytest.fixture
def runtime(cyps_env: dict[str, str]) -> Runtime:
    """The running pieces as the bot builds them, on a fresh state.db."""
    return Runtime.start(cyps_env)


@pytest.fixture
def mock() -> Iterator[MockSlack]:
    """A local Slack-compatible Web API, for the Slack tests (see ``slack_support``)."""
    server = MockSlack().start()
    yield server
    server.stop()
