"""Model work: the features models see, the estimator families, cross-validation and the
cut-off rule, training, the model store, Optuna studies and their workers, MLflow tracking,
comparison with the champion and promotion, and the first start that trains the demo models.

Owns everything from labelled history to a served champion. May import `core.data` and the
top-level `core.config` / `core.i18n`; never `core.decisions`, `core.staff` or `core.cli`.
"""
