//! Token buckets on an engine clock: the one rate-limiting mechanism behind
//! capacity units, shard limits, request-rate ceilings and volume IOPS.

use std::time::Duration;

use crate::clock::Timestamp;

/// A token bucket refilled continuously at `rate` tokens per second up to `capacity`.
#[derive(Clone, Debug)]
pub struct TokenBucket {
    rate: f64,
    capacity: f64,
    tokens: f64,
    last: Timestamp,
}

impl TokenBucket {
    /// A full bucket. `capacity` is the burst a caller may spend at once.
    pub fn new(rate_per_sec: f64, capacity: f64, now: Timestamp) -> Self {
        TokenBucket {
            rate: rate_per_sec.max(0.0),
            capacity: capacity.max(0.0),
            tokens: capacity.max(0.0),
            last: now,
        }
    }

    fn refill(&mut self, now: Timestamp) {
        if now > self.last {
            let dt = now.since(self.last).as_secs_f64();
            self.tokens = (self.tokens + dt * self.rate).min(self.capacity);
            self.last = now;
        }
    }

    /// Takes `n` tokens if available; otherwise leaves the bucket untouched and
    /// says how long until `n` tokens will be there.
    pub fn try_take(&mut self, n: f64, now: Timestamp) -> Result<(), Duration> {
        self.refill(now);
        if self.tokens >= n {
            self.tokens -= n;
            Ok(())
        } else if self.rate <= 0.0 {
            Err(Duration::MAX)
        } else {
            Err(Duration::from_secs_f64((n - self.tokens) / self.rate))
        }
    }

    /// Takes `n` tokens even if that leaves the bucket in debt (used where the
    /// cost is known only after the work, as with DynamoDB's read units).
    pub fn take_debt(&mut self, n: f64, now: Timestamp) {
        self.refill(now);
        self.tokens -= n;
    }

    pub fn available(&mut self, now: Timestamp) -> f64 {
        self.refill(now);
        self.tokens
    }

    pub fn rate(&self) -> f64 {
        self.rate
    }

    pub fn set_rate(&mut self, rate_per_sec: f64, capacity: f64, now: Timestamp) {
        self.refill(now);
        self.rate = rate_per_sec.max(0.0);
        self.capacity = capacity.max(0.0);
        self.tokens = self.tokens.min(self.capacity);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = 1_000_000_000;

    #[test]
    fn burst_then_steady_rate() {
        let mut b = TokenBucket::new(10.0, 10.0, Timestamp(0));
        for _ in 0..10 {
            b.try_take(1.0, Timestamp(0)).unwrap();
        }
        let wait = b.try_take(1.0, Timestamp(0)).unwrap_err();
        assert!((wait.as_secs_f64() - 0.1).abs() < 1e-9, "{wait:?}");
        b.try_take(1.0, Timestamp(S / 10)).unwrap();
        assert!(b.try_take(1.0, Timestamp(S / 10)).is_err());
    }

    #[test]
    fn refill_is_capped_at_capacity() {
        let mut b = TokenBucket::new(100.0, 5.0, Timestamp(0));
        assert_eq!(b.available(Timestamp(60 * S)), 5.0);
    }

    #[test]
    fn debt_delays_later_takers() {
        let mut b = TokenBucket::new(1.0, 1.0, Timestamp(0));
        b.take_debt(3.0, Timestamp(0));
        assert!(b.try_take(1.0, Timestamp(2 * S)).is_err());
        b.try_take(1.0, Timestamp(3 * S)).unwrap();
    }
}
