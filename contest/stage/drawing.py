"""The draw (bốc thăm), as pure functions anyone can re-run: a committed seed, then a shuffle that
depends on nothing but the seed and the list drawn from.

How to replay a draw by hand (docs/huong-dan-hoi-thi.md): take the seed shown after the draw,
check that its SHA-256 is the digest shown before it, list the teams by their number (số hiệu)
in increasing order, and run :func:`shuffle` — Fisher–Yates from the last place down, where the
k-th random number is HMAC-SHA256(key=seed, message="k") read as a big-endian integer, rejected
when it falls in the incomplete last block (so that every order is exactly equally likely).
"""

import hashlib
import hmac
import secrets

SEED_BYTES = 32


def new_seed() -> str:
    return secrets.token_hex(SEED_BYTES)


def digest(seed: str) -> str:
    return hashlib.sha256(seed.encode("ascii")).hexdigest()


class _Stream:
    """Uniform integers below a bound, from HMAC-SHA256(seed, counter)."""

    def __init__(self, seed: str):
        self.key = seed.encode("ascii")
        self.counter = 0

    def _next(self) -> int:
        self.counter += 1
        block = hmac.new(self.key, str(self.counter).encode("ascii"), hashlib.sha256).digest()
        return int.from_bytes(block, "big")

    def below(self, bound: int) -> int:
        space = 1 << 256
        limit = space - space % bound  # reject the incomplete last block: no modulo bias
        while True:
            value = self._next()
            if value < limit:
                return value % bound


def shuffle(seed: str, items: list) -> list:
    """A new list: ``items`` in the order the seed draws (Fisher–Yates)."""
    result = list(items)
    stream = _Stream(seed)
    for i in range(len(result) - 1, 0, -1):
        j = stream.below(i + 1)
        result[i], result[j] = result[j], result[i]
    return result


def draw_order(seed: str, codes: list[int]) -> list[int]:
    """The performance order: team numbers (số hiệu) shuffled from increasing order."""
    return shuffle(seed, sorted(codes))


def draw_sets(seed: str, codes: list[int], sets: list[int]) -> dict[int, int]:
    """Question set per team: team number → set number, teams taken in increasing number.

    With at least as many sets as teams, no two teams share a set. With fewer, every set is used
    as evenly as possible (the sets are repeated, then shuffled).
    """
    codes, sets = sorted(codes), sorted(sets)
    if not codes or not sets:
        return {}
    pool = sets * -(-len(codes) // len(sets))
    drawn = shuffle(seed, pool)
    return dict(zip(codes, drawn[: len(codes)], strict=True))
