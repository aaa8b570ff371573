"""Signing: the PAdES signature on the PDFs the app issues (certificates first), so that any PDF
reader can tell, offline, who issued a file and that nobody changed it since."""
