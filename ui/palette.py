"""One palette for every chart of the product: distinct, colour-blind-safe colours (Okabe-Ito),
the champion always in near-black so it reads as the reference in every comparison."""

from __future__ import annotations

CHAMPION = "#1b1b1b"
SERIES = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442")
GOOD, WARN, BAD, NEUTRAL = "#009E73", "#E69F00", "#D55E00", "#8a8a8a"
DECISIONS = {"premium": GOOD, "alternative": WARN, "referred": SERIES[3]}  # an automatic decision's colour


def colours(labels: list[str], champion: str | None = None) -> dict[str, str]:
    """A colour per series label; `champion`'s label gets the champion's colour."""
    others = [label for label in labels if label != champion]
    mapping = {label: SERIES[i % len(SERIES)] for i, label in enumerate(others)}
    if champion is not None:
        mapping[champion] = CHAMPION
    return mapping
