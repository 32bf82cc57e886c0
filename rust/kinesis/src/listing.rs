//! Shards as DescribeStream and ListShards report them, with ListShards'
//! filters and pagination tokens.

use crate::catalog::{ShardMeta, StreamMeta};
use crate::engine::{KinesisEngine, retention_ms};
use crate::error::{KinesisError, Result};
use crate::keys::{self, SeqNo};
use crate::tokens::ShardPage;
use crate::types::*;
use crate::validate;

const FILTERS: [&str; 6] = [
    "AFTER_SHARD_ID",
    "AT_TRIM_HORIZON",
    "FROM_TRIM_HORIZON",
    "AT_LATEST",
    "AT_TIMESTAMP",
    "FROM_TIMESTAMP",
];

/// A ListShards filter, as its page tokens carry it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Filter {
    None,
    AtTrimHorizon,
    FromTrimHorizon,
    AtLatest,
    AtTimestamp(i64),
    FromTimestamp(i64),
}

impl Filter {
    fn code(self) -> (u8, i64) {
        match self {
            Filter::None => (0, 0),
            Filter::AtTrimHorizon => (1, 0),
            Filter::FromTrimHorizon => (2, 0),
            Filter::AtLatest => (3, 0),
            Filter::AtTimestamp(t) => (4, t),
            Filter::FromTimestamp(t) => (5, t),
        }
    }

    fn from_code(code: u8, ms: i64) -> Option<Filter> {
        Some(match code {
            0 => Filter::None,
            1 => Filter::AtTrimHorizon,
            2 => Filter::FromTrimHorizon,
            3 => Filter::AtLatest,
            4 => Filter::AtTimestamp(ms),
            5 => Filter::FromTimestamp(ms),
            _ => return None,
        })
    }
}

pub(crate) fn shard_info(s: &ShardMeta) -> Shard {
    Shard {
        shard_id: keys::shard_id(s.index),
        parent_shard_id: s.parent.map(keys::shard_id),
        adjacent_parent_shard_id: s.adjacent_parent.map(keys::shard_id),
        hash_range: s.range(),
        // LSN 0 comes before the shard's first record.
        starting_sequence_number: SeqNo::new(s.index, 0).format(),
        ending_sequence_number: s.ending_lsn.map(|l| SeqNo::new(s.index, l).format()),
    }
}

fn open_at(s: &ShardMeta, t: i64) -> bool {
    s.created_ms <= t && (s.is_open() || s.closed_ms > t)
}

impl KinesisEngine {
    /// The stream's shards that have not expired, in index order.
    fn visible<'a>(&self, meta: &'a StreamMeta) -> impl Iterator<Item = &'a ShardMeta> {
        let now = self.now_ms();
        meta.shards.values().filter(move |s| !self.expired(meta, s, now))
    }

    pub fn describe_stream(
        &self,
        region: &str,
        r: &StreamRef,
        limit: Option<i32>,
        exclusive_start_shard_id: &str,
    ) -> Result<StreamDescription> {
        if let Some(n) = limit {
            validate::range(n as i64, "limit", 1, 10_000)?;
        }
        if !exclusive_start_shard_id.is_empty() {
            validate::name(exclusive_start_shard_id, "exclusiveStartShardId")?;
        }
        // At most 100 shards a call, whatever the limit says.
        let limit = limit.unwrap_or(100).min(100) as usize;
        let s = self.resolve(region, r)?;
        let meta = self.meta(s.id)?;
        let mut shards: Vec<Shard> = self
            .visible(&meta)
            .map(shard_info)
            .filter(|sh| exclusive_start_shard_id.is_empty() || sh.shard_id.as_str() > exclusive_start_shard_id)
            .take(limit + 1)
            .collect();
        let has_more_shards = shards.len() > limit;
        shards.truncate(limit);
        Ok(StreamDescription {
            summary: self.summary(&meta),
            shards,
            has_more_shards,
        })
    }

    pub fn list_shards(&self, region: &str, req: &ListShards) -> Result<ShardListing> {
        if let Some(n) = req.max_results {
            validate::range(n as i64, "maxResults", 1, 10_000)?;
        }
        let max = req.max_results.unwrap_or(1000).min(1000) as usize;
        let now = self.now_ms();
        let (id, after, filter) = if !req.next_token.is_empty() {
            let together = [
                ("StreamName", !req.stream.name.is_empty()),
                ("StreamARN", !req.stream.arn.is_empty()),
                ("ExclusiveStartShardId", !req.exclusive_start_shard_id.is_empty()),
                ("StreamCreationTimestamp", req.stream_created.is_some()),
            ];
            if let Some((field, _)) = together.iter().find(|(_, given)| *given) {
                // The token names its stream; AWS refuses anything naming it again.
                return Err(KinesisError::invalid(format!("NextToken and {field} cannot be provided together.")));
            }
            let page = ShardPage::decode(&self.secret, &req.next_token)
                .ok_or_else(|| KinesisError::invalid(format!("Invalid NextToken: {}", req.next_token)))?;
            let lifetime = self.cfg.limits.next_token_lifetime.as_millis() as i64;
            if now - page.issued_ms > lifetime {
                return Err(KinesisError::ExpiredNextToken(format!(
                    "The NextToken was issued at {} and expired {lifetime} milliseconds later; it is now {now}.",
                    page.issued_ms
                )));
            }
            let filter = Filter::from_code(page.filter, page.filter_ms)
                .ok_or_else(|| KinesisError::invalid("Invalid NextToken"))?;
            (page.stream, Some(page.after), filter)
        } else {
            let s = self.resolve(region, &req.stream)?;
            let meta = self.meta(s.id)?;
            if let Some(t) = req.stream_created
                && t.as_millis() != meta.created_ms
            {
                return Err(self.not_found(&s.name));
            }
            let mut after: Option<u32> = None;
            let mut after_id = |id: &str, at: &str| -> Result<()> {
                validate::name(id, at)?;
                // Ids order as their indices do; anything else by string.
                let i = keys::shard_index(id).or_else(|| {
                    meta.shards.keys().copied().filter(|i| keys::shard_id(*i).as_str() <= id).max()
                });
                after = after.max(i);
                Ok(())
            };
            if !req.exclusive_start_shard_id.is_empty() {
                after_id(&req.exclusive_start_shard_id, "exclusiveStartShardId")?;
            }
            let filter = match req.filter_type.as_str() {
                "" => Filter::None,
                t => match validate::one_of(t, "shardFilter.type", &FILTERS)? {
                    "AFTER_SHARD_ID" => {
                        if req.filter_shard_id.is_empty() {
                            return Err(KinesisError::invalid("ShardId must be given with the AFTER_SHARD_ID ShardFilter type."));
                        }
                        after_id(&req.filter_shard_id, "shardFilter.shardId")?;
                        Filter::None
                    }
                    "AT_TRIM_HORIZON" => Filter::AtTrimHorizon,
                    "FROM_TRIM_HORIZON" => Filter::FromTrimHorizon,
                    "AT_LATEST" => Filter::AtLatest,
                    kind => {
                        let ts = req.filter_timestamp.ok_or_else(|| {
                            KinesisError::invalid(format!("Timestamp must be given with the {kind} ShardFilter type."))
                        })?;
                        if kind == "AT_TIMESTAMP" {
                            Filter::AtTimestamp(ts.as_millis())
                        } else {
                            Filter::FromTimestamp(ts.as_millis())
                        }
                    }
                },
            };
            (s.id, after, filter)
        };
        let meta = self.meta(id)?;
        // The trim horizon is never before the stream was created.
        let horizon = (now - retention_ms(&meta)).max(meta.created_ms);
        let keep = |s: &ShardMeta| match filter {
            Filter::None | Filter::FromTrimHorizon => true,
            Filter::AtTrimHorizon => open_at(s, horizon),
            Filter::AtLatest => s.is_open(),
            Filter::AtTimestamp(t) => open_at(s, t.max(horizon)),
            Filter::FromTimestamp(t) => s.is_open() || s.closed_ms >= t.max(horizon),
        };
        let mut page: Vec<&ShardMeta> = self
            .visible(&meta)
            .filter(|s| after.is_none_or(|a| s.index > a))
            .filter(|s| keep(s))
            .take(max + 1)
            .collect();
        let more = page.len() > max;
        page.truncate(max);
        let next_token = match page.last() {
            Some(last) if more => {
                let (code, ms) = filter.code();
                Some(
                    ShardPage {
                        stream: id,
                        after: last.index,
                        filter: code,
                        filter_ms: ms,
                        issued_ms: now,
                    }
                    .encode(&self.secret),
                )
            }
            _ => None,
        };
        Ok(ShardListing {
            shards: page.into_iter().map(shard_info).collect(),
            next_token,
        })
    }
}

