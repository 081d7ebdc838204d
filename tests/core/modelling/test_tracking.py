"""MLflow, as the product's processes load it."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]
CI_MARKERS = ("CI", "PYTEST_CURRENT_TEST", "GITHUB_ACTIONS", "MLFLOW_DISABLE_TELEMETRY")


def test_mlflow_sends_no_usage_reports_from_a_product_process():
    # As on a bank's server: none of the CI markers that make MLflow keep quiet by itself.
    env = {name: value for name, value in os.environ.items() if name not in CI_MARKERS}
    probe = (
        "import core.modelling.tracking, mlflow\n"
        "from mlflow.telemetry.client import get_telemetry_client\n"
        "print(get_telemetry_client())\n"
    )
    shown = subprocess.run([sys.executable, "-c", probe], cwd=PROJECT, env=env, capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == "None"
