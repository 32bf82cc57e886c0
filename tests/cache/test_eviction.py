"""maxmemory and the eight eviction policies: fill memory past maxmemory
and check which keys survive. Eviction samples keys as redis-server does,
so the assertions leave room for the approximation (and use 10 samples)."""

import pytest
import redis

MAXMEMORY = 200_000
VALUE = "x" * 1000  # about 1.1 KB a key with its overhead: ~180 keys fit


def configure(r, policy):
    r.config_set("maxmemory-policy", policy)
    r.config_set("maxmemory-samples", "10")
    r.config_set("maxmemory", str(MAXMEMORY))


def surviving(r, keys):
    return sum(r.exists(k) for k in keys)


def assert_within_maxmemory(r):
    info = r.info()
    assert info["used_memory"] <= MAXMEMORY + 2_000, info["used_memory"]
    assert info["evicted_keys"] > 0


def test_noeviction_refuses_writes_with_oom_and_keeps_every_key(r):
    configure(r, "noeviction")
    written = []
    with pytest.raises(redis.exceptions.OutOfMemoryError, match="command not allowed when used memory > 'maxmemory'"):
        for i in range(1000):
            r.set(f"k{i}", VALUE)
            written.append(f"k{i}")
    assert 150 < len(written) < 250
    assert surviving(r, written) == len(written)
    assert r.get("k0") == VALUE, "reads still work"
    assert r.delete("k0") == 1, "and deletes, which free memory"
    assert r.info()["evicted_keys"] == 0


def lru_scenario(r, ttl):
    cold = [f"cold{i}" for i in range(80)]
    hot = [f"hot{i}" for i in range(50)]
    for k in cold + hot:
        r.set(k, VALUE, ex=ttl)
    for _ in range(3):
        for k in hot:
            r.get(k)
    # About 188 keys fit: 250 written force some 60 evictions.
    fresh = [f"new{i}" for i in range(120)]
    for k in fresh:
        r.set(k, VALUE, ex=ttl)
    return cold, hot, fresh


@pytest.mark.parametrize("policy", ["allkeys-lru", "volatile-lru"])
def test_lru_evicts_the_least_recently_used(r, policy):
    configure(r, policy)
    cold, hot, fresh = lru_scenario(r, ttl=1000)
    assert_within_maxmemory(r)
    assert surviving(r, hot) >= 45, "recently read keys survive"
    assert surviving(r, cold) <= 30, "keys nobody read since they were written go first"
    assert surviving(r, fresh[-20:]) == 20, "the newest keys survive"


@pytest.mark.parametrize("policy", ["allkeys-lfu", "volatile-lfu"])
def test_lfu_evicts_the_least_frequently_used(r, policy):
    configure(r, policy)
    hot = [f"hot{i}" for i in range(60)]
    cold = [f"cold{i}" for i in range(60)]
    for k in hot + cold:
        r.set(k, VALUE, ex=1000)
    for _ in range(20):
        for k in hot:
            r.get(k)
    for i in range(120):
        r.set(f"new{i}", VALUE, ex=1000)
    assert_within_maxmemory(r)
    assert surviving(r, hot) >= 55, "frequently read keys survive even though they are older"
    # New keys start with the same small counter as never-read ones, so the
    # evictions (some 50) fall on those two groups.
    assert surviving(r, cold) + surviving(r, [f"new{i}" for i in range(120)]) <= 180 - 40


@pytest.mark.parametrize("policy", ["volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"])
def test_volatile_policies_never_evict_keys_without_a_ttl(r, policy):
    configure(r, policy)
    persistent = [f"keep{i}" for i in range(60)]
    for k in persistent:
        r.set(k, VALUE)
    for i in range(200):
        r.set(f"tmp{i}", VALUE, ex=1000)
    assert_within_maxmemory(r)
    assert surviving(r, persistent) == 60


@pytest.mark.parametrize("policy", ["volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"])
def test_volatile_policies_answer_oom_when_nothing_has_a_ttl(r, policy):
    configure(r, policy)
    with pytest.raises(redis.exceptions.OutOfMemoryError):
        for i in range(1000):
            r.set(f"k{i}", VALUE)


def test_allkeys_random_evicts_old_and_new_keys_alike(r):
    configure(r, "allkeys-random")
    keys = [f"k{i}" for i in range(400)]
    for k in keys:
        r.set(k, VALUE)
    assert_within_maxmemory(r)
    first, last = surviving(r, keys[:150]), surviving(r, keys[-150:])
    assert 0 < first and last < 150, (first, last)
    assert surviving(r, keys) < 200


def test_volatile_random_evicts_only_volatile_keys(r):
    configure(r, "volatile-random")
    keep = [f"keep{i}" for i in range(50)]
    tmp = [f"tmp{i}" for i in range(300)]
    for k in keep:
        r.set(k, VALUE)
    for k in tmp:
        r.set(k, VALUE, ex=100)
    assert_within_maxmemory(r)
    assert surviving(r, keep) == 50
    assert 0 < surviving(r, tmp[:100]) < 100


def test_volatile_ttl_evicts_the_keys_closest_to_expiring(r):
    configure(r, "volatile-ttl")
    short = [f"short{i}" for i in range(80)]
    long = [f"long{i}" for i in range(80)]
    for k in long:
        r.set(k, VALUE, ex=100_000)
    for k in short:
        r.set(k, VALUE, ex=100)
    for i in range(100):  # about 188 keys fit: some 70 evictions
        r.set(f"new{i}", VALUE, ex=50_000)
    assert_within_maxmemory(r)
    assert surviving(r, long) >= 75, "keys with the longest TTL survive"
    assert surviving(r, short) <= 15, "keys about to expire go first"


def test_lowering_maxmemory_evicts_on_the_next_command(r):
    r.config_set("maxmemory-policy", "allkeys-lru")
    for i in range(300):
        r.set(f"k{i}", VALUE)
    r.config_set("maxmemory", str(MAXMEMORY))
    r.ping()
    assert_within_maxmemory(r)
