"""Dossiers (hồ sơ): entries and their files, upload checks, the unit portal, the secretariat's
review, deadlines and extensions, receipts."""
