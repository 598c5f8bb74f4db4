"""Word and Excel readers, and the LibreOffice conversion of the binary formats."""
