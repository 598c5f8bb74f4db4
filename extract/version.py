"""The extractor's version: stored on every loaded document, so that documents extracted
by an older parser are found and re-extracted after an upgrade (bump it when the output
of extraction can change)."""

PARSER_VERSION = "extract-2"  # prose notices (layout, kind)
