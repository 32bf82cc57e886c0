//! A sorted set: members ordered by (score, member bytes), with a map from
//! member to score for O(1) ZSCORE.

use std::collections::{BTreeSet, HashMap};
use std::ops::Bound as StdBound;

use bytes::Bytes;

use super::{ELEMENT_OVERHEAD, Hasher};

/// A score with a total order (NaN never gets in: commands reject it).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Score(f64);

impl Eq for Score {}
impl PartialOrd for Score {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Score {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&o.0)
    }
}

/// One end of a score or lex range.
#[derive(Debug, Clone, PartialEq)]
pub enum Bound<T> {
    Inclusive(T),
    Exclusive(T),
    /// -inf / "-" for a minimum, +inf / "+" for a maximum.
    Unbounded,
}

#[derive(Debug, Clone, Default)]
pub struct ZSet {
    scores: HashMap<Bytes, f64, Hasher>,
    order: BTreeSet<(Score, Bytes)>,
    mem: usize,
}

impl ZSet {
    pub fn mem(&self) -> usize {
        self.mem
    }
    pub fn len(&self) -> usize {
        self.scores.len()
    }
    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }
    pub fn score(&self, m: &[u8]) -> Option<f64> {
        self.scores.get(m).copied()
    }
    /// Sets a member's score; true if the member is new.
    pub fn insert(&mut self, m: Bytes, score: f64) -> bool {
        // -0.0 and 0.0 are one score, as in redis-server.
        let score = if score == 0.0 { 0.0 } else { score };
        match self.scores.get_mut(&m) {
            Some(old) => {
                if *old != score {
                    self.order.remove(&(Score(*old), m.clone()));
                    self.order.insert((Score(score), m));
                    *old = score;
                }
                false
            }
            None => {
                self.mem += 2 * m.len() + 2 * ELEMENT_OVERHEAD;
                self.order.insert((Score(score), m.clone()));
                self.scores.insert(m, score);
                true
            }
        }
    }
    pub fn remove(&mut self, m: &[u8]) -> bool {
        match self.scores.remove_entry(m) {
            Some((k, s)) => {
                self.order.remove(&(Score(s), k.clone()));
                self.mem -= 2 * k.len() + 2 * ELEMENT_OVERHEAD;
                true
            }
            None => false,
        }
    }
    /// 0-based position in ascending order.
    pub fn rank(&self, m: &[u8]) -> Option<usize> {
        let s = self.score(m)?;
        Some(self.order.range(..(Score(s), Bytes::copy_from_slice(m))).count())
    }
    /// Members with scores, ascending.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&Bytes, f64)> {
        self.order.iter().map(|(s, m)| (m, s.0))
    }
    /// Members whose score lies within `min..max`, ascending.
    pub fn range_by_score(&self, min: &Bound<f64>, max: &Bound<f64>) -> impl DoubleEndedIterator<Item = (&Bytes, f64)> {
        // The empty member sorts first among equal scores, so (s, "") is
        // where score s starts.
        let lo = match min {
            Bound::Inclusive(s) | Bound::Exclusive(s) => StdBound::Included((Score(*s), Bytes::new())),
            Bound::Unbounded => StdBound::Unbounded,
        };
        let hi = match max {
            Bound::Inclusive(s) if *s == f64::INFINITY => StdBound::Unbounded,
            Bound::Inclusive(s) => StdBound::Excluded((Score(s.next_up()), Bytes::new())),
            Bound::Exclusive(s) => StdBound::Excluded((Score(*s), Bytes::new())),
            Bound::Unbounded => StdBound::Unbounded,
        };
        let empty = matches!((&lo, &hi), (StdBound::Included(a), StdBound::Excluded(b)) if a >= b);
        let min = min.clone();
        let range = if empty { self.order.range(..(Score(f64::NEG_INFINITY), Bytes::new())) } else { self.order.range((lo, hi)) };
        range.map(|(s, m)| (m, s.0)).filter(move |(_, s)| match min {
            Bound::Exclusive(x) => *s > x,
            _ => true,
        })
    }
    /// Members within a lex range, ascending (meaningful when all scores are equal).
    pub fn range_by_lex<'a>(&'a self, min: &'a Bound<Vec<u8>>, max: &'a Bound<Vec<u8>>) -> impl DoubleEndedIterator<Item = (&'a Bytes, f64)> {
        self.order.iter().map(|(s, m)| (m, s.0)).filter(move |(m, _)| {
            let above = match min {
                Bound::Inclusive(x) => m.as_ref() >= x.as_slice(),
                Bound::Exclusive(x) => m.as_ref() > x.as_slice(),
                Bound::Unbounded => true,
            };
            let below = match max {
                Bound::Inclusive(x) => m.as_ref() <= x.as_slice(),
                Bound::Exclusive(x) => m.as_ref() < x.as_slice(),
                Bound::Unbounded => true,
            };
            above && below
        })
    }
    pub fn pop_min(&mut self) -> Option<(Bytes, f64)> {
        let (s, m) = self.order.pop_first()?;
        self.scores.remove(&m);
        self.mem -= 2 * m.len() + 2 * ELEMENT_OVERHEAD;
        Some((m, s.0))
    }
    pub fn pop_max(&mut self) -> Option<(Bytes, f64)> {
        let (s, m) = self.order.pop_last()?;
        self.scores.remove(&m);
        self.mem -= 2 * m.len() + 2 * ELEMENT_OVERHEAD;
        Some((m, s.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_score_then_member_and_ranks() {
        let mut z = ZSet::default();
        z.insert(Bytes::from_static(b"b"), 1.0);
        z.insert(Bytes::from_static(b"a"), 1.0);
        z.insert(Bytes::from_static(b"c"), 0.5);
        let names: Vec<_> = z.iter().map(|(m, _)| m.clone()).collect();
        assert_eq!(names, vec!["c", "a", "b"]);
        assert_eq!(z.rank(b"b"), Some(2));
        z.insert(Bytes::from_static(b"b"), -1.0);
        assert_eq!(z.rank(b"b"), Some(0));
        let mid: Vec<_> = z
            .range_by_score(&Bound::Exclusive(-1.0), &Bound::Inclusive(1.0))
            .map(|(m, _)| m.clone())
            .collect();
        assert_eq!(mid, vec!["c", "a"]);
        assert!(z.remove(b"c"));
        assert_eq!(z.pop_max().unwrap().0, "a");
        assert_eq!(z.len(), 1);
    }
}
