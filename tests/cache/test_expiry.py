"""Expiry on the engine clock: a cloud on virtual time expires keys when
told the time has passed, lazily on access and actively in the background."""

import time

import redis


def wait_for(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def test_keys_expire_when_virtual_time_passes_their_ttl(vcloud, vr):
    vr.set("session", "v", ex=10)
    vr.set("forever", "v")
    vcloud.advance_time(9)
    assert vr.get("session") == "v"
    assert vr.ttl("session") == 1
    vcloud.advance_time(1.5)
    assert vr.get("session") is None, "lazily expired on access"
    assert vr.ttl("session") == -2
    assert vr.get("forever") == "v"


def test_an_hour_of_ttl_takes_no_time(vcloud, vr):
    vr.set("k", "v", ex=3600)
    vcloud.advance_time(3599)
    assert vr.pttl("k") == 1000
    vcloud.advance_time(1)
    assert vr.exists("k") == 0


def test_active_expiry_removes_keys_nobody_reads(vcloud, vr):
    for i in range(500):
        vr.set(f"k{i}", "v", ex=5)
    vr.set("stays", "v")
    assert vr.dbsize() == 501
    vcloud.advance_time(6)
    assert wait_for(lambda: vr.dbsize() == 1), vr.dbsize()
    assert vr.info()["expired_keys"] == 500


def test_expireat_and_time_follow_the_engine_clock(vcloud, vr):
    seconds, _ = vr.time()
    assert abs(seconds - vcloud.now().timestamp()) < 2
    vcloud.advance_time(86400)
    later, _ = vr.time()
    assert later - seconds >= 86400
    vr.set("k", "v")
    vr.expireat("k", later + 30)
    assert 29 <= vr.ttl("k") <= 30
    vcloud.advance_time(31)
    assert vr.get("k") is None


def test_blocking_pop_times_out_on_the_engine_clock(vcloud, vr):
    start = time.monotonic()
    import threading

    threading.Timer(0.3, lambda: vcloud.advance_time(1000)).start()
    assert vr.blpop(["nothing"], timeout=600) is None
    assert time.monotonic() - start < 5, "600 s of virtual time passed in well under a second"


def test_set_keepttl_and_getex_on_virtual_time(vcloud, vr):
    vr.set("k", "v", ex=100)
    vcloud.advance_time(50)
    vr.set("k", "w", keepttl=True)
    assert vr.ttl("k") == 50
    assert vr.getex("k", px=2000) == "w"
    vcloud.advance_time(2.5)
    assert vr.exists("k") == 0
