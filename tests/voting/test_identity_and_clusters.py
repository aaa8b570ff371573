"""The pure pieces: one mailbox one identity, address prefixes, suspicious clusters."""

import datetime as dt

import pytest

from contest.voting.clusters import Thresholds, VoteLine, find_cluster, find_clusters
from contest.voting.identity import NotAnEmail, ip_prefix, is_listed_domain, normalise_email, stem_of


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Tuan.Anh+binhchon@Gmail.com", "tuananh@gmail.com"),
        ("t.u.a.n.anh@googlemail.com", "tuananh@gmail.com"),
        ("nguyen.van.a+1@hanoi.gov.vn", "nguyen.van.a@hanoi.gov.vn"),
        ("  lan@yahoo.com.vn ", "lan@yahoo.com.vn"),
    ],
)
def test_one_mailbox_is_one_identity(typed, canonical):
    assert normalise_email(typed) == canonical


@pytest.mark.parametrize("typed", ["", "khong-phai-thu", "a@b", "@gmail.com", "+x@gmail.com", "a b@gmail.com"])
def test_not_an_address(typed):
    with pytest.raises(NotAnEmail):
        normalise_email(typed)


def test_a_subdomain_of_a_listed_domain_is_listed():
    listed = {"yopmail.com"}
    assert is_listed_domain("mail.yopmail.com", listed)
    assert is_listed_domain("yopmail.com", listed)
    assert not is_listed_domain("gmail.com", listed)
    assert not is_listed_domain("com", {"com"})  # a bare TLD is never checked alone


def test_ip_prefix():
    assert ip_prefix("203.0.113.57") == "203.0.113.0/24"
    assert ip_prefix("2001:db8:1:2::5") == "2001:db8:1::/48"
    assert ip_prefix("::ffff:198.51.100.9") == "198.51.100.0/24"
    assert ip_prefix(None) == ip_prefix("rác") == ""


T0 = dt.datetime(2026, 10, 10, 20, 0, tzinfo=dt.UTC)


def _line(i, *, entry=1, identity=None, minutes=0, net="203.0.113.0/24", device=""):
    return VoteLine(i, entry, identity if identity is not None else i, T0 + dt.timedelta(minutes=minutes), net, device)


def test_one_device_many_identities_is_a_cluster():
    lines = [_line(i, device="dev-a", net=f"10.0.{i}.0/24", minutes=i * 60) for i in range(3)]
    lines.append(_line(9, device="dev-b", net="10.9.9.0/24"))
    clusters = find_clusters(lines)
    assert [(c.kind, c.key, c.vote_ids, c.identities) for c in clusters] == [("device", "dev-a", [0, 1, 2], 3)]


def test_one_person_on_one_device_is_not_a_cluster():
    lines = [_line(i, identity=7, entry=i, device="dev-a", net=f"10.0.{i}.0/24", minutes=i * 60) for i in range(5)]
    assert find_clusters(lines) == []


def test_a_shared_office_address_needs_many_identities():
    thresholds = Thresholds(network_identities=4)
    office = [_line(i, minutes=i * 30) for i in range(3)]
    assert find_clusters(office, thresholds) == []
    office.append(_line(3, minutes=100))
    assert [c.kind for c in find_clusters(office, thresholds)] == ["network"]


def test_bursts_are_split_where_the_pace_drops():
    thresholds = Thresholds(burst_votes=3, burst_window=dt.timedelta(minutes=1))
    seconds = [0, 10, 20, 30, 600, 1200, 1210, 1220]
    lines = [VoteLine(i, 5, i, T0 + dt.timedelta(seconds=s), f"10.{i}.0.0/24", f"d{i}") for i, s in enumerate(seconds)]
    bursts = [c for c in find_clusters(lines, thresholds) if c.kind == "burst"]
    assert sorted(c.vote_ids for c in bursts) == [[0, 1, 2, 3], [5, 6, 7]]
    assert find_cluster(lines, bursts[0].ref, thresholds).vote_ids == bursts[0].vote_ids
    assert find_cluster(lines, "burst:nothing", thresholds) is None


@pytest.mark.parametrize(
    ("address", "stem"),
    [
        ("lan1@gmail.com", "lan@gmail.com"),
        ("lan.2@yahoo.com", "lan@yahoo.com"),
        ("lan_03@gmail.com", "lan@gmail.com"),
        ("0912345678@gmail.com", "#0912345@gmail.com"),
        ("0912345001@gmail.com", "#0912345@gmail.com"),
        ("0987000111@gmail.com", "#0987000@gmail.com"),
    ],
)
def test_sequential_addresses_share_a_stem(address, stem):
    assert stem_of(address) == stem


def test_many_identities_on_one_stem_is_a_cluster():
    thresholds = Thresholds(sequence_identities=3)
    lines = [VoteLine(i, 1, i, T0 + dt.timedelta(hours=i), f"10.{i}.0.0/24", f"d{i}", stem="s-lan") for i in range(3)]
    lines.append(VoteLine(9, 1, 9, T0, "10.9.0.0/24", "d9", stem="s-hoa"))
    (cluster,) = find_clusters(lines, thresholds)
    assert (cluster.kind, cluster.vote_ids, cluster.identities) == ("sequence", [0, 1, 2], 3)
