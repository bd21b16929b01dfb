"""The tree cache's key (pipeline/tree_cache.py): a plan too large to keep is
found so without pickling it whole."""

from __future__ import annotations

from pathlib import Path

from planpress.pipeline import tree_cache

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


class Counted:
    """An object that counts how many times it was pickled."""

    pickled = 0

    def __reduce__(self):
        Counted.pickled += 1
        return (Counted, ())


def test_small_inputs_have_a_stable_key(monkeypatch):
    monkeypatch.delenv("PLANPRESS_NO_CACHE", raising=False)
    inputs = ({"plan": "小さな計画"}, {}, "handout", None)
    key = tree_cache.tree_key(inputs, [TEMPLATES])
    assert key is not None and key == tree_cache.tree_key(inputs, [TEMPLATES])


def test_large_inputs_are_not_kept_and_not_pickled_whole(monkeypatch):
    monkeypatch.delenv("PLANPRESS_NO_CACHE", raising=False)
    monkeypatch.setattr(tree_cache, "LIMIT", 64 * 1024)
    Counted.pickled = 0
    inputs = ([("段落" * 50 + str(i), Counted()) for i in range(20_000)], {}, "handout", None)
    assert tree_cache.tree_key(inputs, [TEMPLATES]) is None
    assert 0 < Counted.pickled < 2_000  # stopped soon after the limit, not at 20,000
