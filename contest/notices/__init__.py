"""After the jury: the public notice period, opinions, complaints and re-marking, revocation."""
