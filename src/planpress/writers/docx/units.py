"""Lengths in Word's units."""

from __future__ import annotations

TWIPS_PER_PT = 20


def shares(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, in whole units adding up to `total`."""
    cuts = [round(total * sum(weights[: i + 1]) / sum(weights)) for i in range(len(weights))]
    return [b - a for a, b in zip([0, *cuts], cuts)]
