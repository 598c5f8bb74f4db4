"""The test tree is a package: helpers import by their path from the repository root
(`from tests.sources.fetch_portal import Portal`), which pytest puts on sys.path
(`pythonpath = ["."]` in pyproject.toml). A helper run as a subprocess script is started
as a module from the root (`python -m tests.warehouse.kill_loader`, cwd = the root)."""
