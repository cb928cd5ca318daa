"""A documented command with one typo in its command word gets the same answer as the word
spelt right: a letter dropped, added, changed or two swapped."""

from __future__ import annotations

import string
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.runtime import Runtime
from commands.call import Context
from commands.handlers import default_registry
from commands.registry import Registry
from knowledge.dates import LONDON

REGISTRY = default_registry()
EXAMPLES = [(spec.name, example) for spec in REGISTRY for example in spec.examples]
WHEN = datetime(2014, 10, 1, 9, 0, tzinfo=LONDON)


def typo(word: str, kind: int, at: int, letter: str) -> str:
    """One edit of ``word``: 0 drops a letter, 1 adds one, 2 changes one, 3 swaps two."""
    at %= len(word)
    if kind == 0:
        return word[:at] + word[at + 1 :]
    if kind == 1:
        return word[:at] + letter + word[at:]
    if kind == 2:
        return word[:at] + letter + word[at + 1 :] if word[at] != letter else word + letter
    at = min(at, len(word) - 2)
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def near_another_command(registry: Registry, typed: str, meant: str) -> bool:
    """Whether ``typed`` is also one edit from another command (then it is not a typo of one)."""
    from rapidfuzz.distance import DamerauLevenshtein

    return any(
        DamerauLevenshtein.distance(typed, name) <= 1
        for name in registry.names
        if registry[name].name != registry[meant].name
    )


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory, kb_path) -> Runtime:  # type: ignore[no-untyped-def]
    home = tmp_path_factory.mktemp("home")
    return Runtime.start({"CYPS_HOME": str(home), "CYPS_DB": str(kb_path)})


def context() -> Context:
    return Context(today=date(2014, 10, 1), is_admin=True, now=WHEN, channel_id="C1")


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    case=st.sampled_from(EXAMPLES),
    kind=st.integers(0, 3),
    at=st.integers(0, 20),
    letter=st.sampled_from(string.ascii_lowercase),
)
def test_one_typo_in_the_command_word_gives_the_same_answer(
    runtime: Runtime, case: tuple[str, str], kind: int, at: int, letter: str
) -> None:
    name, example = case
    word, _, rest = example.partition(" ")
    typed = typo(word, kind, at, letter)
    assume(typed != word and typed not in REGISTRY)  # a typo, not another command's name
    assume(not near_another_command(REGISTRY, typed, name))  # a typo of this command alone
    assume(not REGISTRY[name].writes)  # writes change state: compared below, on fresh data
    right = runtime.engine.answer(example, context())
    wrong = runtime.engine.answer(f"{typed} {rest}", context())
    assert (wrong.title, wrong.lines, wrong.status) == (right.title, right.lines, right.status)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("acutal", "actual"), ("forcast", "forecast"), ("remnd", "remind"), ("ues", "use")],
)
def test_a_typo_in_a_write_command_records_what_the_right_word_would(
    cyps_env: dict[str, str], typed: str, meant: str
) -> None:
    spec = REGISTRY[meant]
    example = spec.examples[0]
    rest = example.partition(" ")[2]
    right = Runtime.start({**cyps_env, "CYPS_HOME": cyps_env["CYPS_HOME"] + "-right"})
    wrong = Runtime.start({**cyps_env, "CYPS_HOME": cyps_env["CYPS_HOME"] + "-wrong"})
    expected = right.engine.answer(example, context())
    got = wrong.engine.answer(f"{typed} {rest}", context())
    assert (got.title, got.status) == (expected.title, expected.status)
    assert wrong.engine.writes(f"{typed} {rest}")


def test_the_typo_forms_are_one_edit_away() -> None:
    from rapidfuzz.distance import DamerauLevenshtein

    for kind in range(4):
        assert DamerauLevenshtein.distance(typo("savings", kind, 2, "x"), "savings") == 1
