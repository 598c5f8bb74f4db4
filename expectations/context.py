"""One great-expectations context per process, with a checkpoint per validation frame.

Importing GX costs seconds and the context is cheap to keep, so everything is built on
first use and reused for every later batch (one set of checkpoints per Data Docs folder).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# No usage statistics leave the machine (and tests must not touch the network).
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

import great_expectations as gx  # noqa: E402
from great_expectations.checkpoint import UpdateDataDocsAction  # noqa: E402
from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: E402

from expectations.frames import INDEX_COLUMNS  # noqa: E402
from expectations.suites import build_suites  # noqa: E402

RESULT_FORMAT = {"result_format": "COMPLETE", "unexpected_index_column_names": INDEX_COLUMNS}


@dataclass(frozen=True)
class Checkpoints:
    """The checkpoint that validates each frame (keyed like expectations.suites.build_suites)."""

    by_frame: dict[str, gx.Checkpoint]
    data_docs_dir: Path | None


_context: gx.data_context.AbstractDataContext | None = None
_checkpoints: dict[str | None, Checkpoints] = {}


def _get_context() -> gx.data_context.AbstractDataContext:
    global _context
    if _context is None:
        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        _context = context
    return _context


def checkpoints_for(data_docs_dir: Path | None) -> Checkpoints:
    """Checkpoints writing Data Docs to `data_docs_dir` (none when it is None), built once."""
    key = str(Path(data_docs_dir).resolve()) if data_docs_dir is not None else None
    if key in _checkpoints:
        return _checkpoints[key]
    context = _get_context()
    tag = f"set{len(_checkpoints)}"
    actions = []
    if key is not None:
        site = f"local_{tag}"
        Path(key).mkdir(parents=True, exist_ok=True)
        context.add_data_docs_site(
            site_name=site,
            site_config={
                "class_name": "SiteBuilder",
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": key,
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
        actions = [UpdateDataDocsAction(name="update_data_docs", site_names=[site])]
    source = context.data_sources.add_pandas(name=f"extractions_{tag}")
    by_frame: dict[str, gx.Checkpoint] = {}
    for frame_name, suite in build_suites().items():
        asset = source.add_dataframe_asset(name=frame_name)
        batch = asset.add_batch_definition_whole_dataframe(name=f"{frame_name}_batch")
        stored_suite = context.suites.add(gx.ExpectationSuite(name=f"{suite.name}_{tag}"))
        for expectation in suite.expectations:
            stored_suite.add_expectation(expectation)
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=f"{frame_name}_{tag}", data=batch, suite=stored_suite)
        )
        by_frame[frame_name] = context.checkpoints.add(
            gx.Checkpoint(
                name=f"{frame_name}_checkpoint_{tag}",
                validation_definitions=[definition],
                actions=actions,
                result_format=RESULT_FORMAT,
            )
        )
    built = Checkpoints(by_frame=by_frame, data_docs_dir=Path(key) if key else None)
    _checkpoints[key] = built
    return built
