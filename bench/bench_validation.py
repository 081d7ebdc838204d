"""Issue-9 target: the worst 200-character name validates in under 5 ms.

    python bench/bench_validation.py

Times `parse_application` on names built to make a backtracking matcher try every split
(the old pattern took 25 s on 28 characters), and on a whole valid questionnaire. Prints
one line per case: the worst and the median of 200 runs, in CPU time of this thread (on a
shared machine wall time mostly measures waiting for a core), with the worst wall time.
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.decisions.schema import ValidationError, parse_application

TODAY = date(2026, 11, 25)
VALID = {
    "full_name": "Иванов Иван Иванович",
    "birth_date": "1990-05-01",
    "passport": "4510 123456",
    "education": "GRD",
    "income": "30 000",
    "good_work": True,
    "car": True,
    "car_type": False,
    "foreign_passport": False,
    "region": "Москва",
    "home_address": 1,
    "work_address": 2,
    "consent": True,
}
NAMES = {
    "letters then a digit": "a" * 199 + "1",
    "two long words, trailing space": ("a" * 99 + " ") * 2,
    "hyphenated letters then a digit": ("a-" * 100)[:199] + "1",
    "apostrophes then a bang": ("a'" * 100)[:198] + "'!",
    "short words then a digit": "Ab " * 66 + "1",
    "ß folding past the limit": "ß" * 150 + " Иван",
    "full-width letters": "Ｉｖａｎｏｖ" * 39 + " И",
}


def time_case(raw: dict, runs: int = 200) -> tuple[float, float, float]:
    cpu, wall = [], []
    for _ in range(runs):
        started, started_wall = time.thread_time(), time.perf_counter()
        with contextlib.suppress(ValidationError):
            parse_application(raw, today=TODAY)
        cpu.append((time.thread_time() - started) * 1000)
        wall.append((time.perf_counter() - started_wall) * 1000)
    return max(cpu), statistics.median(cpu), max(wall)


def main() -> None:
    print("validation of a whole questionnaire, by full name (ms of CPU: worst and median of 200; worst wall)")
    worst_overall = 0.0
    for label, name in {"valid name": VALID["full_name"], **NAMES}.items():
        worst, median, wall = time_case(VALID | {"full_name": name})
        worst_overall = max(worst_overall, worst)
        print(f"  {label:34} {len(name):4} chars  worst {worst:6.3f}  median {median:6.3f}  wall {wall:6.3f}")
    verdict = "meets" if worst_overall < 5 else "MISSES"
    print(f"worst 200-character name: {worst_overall:.3f} ms CPU ({verdict} the 5 ms target)")


if __name__ == "__main__":
    main()
