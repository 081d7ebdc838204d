"""The decision API: the same decisions as the questionnaire, over HTTP, for the bank's other
channels (website, mobile app, branch systems). A second, optional process
(`python -m core api`, FastAPI served by uvicorn) over the same core, database and models.

Owns the HTTP surface: the versioned paths, the request and response models, authentication
by channel API key with its rate limit, the per-request audit, and the mapping of core's
outcomes to status codes. It decides nothing itself: every decision is `score_application`'s.

May import `core.decisions`, `core.staff`, `core.modelling`, `core.data` and the top-level
`core.config` / `core.i18n`; it sits beside `core.cli`, and nothing imports it (the command
line starts it by name, `core.api.app:create_app`).
"""
