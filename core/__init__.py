"""The scoring core: plain Python that the pages, the command line and the tests all drive.

A bank's servers send nothing out: MLflow 3 would report usage to its makers from any
process that imports it, unless told otherwise before that import (set the variable to
"false" to allow it).
"""

import os

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
