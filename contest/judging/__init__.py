"""Judging: rubrics, the jury, conflicts of interest, assignment, online and paper score sheets,
the secretariat's scores, progress and reminders."""
