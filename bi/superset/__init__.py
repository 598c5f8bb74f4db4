"""The dashboard as code: export, bundle, a local Superset for tests and screenshots."""
