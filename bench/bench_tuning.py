"""Issue-4 target: a 30-trial LightGBM study with pruning on the 59,039 real rows in at most 60 s
on 2 cores, MLflow logging included.

    python bench/bench_tuning.py [--segment existing|new|both] [--family lightgbm] [--trials 30]

Runs `python -m core tune` exactly as the experiments page launches it (a separate process, a
fresh SQLite storage and MLflow store in a temporary folder), times it from start to exit, and
prints one line per segment: wall time, trials complete/pruned, best PR AUC and its AUROC, and
the number of MLflow runs logged. Skips when ../shared/data is absent.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

import optuna  # noqa: E402
from mlflow import MlflowClient  # noqa: E402
from optuna.trial import TrialState  # noqa: E402

from core.modelling.studies import storage_url  # noqa: E402

DATA = PROJECT.parent / "shared" / "data" / "credit_applications.csv"
TARGET_SECONDS = 60


def run_study(segment: str, family: str, trials: int, root: Path) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{root / 'credit.db'}",
        "MLFLOW_TRACKING_URI": f"sqlite:///{root / 'mlflow.db'}",
        "MLFLOW_ARTIFACTS_DIR": str(root / "mlartifacts"),
        "MODELS_DIR": str(root / "models"),
    }
    name = f"bench-{segment}-{family}"
    command = [sys.executable, "-m", "core", "tune", "--segment", segment, "--family", family]
    command += ["--trials", str(trials), "--objective", "pr_auc", "--study", name, "--data", str(DATA)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=1800)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"tune failed ({done.returncode}):\n{done.stderr[-3000:]}")
    study = optuna.load_study(study_name=name, storage=storage_url(env["DATABASE_URL"]))
    states = [t.state for t in study.trials]
    client = MlflowClient(env["MLFLOW_TRACKING_URI"])
    parent = client.get_run(study.user_attrs["mlflow_run_id"])
    nested = client.search_runs([parent.info.experiment_id], f"tags.mlflow.parentRunId = '{parent.info.run_id}'")
    best_auroc = parent.data.metrics.get("best_cv_auroc", float("nan"))
    verdict = "ok" if seconds <= TARGET_SECONDS else f"OVER the {TARGET_SECONDS} s target"
    return (
        f"{segment:>8} {family}: {len(states)} trials in {seconds:5.1f} s ({verdict}); "
        f"{states.count(TrialState.COMPLETE)} complete, {states.count(TrialState.PRUNED)} pruned; "
        f"best PR AUC {study.best_value:.4f} (AUROC {best_auroc:.4f}); {len(nested)} nested MLflow runs, "
        f"best model logged: {bool(client.list_artifacts(parent.data.tags['best_run_id'], 'model'))}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--segment", choices=["existing", "new", "both"], default="both")
    parser.add_argument("--family", default="lightgbm")
    parser.add_argument("--trials", type=int, default=30)
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} is absent")
        return
    segments = ["existing", "new"] if args.segment == "both" else [args.segment]
    print(f"{os.cpu_count()} CPU(s); {args.trials}-trial {args.family} studies, pruning on, on {DATA.name}")
    for segment in segments:
        with tempfile.TemporaryDirectory() as tmp:
            print(run_study(segment, args.family, args.trials, Path(tmp)), flush=True)


if __name__ == "__main__":
    main()
