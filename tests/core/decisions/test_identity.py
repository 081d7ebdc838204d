"""Name comparison for identity matching: what is legitimately different, and what is someone else."""

import pytest

from core.decisions.identity import FULL_NAME, PATRONYMIC_ADDED, PATRONYMIC_MISSING, name_difference


@pytest.mark.parametrize(
    ("on_file", "given", "difference"),
    [
        ("Семёнов Пётр Ильич", "семенов петр ильич", None),
        ("Семёнов Пётр Ильич", "  СЕМЕНОВ  ПЁТР   ИЛЬИЧ ", None),
        ("Семёнов Пётр Ильич", "Семенов Петр", PATRONYMIC_MISSING),
        ("Семёнов Пётр", "Семёнов Пётр Ильич", PATRONYMIC_ADDED),
        ("Семёнов Пётр Ильич", "Семёнов Павел Ильич", FULL_NAME),
        ("Семёнов Пётр Ильич", "Семёнов Павел", FULL_NAME),
        ("Семёнов Пётр Ильич", "Пётр Семёнов", FULL_NAME),
        ("Семёнов Пётр Ильич", "Семёнов Пётр Иванович", FULL_NAME),
        ("Семёнов Пётр Ильич", "Семёнов Ильич", FULL_NAME),
    ],
)
def test_names_differ_only_by_what_is_legitimately_different(on_file, given, difference):
    assert name_difference(on_file, given) == difference
