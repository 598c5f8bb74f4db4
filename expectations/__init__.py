"""great-expectations suites (as code) and the checkpoint that validates extractions.

Import `expectations.checkpoint` for validation (it loads great-expectations, which is
slow); `expectations.result` is light and is what the warehouse depends on.
"""
