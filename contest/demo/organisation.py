"""The demo's units (with their hierarchy) and accounts, one per role."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from contest.core.models import Unit, UnitLevel, UnitType, User
from contest.demo.data import ACCOUNTS, DEMO_PASSWORD, LEGACY_UNIT_CODES, UNITS
from contest.demo.sync import Tally, sync


def seed_units(tally: Tally) -> dict[str, Unit]:
    types = {t.code: t for t in UnitType.objects.all()}
    levels = {level.code: level for level in UnitLevel.objects.all()}
    units: dict[str, Unit] = {}
    for old, new in LEGACY_UNIT_CODES.items():
        if Unit.objects.filter(code=old).exists() and not Unit.objects.filter(code=new).exists():
            Unit.objects.filter(code=old).update(code=new)
            tally.count("updated")
    for order, (code, name, type_code, level_code, parent_code) in enumerate(UNITS, start=1):
        unit, outcome = sync(
            Unit,
            {"code": code},
            {
                "name": name,
                "unit_type": types[type_code],
                "level": levels[level_code],
                "parent": units[parent_code] if parent_code else None,
                "order": order,
                "email": f"{code.lower()}@example.vn",
            },
        )
        units[code] = unit
        tally.count(outcome)
    return units


def seed_accounts(units: dict[str, Unit], tally: Tally, *, reset_passwords: bool) -> dict[str, User]:
    users: dict[str, User] = {}
    # One hash for all demo accounts: the password is published anyway, and hashing it once
    # instead of six times saves seconds on every fresh `make run`.
    password_hash = None
    for username, full_name, position, role, unit_code, _label in ACCOUNTS:
        user, outcome = sync(
            User,
            {"username": username},
            {
                "full_name": full_name,
                "position": position,
                "email": f"{username}@example.vn",
                "unit": units[unit_code] if unit_code else None,
                "is_active": True,
            },
        )
        # Set on creation only (or when asked): checking a PBKDF2 hash costs ~0.7 s per account,
        # and a rerun must not re-salt (and so change) every row.
        if outcome == "created" or reset_passwords:
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            user.password = password_hash
            user.save(update_fields=["password"])
            outcome = "created" if outcome == "created" else "updated"
        if role is not None:
            group = Group.objects.get(name=role.value)
            if not user.groups.filter(pk=group.pk).exists():
                user.groups.add(group)
        users[username] = user
        tally.count(outcome)
    return users
