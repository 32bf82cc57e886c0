//! Engine clocks. Engines never read the system time directly: TTLs, retention,
//! token buckets and timestamps all come from a [`Clock`] handed in, so an
//! experiment can run on virtual time and replay exactly.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Nanoseconds since the Unix epoch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn from_millis(ms: i64) -> Self {
        Timestamp(ms.saturating_mul(1_000_000))
    }
    pub fn as_millis(self) -> i64 {
        self.0.div_euclid(1_000_000)
    }
    pub fn as_nanos(self) -> i64 {
        self.0
    }
    /// Time elapsed since `earlier`, zero if the clock went backwards.
    pub fn since(self, earlier: Timestamp) -> Duration {
        Duration::from_nanos(self.0.saturating_sub(earlier.0).max(0) as u64)
    }
    pub fn plus(self, d: Duration) -> Timestamp {
        Timestamp(self.0.saturating_add(d.as_nanos().min(i64::MAX as u128) as i64))
    }
}

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> Timestamp;
}

/// Wall-clock time.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        let d = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or(Duration::ZERO);
        Timestamp(d.as_nanos() as i64)
    }
}

/// Virtual time that moves only when told to; shared by cloning the `Arc`.
#[derive(Debug, Default)]
pub struct ManualClock {
    nanos: AtomicI64,
}

impl ManualClock {
    pub fn new(start: Timestamp) -> Arc<Self> {
        Arc::new(ManualClock {
            nanos: AtomicI64::new(start.0),
        })
    }
    pub fn set(&self, t: Timestamp) {
        self.nanos.store(t.0, Ordering::SeqCst);
    }
    pub fn advance(&self, d: Duration) {
        self.nanos
            .fetch_add(d.as_nanos().min(i64::MAX as u128) as i64, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        Timestamp(self.nanos.load(Ordering::SeqCst))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_told() {
        let c = ManualClock::new(Timestamp::from_millis(1_000));
        assert_eq!(c.now().as_millis(), 1_000);
        c.advance(Duration::from_millis(250));
        assert_eq!(c.now().as_millis(), 1_250);
        c.set(Timestamp::from_millis(5));
        assert_eq!(c.now().as_millis(), 5);
    }

    #[test]
    fn since_is_zero_when_clock_goes_backwards() {
        assert_eq!(
            Timestamp(10).since(Timestamp(20)),
            Duration::ZERO,
            "a backwards step must not underflow"
        );
    }
}
