"""How a certificate's serial number is written: pure, shared by the issuing service and the
template preview. A state body writes "0012/GCN-BTC", a Party body "0012-GCN/BTC"
(contest.core.officialdom)."""

from contest.core.officialdom import serial_in_format


def serial_text(number: int, suffix: str, *, party: bool = False) -> str:
    return serial_in_format(number, suffix, party=party)
