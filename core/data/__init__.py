"""Storage: the database schema (typed SQLAlchemy models, migrations in `sql/`), the engine
and its bounded waits on PostgreSQL (`connections`), the repository functions that read and
write it (`decision_reads`: a decision's own reads), application files in the real data's
schema, and the synthetic demo data.

Owns every table and every query. May import `core.config` and `core.i18n` only: it knows
nothing of models, decisions or staff rules, so every layer above can build on it.
"""
