"""Monitoring: the model at work, read back from stored decisions as a portfolio.

Reads the decisions' inputs as typed columns (`core.data.decision_inputs`, which the policy
simulation reads too). Owns periods (`periods`), the champion's
reference distributions (`reference`), what each day adds up to (`tallies`) and the per-day
summaries kept current incrementally (`daily`), the decisions with outcomes narrowed
(`labels`), rank statistics kept per period (`ranks`),
population stability (`stability`), realised and estimated performance (`performance`), the
portfolio report per period (`report`), alerts (`alerts`), observed outcomes (`outcomes`), the
shadow challenger's comparison (`challenger`) and the fairness report (`fairness`).
Aggregations run in the database (SQL GROUP BY day on SQLite and PostgreSQL); only per-day and
per-period figures come back.

May import `core.modelling` (the model store), `core.data` (tables) and the top-level
`core.config` / `core.i18n`; not `core.decisions` or `core.staff` (its siblings). `core.cli`
and the pages import it.
"""
