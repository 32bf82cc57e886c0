//! A list: a deque of elements (LPUSH/RPUSH/LPOP/RPOP are O(1)).

use std::collections::VecDeque;

use bytes::Bytes;

use super::ELEMENT_OVERHEAD;

#[derive(Debug, Clone, Default)]
pub struct List {
    items: VecDeque<Bytes>,
    mem: usize,
}

fn cost(b: &Bytes) -> usize {
    b.len() + ELEMENT_OVERHEAD
}

impl List {
    pub fn mem(&self) -> usize {
        self.mem
    }
    pub fn len(&self) -> usize {
        self.items.len()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    pub fn push_front(&mut self, b: Bytes) {
        self.mem += cost(&b);
        self.items.push_front(b);
    }
    pub fn push_back(&mut self, b: Bytes) {
        self.mem += cost(&b);
        self.items.push_back(b);
    }
    pub fn pop_front(&mut self) -> Option<Bytes> {
        let b = self.items.pop_front()?;
        self.mem -= cost(&b);
        Some(b)
    }
    pub fn pop_back(&mut self) -> Option<Bytes> {
        let b = self.items.pop_back()?;
        self.mem -= cost(&b);
        Some(b)
    }
    pub fn get(&self, i: usize) -> Option<&Bytes> {
        self.items.get(i)
    }
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Bytes> + ExactSizeIterator {
        self.items.iter()
    }
    /// Keeps only the elements at positions `start..=end`.
    pub fn keep_range(&mut self, start: usize, end: usize) {
        if start > end || start >= self.items.len() {
            self.items.clear();
            self.mem = 0;
            return;
        }
        self.items.truncate(end + 1);
        self.items.drain(..start);
        self.mem = self.items.iter().map(cost).sum();
    }
    /// Removes up to `count` elements equal to `v` (all if 0), from the
    /// tail when `from_tail`; returns how many went.
    pub fn remove_eq(&mut self, v: &[u8], count: usize, from_tail: bool) -> usize {
        let mut removed = 0;
        let limit = if count == 0 { usize::MAX } else { count };
        let idx: Vec<usize> = if from_tail {
            (0..self.items.len()).rev().filter(|&i| self.items[i] == v).take(limit).collect()
        } else {
            (0..self.items.len()).filter(|&i| self.items[i] == v).take(limit).collect()
        };
        let mut sorted = idx;
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        for i in sorted {
            if let Some(b) = self.items.remove(i) {
                self.mem -= cost(&b);
                removed += 1;
            }
        }
        removed
    }
}
