"""The public vote (bình chọn): settings per round, e-mail one-time codes, votes, review, seal."""
