"""(Being written: validation and storage of dossier files.)"""


def add_attachment(*, entry, kind, uploaded_file, caption, by):
    raise NotImplementedError


def remove_attachment(*, attachment, by):
    raise NotImplementedError
