"""The decision path: the questionnaire's schema and validation, routing an applicant to a
segment, scoring with the segment's champion, the credit policy (knock-outs, cut-off, offer)
and the reasons given to applicants and staff.

Owns what happens between a submitted form and a stored decision. May import
`core.modelling` (features, the model store), `core.data` (storage) and the top-level
`core.config` / `core.i18n`; nothing below imports it.
"""
