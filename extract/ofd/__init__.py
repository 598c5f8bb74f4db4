"""OFD (GB/T 33190) documents read into the page model of extract/page/."""
