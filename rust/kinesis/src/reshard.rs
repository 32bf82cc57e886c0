//! Resharding: SplitShard, MergeShards and UpdateShardCount.
//!
//! Every reshard closes some open shards and opens others, in one step:
//! with the stream's routing held exclusively, the parents' logs get their
//! close record (its LSN is the EndingSequenceNumber), the children's logs
//! are created, and one catalog operation commits it all. A crash before
//! the commit leaves parents whose logs say closed but whose catalog entry
//! says open; opening the engine reopens them and drops the children.
//! Anything failing before the commit is undone at once.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::catalog::{Close, Op, Reshard, ShardMeta, StreamMeta};
use crate::engine::{KinesisEngine, Resolved, open_new_shard};
use crate::error::{KinesisError, Result};
use crate::keys;
use crate::stream::ShardHandle;
use crate::types::*;
use crate::validate;

/// A shard a reshard opens. `transient` ones are closed in the same step:
/// the intermediate shards a uniform scaling passes through, which keep
/// every shard at two parents at most, as the Shard shape requires.
#[derive(Clone, Debug, PartialEq, Eq)]
struct NewShard {
    index: u32,
    range: (u128, u128),
    parent: u32,
    adjacent_parent: Option<u32>,
    transient: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Plan {
    closes: Vec<u32>,
    opens: Vec<NewShard>,
}

/// The splits, then merges, that take the open shards (index, range) to
/// `target` shards of equal width.
fn plan_uniform(open: &[(u32, (u128, u128))], target: u32, mut next: u32) -> Plan {
    #[derive(Clone, Copy)]
    struct Piece {
        index: u32,
        range: (u128, u128),
    }
    let mut pieces: Vec<Piece> = open.iter().map(|(index, range)| Piece { index: *index, range: *range }).collect();
    pieces.sort_by_key(|p| p.range.0);
    let mut made: Vec<NewShard> = vec![];
    let mut retired: Vec<u32> = vec![];
    let boundaries: BTreeSet<u128> = keys::uniform_ranges(target).iter().skip(1).map(|r| r.0).collect();
    for b in &boundaries {
        let Some(i) = pieces.iter().position(|p| p.range.0 < *b && *b <= p.range.1) else { continue };
        let p = pieces[i];
        retired.push(p.index);
        let halves = [(p.range.0, b - 1), (*b, p.range.1)].map(|range| {
            next += 1;
            made.push(NewShard { index: next - 1, range, parent: p.index, adjacent_parent: None, transient: false });
            Piece { index: next - 1, range }
        });
        pieces.splice(i..=i, halves);
    }
    let mut i = 0;
    while i + 1 < pieces.len() {
        let (a, b) = (pieces[i], pieces[i + 1]);
        if boundaries.contains(&b.range.0) {
            i += 1;
            continue;
        }
        retired.extend([a.index, b.index]);
        let range = (a.range.0, b.range.1);
        made.push(NewShard { index: next, range, parent: a.index, adjacent_parent: Some(b.index), transient: false });
        pieces[i] = Piece { index: next, range };
        pieces.remove(i + 1);
        next += 1;
    }
    let retired: BTreeSet<u32> = retired.into_iter().collect();
    for m in &mut made {
        m.transient = retired.contains(&m.index);
    }
    Plan {
        closes: open.iter().map(|(i, _)| *i).filter(|i| retired.contains(i)).collect(),
        opens: made,
    }
}

impl KinesisEngine {
    fn not_on_demand(&self, meta: &StreamMeta) -> Result<()> {
        if meta.on_demand {
            return Err(KinesisError::Validation(format!(
                "Request is invalid. Stream {} under account {} is in On-Demand mode.",
                meta.name,
                self.account()
            )));
        }
        Ok(())
    }

    fn open_shard(&self, meta: &StreamMeta, shard_id: &str, at: &str) -> Result<ShardMeta> {
        validate::name(shard_id, at)?;
        let (s, _) = self.shard_of(meta, shard_id)?;
        if !s.is_open() {
            return Err(KinesisError::invalid(format!(
                "Shard {shard_id} in stream {} under account {} has already been merged or split, and thus is \
                 not eligible for merging or splitting.",
                meta.name,
                self.account()
            )));
        }
        Ok(s)
    }

    /// Carries out a plan; see the module comment.
    async fn reshard(&self, s: &Resolved, plan: Plan, scaling: bool) -> Result<()> {
        let stream = self.handle(s.id)?;
        let mut routing = stream.routing.write().await;
        let now = self.now_ms();
        let mut closed: Vec<(Arc<ShardHandle>, u64)> = vec![];
        let mut fresh: Vec<Arc<ShardHandle>> = vec![];
        let undo = |closed: &[(Arc<ShardHandle>, u64)], fresh: &[Arc<ShardHandle>]| {
            for (h, _) in closed {
                let _ = h.reopen_log();
            }
            for h in fresh {
                h.part.close();
                let _ = self.cfg.fs.remove_dir_all(&h.dir);
            }
        };
        let result: Result<Reshard> = async {
            for index in &plan.closes {
                let h = stream.shard(*index).ok_or_else(|| KinesisError::invalid("no such shard"))?;
                let lsn = h.close_log(now).await?;
                closed.push((h, lsn));
            }
            let mut opens = vec![];
            for n in &plan.opens {
                let h = Arc::new(open_new_shard(&self.cfg, &stream.dir, n.index)?);
                fresh.push(h.clone());
                let ending_lsn = if n.transient { Some(h.close_log(now).await?) } else { None };
                opens.push(ShardMeta {
                    index: n.index,
                    start_hash: n.range.0.to_string(),
                    end_hash: n.range.1.to_string(),
                    parent: Some(n.parent),
                    adjacent_parent: n.adjacent_parent,
                    created_ms: now,
                    ending_lsn,
                    closed_ms: if n.transient { now } else { 0 },
                });
            }
            Ok(Reshard {
                stream: s.id,
                closes: closed.iter().map(|(h, lsn)| Close { index: h.index, ending_lsn: *lsn }).collect(),
                opens,
                at_ms: now,
                scaling,
            })
        }
        .await;
        let op = match result {
            Ok(op) => op,
            Err(e) => {
                undo(&closed, &fresh);
                return Err(e);
            }
        };
        // A failed catalog write may still have reached the disk, so it is
        // not undone: the parents stay closed (writes to them fail) until a
        // restart settles it either way, from what the catalog holds.
        let _ = self.log(Op::Reshard(op)).await?;
        {
            let mut shards = stream.shards.write().unwrap();
            for h in fresh {
                shards.insert(h.index, h);
            }
        }
        *routing = stream.routing_for(&self.meta(s.id)?);
        Ok(())
    }

    pub async fn split_shard(&self, region: &str, r: &StreamRef, shard_to_split: &str, new_starting_hash_key: &str) -> Result<()> {
        let _control = self.control.lock().await;
        let s = self.resolve(region, r)?;
        let meta = self.meta(s.id)?;
        self.not_on_demand(&meta)?;
        let parent = self.open_shard(&meta, shard_to_split, "shardToSplit")?;
        let h = keys::parse_hash_key(new_starting_hash_key, "newStartingHashKey")?;
        let (start, end) = parent.range();
        if !(h > start.saturating_add(1) && h < end) {
            return Err(KinesisError::invalid(format!(
                "NewStartingHashKey {h} used in SplitShard() on shard {shard_to_split} in stream {} under account {} \
                 is not both greater than one plus the shard's StartingHashKey {start} and less than the shard's \
                 EndingHashKey {end}.",
                s.name,
                self.account()
            )));
        }
        self.check_shard_quota(&s.region, 1)?;
        let child = |index, range| NewShard { index, range, parent: parent.index, adjacent_parent: None, transient: false };
        let plan = Plan {
            closes: vec![parent.index],
            opens: vec![child(meta.next_shard, (start, h - 1)), child(meta.next_shard + 1, (h, end))],
        };
        self.reshard(&s, plan, false).await
    }

    pub async fn merge_shards(&self, region: &str, r: &StreamRef, shard_to_merge: &str, adjacent_shard_to_merge: &str) -> Result<()> {
        let _control = self.control.lock().await;
        let s = self.resolve(region, r)?;
        let meta = self.meta(s.id)?;
        self.not_on_demand(&meta)?;
        let a = self.open_shard(&meta, shard_to_merge, "shardToMerge")?;
        let b = self.open_shard(&meta, adjacent_shard_to_merge, "adjacentShardToMerge")?;
        let ((a0, a1), (b0, b1)) = (a.range(), b.range());
        let adjacent = a.index != b.index && (a1.checked_add(1) == Some(b0) || b1.checked_add(1) == Some(a0));
        if !adjacent {
            return Err(KinesisError::invalid(format!(
                "Shards {shard_to_merge} and {adjacent_shard_to_merge} in stream {} under account {} are not an \
                 adjacent pair of shards eligible for merging",
                s.name,
                self.account()
            )));
        }
        let plan = Plan {
            closes: vec![a.index, b.index],
            opens: vec![NewShard {
                index: meta.next_shard,
                range: (a0.min(b0), a1.max(b1)),
                parent: a.index,
                adjacent_parent: Some(b.index),
                transient: false,
            }],
        };
        self.reshard(&s, plan, false).await
    }

    pub async fn update_shard_count(&self, region: &str, r: &StreamRef, target: i32, scaling_type: &str) -> Result<ShardCountUpdate> {
        validate::one_of(scaling_type, "scalingType", &["UNIFORM_SCALING"])?;
        validate::range(target as i64, "targetShardCount", 1, i64::MAX)?;
        let _control = self.control.lock().await;
        let s = self.resolve(region, r)?;
        let meta = self.meta(s.id)?;
        self.not_on_demand(&meta)?;
        let open: Vec<(u32, (u128, u128))> = meta.open_shards().map(|m| (m.index, m.range())).collect();
        let (current, target) = (open.len() as u32, target as u32);
        let l = &self.cfg.limits;
        if l.enforce {
            if target > current * 2 || target * 2 < current {
                return Err(KinesisError::LimitExceeded(format!(
                    "UpdateShardCount cannot take stream {} under account {} from {current} to {target} shards: \
                     a scaling may at most double or halve the open shard count.",
                    s.name,
                    self.account()
                )));
            }
            let day_ago = self.now_ms() - 86_400_000;
            if meta.scalings_ms.iter().filter(|t| **t > day_ago).count() >= l.scalings_per_day {
                return Err(KinesisError::LimitExceeded(format!(
                    "Stream {} under account {} has been scaled {} times in the last 24 hours, the most allowed.",
                    s.name,
                    self.account(),
                    l.scalings_per_day
                )));
            }
        }
        self.check_shard_quota(&s.region, target.saturating_sub(current) as usize)?;
        let update = ShardCountUpdate {
            arn: self.stream_arn(&s.region, &s.name),
            name: s.name.clone(),
            current,
            target,
        };
        if target != current {
            self.reshard(&s, plan_uniform(&open, target, meta.next_shard), true).await?;
        }
        Ok(update)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open_of(n: u32) -> Vec<(u32, (u128, u128))> {
        keys::uniform_ranges(n).into_iter().enumerate().map(|(i, r)| (i as u32, r)).collect()
    }

    /// The open shards after a plan: the originals it keeps and the
    /// non-transient shards it makes.
    fn result(open: &[(u32, (u128, u128))], plan: &Plan) -> Vec<(u128, u128)> {
        let mut out: Vec<(u128, u128)> = open.iter().filter(|(i, _)| !plan.closes.contains(i)).map(|(_, r)| *r).collect();
        out.extend(plan.opens.iter().filter(|n| !n.transient).map(|n| n.range));
        out.sort();
        out
    }

    #[test]
    fn uniform_scaling_ends_at_equal_ranges_through_splits_and_merges() {
        for (from, to) in [(1, 2), (2, 4), (3, 2), (4, 2), (3, 5), (5, 3), (7, 4), (2, 3)] {
            let open = open_of(from);
            let plan = plan_uniform(&open, to, from);
            assert_eq!(result(&open, &plan), keys::uniform_ranges(to), "{from} -> {to}");
            for n in &plan.opens {
                assert!(n.index >= from, "new shards get new indices");
            }
        }
    }

    #[test]
    fn doubling_is_one_split_per_shard_with_no_transient_shards() {
        let plan = plan_uniform(&open_of(2), 4, 2);
        assert_eq!(plan.closes, vec![0, 1]);
        assert_eq!(plan.opens.len(), 4);
        assert!(plan.opens.iter().all(|n| !n.transient && n.adjacent_parent.is_none()));
    }

    #[test]
    fn three_to_two_passes_through_transient_shards_with_two_parents_at_most() {
        let plan = plan_uniform(&open_of(3), 2, 3);
        // Shard 1 straddles the new midpoint: split, then each half merged
        // with its neighbour.
        assert_eq!(plan.closes, vec![0, 1, 2]);
        let transient: Vec<u32> = plan.opens.iter().filter(|n| n.transient).map(|n| n.index).collect();
        assert_eq!(transient, vec![3, 4]);
        let last: Vec<_> = plan.opens.iter().filter(|n| !n.transient).map(|n| (n.parent, n.adjacent_parent)).collect();
        assert_eq!(last, vec![(0, Some(3)), (4, Some(2))]);
    }
}
