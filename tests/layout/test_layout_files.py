"""Layout files: the built-in layouts, and every rule an invalid file breaks,
reported with its line."""

import pytest

from labcloud.layout import LayoutError, load_layout, parse_layout

GOOD = """
[[regions]]
code = "lab-west-1"
latitude = 45.0
longitude = -120.0

[[regions.zones]]
id = "lw1-az1"
hosts = 2
host = { cores = 4, memory_gib = 16, disk_gib = 100 }

[[regions.zones]]
id = "lw1-az2"

[[regions.zones.host]]
name = "rack7-node3"
cores = 64
memory_gib = 512
disk_gib = 8000

[[regions]]
code = "lab-east-1"
latitude = 40.0
longitude = -75.0

[[regions.zones]]
id = "le1-az1"
hosts = 1
host = { cores = 4, memory_gib = 16, disk_gib = 100 }

[[edges]]
code = "PDX"
latitude = 45.5
longitude = -122.7

[[links]]
between = ["lab-west-1", "lab-east-1"]
latency_ms = 30.5
bandwidth_gbps = 40
"""


def test_default_layout_has_real_regions_with_their_zone_counts():
    layout = load_layout("default")
    counts = {code: len(r.zones) for code, r in layout.regions.items()}
    assert counts == {
        "us-east-1": 6, "us-east-2": 3, "us-west-2": 4, "eu-west-1": 3,
        "eu-central-1": 3, "ap-northeast-1": 3, "ap-southeast-2": 3,
    }
    assert [z.zone_id for z in layout.region("ap-northeast-1").zones] == ["apne1-az1", "apne1-az2", "apne1-az4"]
    assert layout.region("ap-northeast-1").zone_letters == "acd"


def test_a_layout_file_gives_regions_zones_hosts_edges_and_links():
    layout = parse_layout(GOOD, "lab.toml")
    assert [h.name for h in layout.zones["lw1-az1"].hosts] == ["lw1-az1-h01", "lw1-az1-h02"]
    assert layout.hosts["rack7-node3"].cores == 64
    assert layout.link("lab-east-1", "lab-west-1").latency_ms == 30.5
    assert layout.link("lab-west-1", "lab-east-1").bandwidth_gbps == 40


def test_links_not_in_the_file_follow_geography():
    layout = load_layout("default")
    inter_zone = layout.link("use1-az1", "use1-az2").latency_ms
    assert 0.3 <= inter_zone <= 1.5
    assert layout.link("use1-az2", "use1-az1").latency_ms == inter_zone, "a link is the same both ways"
    near = layout.link("eu-west-1", "eu-central-1").latency_ms
    far = layout.link("eu-west-1", "ap-southeast-2").latency_ms
    assert 5 < near < 20 < 100 < far < 200
    assert layout.link("use1-az1", "euw1-az1").latency_ms == layout.link("us-east-1", "eu-west-1").latency_ms


def test_zone_names_are_shuffled_per_account_but_stable():
    layout = load_layout("default")
    a = layout.zone_names("111111111111", "us-east-1")
    b = layout.zone_names("222222222222", "us-east-1")
    assert sorted(a.values()) == [f"us-east-1{c}" for c in "abcdef"]
    assert a != b, "accounts see different zones behind the same name"
    assert a == layout.zone_names("111111111111", "us-east-1")


def _broken(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


def _line(text: str, content: str, nth: int = 1) -> int:
    """The line number of the nth line containing `content`."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if content in line]
    return hits[nth - 1]


# (the broken file, a text on the line the error must name, which such line, the rule)
CASES = [
    (_broken('code = "lab-east-1"', 'code = "lab-west-1"'), 'code = "lab-west-1"', 2, "region codes are unique"),
    (_broken('id = "le1-az1"', 'id = "lw1-az1"'), 'id = "lw1-az1"', 2, "zone ids are unique"),
    (_broken("hosts = 1\n", "hosts = 0\n"), 'id = "le1-az1"', 1, "every availability zone needs at least one host"),
    (_broken('between = ["lab-west-1", "lab-east-1"]', 'between = ["lab-west-1", "moon-1"]'), "moon-1", 1,
     "links join regions, zones or edge locations that exist"),
    (_broken("latency_ms = 30.5", "latency_ms = -3"), "latency_ms = -3", 1, "latency cannot be negative"),
    (_broken("latitude = 40.0", "latitude = 140.0"), "latitude = 140.0", 1, "latitude must be between -90 and 90"),
    (_broken("cores = 64", "cores = 0"), "cores = 0", 1, "cores must be positive"),
    (_broken('code = "PDX"', 'code = "lab-east-1"'), 'code = "lab-east-1"', 2,
     "names of regions, zones and edges are unique"),
    (_broken('[[regions.zones]]\nid = "le1-az1"\nhosts = 1\nhost = { cores = 4, memory_gib = 16, disk_gib = 100 }\n', ""),
     'code = "lab-east-1"', 1, "every region needs at least one zone"),
    (_broken("hosts = 2\n", 'hosts = "two"\n'), 'hosts = "two"', 1, "hosts is a count of identical hosts"),
    (_broken("latitude = 45.0\n", ""), 'code = "lab-west-1"', 1, "latitude is required"),
    (_broken("[[edges]]", "[extras]\nfoo = 1\n\n[[edges]]"), "[extras]", 1, "a layout has regions, edges and links"),
]


@pytest.mark.parametrize("text, content, nth, rule", CASES)
def test_invalid_layouts_are_rejected_naming_line_and_rule(text, content, nth, rule):
    with pytest.raises(LayoutError) as caught:
        parse_layout(text, "lab.toml")
    message = str(caught.value)
    assert message.startswith(f"lab.toml:{_line(text, content, nth)}: "), message
    assert rule in message


def test_not_toml_at_all_is_rejected_as_such():
    with pytest.raises(LayoutError, match=r"lab.toml: not valid TOML"):
        parse_layout("[[regions]\ncode = ", "lab.toml")


def test_an_empty_layout_is_rejected():
    with pytest.raises(LayoutError, match="no regions"):
        parse_layout("", "lab.toml")
