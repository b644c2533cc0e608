from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "The job-offer check: train rebuilds the model from the corpus, reproducibly."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        fit = sub.add_parser(
            "train", help="Rebuild the model from the corpus (the same bytes every run)."
        )
        fit.add_argument(
            "--output",
            type=Path,
            default=None,
            help="where to write the model (default: the model the engine loads)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            # Training needs scikit-learn, which only the training group installs.
            from ctip.screening.engine import train
        except ImportError as exc:
            raise CommandError(
                f"Training needs {exc.name}: install it with `uv sync --group training`."
            ) from exc
        output = options["output"]
        report = train.train() if output is None else train.train(output=output)
        labels = ", ".join(f"{label} {n}" for label, n in report.by_label.items())
        self.stdout.write(
            f"Trained on {report.examples} examples ({labels}); cross-validated macro-F1 "
            f"{report.cv_macro_f1:.3f}; wrote {report.size_bytes / 1e6:.1f} MB to {report.path}."
        )
