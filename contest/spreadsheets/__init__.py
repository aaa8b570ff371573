"""Excel and CSV in and out: the shared import machinery (django-import-export, tablib), the
formula-safe writers, the back office's import and export pages."""
