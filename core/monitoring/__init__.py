"""Monitoring: the model at work, read back from stored decisions as a portfolio.

Reads the decisions' inputs as typed columns (`core.data.decision_inputs`, which the policy
simulation reads too). Owns periods (`periods`), the champion's
reference distributions (`reference`), population stability (`stability`), realised and
estimated performance (`performance`), the portfolio report per period (`report`), alerts
(`alerts`), observed outcomes (`outcomes`), the shadow challenger's comparison (`challenger`)
and the fairness report (`fairness`). Aggregations run in the database (SQL GROUP BY on
SQLite and PostgreSQL); only per-period counts come back.

May import `core.modelling` (the model store), `core.data` (tables) and the top-level
`core.config` / `core.i18n`; not `core.decisions` or `core.staff` (its siblings). `core.cli`
and the pages import it.
"""
