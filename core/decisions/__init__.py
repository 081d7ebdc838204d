"""The decision path: the questionnaire's schema and validation (`schema`, `fields`,
`errors`), routing an applicant to a segment, scoring with the segment's champion, the
credit policy (knock-outs, cut-off, offer), the reasons given to applicants and staff, and
storing each submission once (`submissions`: idempotency keys).

Owns what happens between a submitted form and a stored decision. May import
`core.modelling` (features, the model store), `core.data` (storage) and the top-level
`core.config` / `core.i18n`; nothing below imports it.
"""
