"""What is wrong with a file of applications: `Problem` (one bad value, by line and field) and
`DataError` (the file rejected, with a report a person can act on)."""

from __future__ import annotations

from dataclasses import dataclass

_SHOWN = 40  # characters of a bad value quoted in a report


@dataclass(frozen=True)
class Problem:
    """One bad value: `line` is the file's line number (the header is line 1; 0: the whole file)."""

    line: int
    field: str
    value: str
    reason: str


class DataError(ValueError):
    """The file was rejected; `problems` holds examples, `counts` the number of bad rows per field."""

    def __init__(self, problems: list[Problem], counts: dict[str, int], n_rows: int):
        self.problems, self.counts, self.n_rows = problems, counts, n_rows
        super().__init__(self.report())

    def report(self) -> str:
        """A plain report: per field how many rows are wrong and why, with example lines."""
        if not self.counts:
            return "; ".join(_located(p) for p in self.problems)
        lines = [f"{sum(self.counts.values()):,} problem(s) in {self.n_rows:,} rows; nothing was changed."]
        for name, count in self.counts.items():
            examples = [p for p in self.problems if p.field == name]
            lines.append(f"  {name}: {count:,} row(s) - {examples[0].reason}")
            lines.extend(
                f"    line {p.line}: {shown(p.value)}" + ("" if p.reason == examples[0].reason else f" - {p.reason}")
                for p in examples
            )
        return "\n".join(lines)


def shown(value: str) -> str:
    """A value quoted for a report, cut short when long (a 10 MB field is not echoed back)."""
    if len(value) <= _SHOWN:
        return repr(value)
    return f"{value[:_SHOWN]!r}... ({len(value):,} characters)"


def _located(problem: Problem) -> str:
    if problem.line <= 0:
        return problem.reason
    return f"line {problem.line}, {problem.field}: {problem.reason}"
