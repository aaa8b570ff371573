"""How a certificate's serial number is written ("0012/GCN-BTC"): pure, shared by the issuing
service and the template preview."""


def serial_text(number: int, suffix: str) -> str:
    return f"{number:04d}/{suffix}" if suffix else f"{number:04d}"
