"""dbt build: `raw` → marts in `warehouse.duckdb`, and which raw version the marts hold.

`pipeline/run_dbt.py` runs the dbt process; this module decides what to build and
records what was built (warehouse/versions.py).
"""

from __future__ import annotations

from pipeline.common import warehouse
from pipeline.contracts import BuildResult, Freshness
from pipeline.lock import writer_lock
from pipeline.settings import Settings


def raw_version(settings: Settings) -> str:
    """The version of `raw` (and of the dbt project) the marts would be built from now."""
    from warehouse.versions import raw_version as version_of

    with warehouse(settings) as con:
        return version_of(con, settings.dbt_project_dir)


def freshness(settings: Settings) -> Freshness:
    """Whether the marts and the snapshot are behind raw: what a run must redo.

    `marts_behind`: the last complete dbt build was made from another raw version (or
    was killed before it finished); `snapshot_behind`: the last publish copied marts built
    from another version (or was killed before its rename), or `reporting.duckdb` is gone.
    """
    from warehouse.versions import SNAPSHOT, built_version
    from warehouse.versions import raw_version as version_of

    with warehouse(settings) as con:
        current = version_of(con, settings.dbt_project_dir)
        built = built_version(con)
        published = built_version(con, SNAPSHOT)
    return Freshness(
        raw_version=current,
        marts_behind=built != current,
        snapshot_behind=published != current or not settings.reporting_path.exists(),
    )


def needs_full_refresh(built: str | None, current: str) -> bool:
    """Whether the marts built by notice must be rebuilt from scratch: the dbt project
    (models, seeds, macros: the rules that turn a notice into facts) is not the one the
    marts were last built with, so rows of untouched notices would keep the old rules.
    Versions are `<raw>-<project>` (warehouse/versions.py)."""
    if built is None:
        return True
    return built.rsplit("-", 1)[-1] != current.rsplit("-", 1)[-1]


def _built_version(settings: Settings) -> str | None:
    from warehouse.versions import built_version

    with warehouse(settings) as con:
        return built_version(con)


def mark_marts_built(settings: Settings, version: str) -> None:
    """Record that the marts now hold `version` (after a complete build)."""
    from warehouse.versions import record_built

    with warehouse(settings) as con:
        record_built(con, version)


def build_args(
    select: str | None, indirect_selection: str | None, full_refresh: bool, every_node: bool
) -> list[str]:
    """The `dbt build` arguments: what a build runs.

    A full build runs every node, unit tests included. An incremental build of everything
    runs the `incremental` selector (dbt_project/selectors.yml): only what the changed
    notices touch, since the project is the one the last complete build ran every node and
    test of. A partial build (`select`, the DAG's layers) and `every_node` run every node
    selected but the unit tests: these check the SQL's logic on fixed inputs, not the
    data, so they depend on the project alone, which the last complete build ran them on
    (a changed project forces a full build); CI runs them too (tests/dbt).
    """
    args = ["build"] + (["--select", select] if select else [])
    if indirect_selection:
        args += ["--indirect-selection", indirect_selection]
    if full_refresh:
        return [*args, "--full-refresh"]
    if select is None and not every_node:
        return [*args, "--selector", "incremental"]
    return [*args, "--exclude-resource-type", "unit_test"]


def transform(
    settings: Settings,
    select: str | None = None,
    docs: bool = True,
    indirect_selection: str | None = None,
    full_refresh: bool = False,
    every_node: bool = False,
) -> BuildResult:
    """`dbt build` (models, seeds, tests) and `dbt docs generate` on the warehouse.

    `select` builds one part (e.g. a layer, as the Airflow DAG does); `full_refresh`
    rebuilds the models built incrementally by notice (dbt_project/macros/
    incremental_by_notice.sql) from scratch, as it is anyway when the dbt project changed
    since the last complete build
    (`needs_full_refresh`);
    `indirect_selection` is dbt's rule for which tests join such a partial build.
    An incremental build of everything runs the `incremental` selector
    (dbt_project/selectors.yml: the tables over the notices and the data tests of the
    models built by notice, on the rows rebuilt) and no docs; a full build runs every node,
    unit tests included, then `dbt docs generate`. `every_node` makes an incremental build
    run every node but the unit tests, as it did before the selector (bench/incremental.py
    compares the two).
    A complete build records the raw version it was made from (a partial one cannot:
    the DAG calls `mark_marts_built` after its last layer).
    """
    from pipeline.run_dbt import run_dbt

    settings.ensure_dirs()
    # Compliance verdicts are made as of the build date, passed in so a build is
    # deterministic (pipeline/publications.py, NOTICES_COMPLIANCE_AS_OF overrides it).
    from pipeline.publications import dbt_vars

    with writer_lock(settings.home):  # dbt writes the warehouse: the whole build is ours
        version = raw_version(settings)
        # new rules: no row may keep the old ones
        full = full_refresh or needs_full_refresh(_built_version(settings), version)
        args = build_args(select, indirect_selection, full, every_node)
        run_dbt(settings, args[:1] + ["--vars", dbt_vars()] + args[1:])
        # The docs describe the project (models, columns, tests), which an incremental
        # build does not change: the full build that the project's last change forced
        # generated them. (`notices docs` generates its own, from the snapshot.)
        if docs and full:
            run_dbt(settings, ["docs", "generate"])
        if select is None:
            mark_marts_built(settings, version)
    return BuildResult(select=select or "all", raw_version=version)


def transform_layer(
    settings: Settings, layer: str, started: BuildResult | None = None
) -> BuildResult:
    """One layer of the dbt build (pipeline.run_dbt.LAYERS), as the Airflow DAG runs it.

    `started` is the first layer's result: the last layer records the marts as built from
    the raw version the first layer saw, unless raw changed in between (a load between
    two layers), in which case they stay behind and the next run rebuilds them.
    """
    from pipeline.run_dbt import LAYERS

    names = [name for name, _, _ in LAYERS]
    select = LAYERS[names.index(layer)][1]
    last = layer == names[-1]
    # "buildable": a test joins the layer that builds the last of its parents (the
    # default, eager, would run an intermediate model's relationship test with the
    # seeds, before that model exists).
    result = transform(settings, select=select, docs=last, indirect_selection="buildable")
    version = (started or result).raw_version
    if last and raw_version(settings) == version:
        mark_marts_built(settings, version)
    return BuildResult(select=select, raw_version=version, layer=layer)


def transform_and_publish(settings: Settings) -> BuildResult:
    """The whole dbt build, then the publish, under one hold of the writer lock: nothing
    (a reprocess, another transform) can write between the marts and their snapshot
    (notices_pipeline's `transform` task)."""
    from pipeline.publishing import publish

    with writer_lock(settings.home):
        result = transform(settings)
        publish(settings)
        return result


def last_layer_and_publish(settings: Settings, started: BuildResult | None = None) -> BuildResult:
    """The last dbt layer (the marts, and the dbt docs), then the publish, under one hold
    of the writer lock and in one Airflow task, so one slot of the writer pool: a
    reprocess run can no longer take the slot between a transform's marts and its
    publish (warehouse_transform's `dbt_marts` task)."""
    from pipeline.publishing import publish
    from pipeline.run_dbt import LAYERS

    with writer_lock(settings.home):
        result = transform_layer(settings, LAYERS[-1][0], started)
        publish(settings)
        return result
