//! Streams: create, delete, describe, list; retention and tags.

use std::collections::BTreeMap;
use std::sync::Arc;

use labcloud_core::Timestamp;

use crate::catalog::{Conflict, Op, Retention, ShardMeta, StreamMeta, Tags};
use crate::engine::{DEFAULT_REGION, KinesisEngine, open_new_shard};
use crate::error::{KinesisError, Result};
use crate::stream::StreamHandle;
use crate::types::*;
use crate::{keys, validate};

/// A stream holds at most this many tags.
const MAX_TAGS: usize = 50;

impl KinesisEngine {
    pub(crate) fn summary(&self, m: &StreamMeta) -> StreamSummary {
        StreamSummary {
            name: m.name.clone(),
            arn: self.stream_arn(&m.region, &m.name),
            status: "ACTIVE",
            mode: if m.on_demand { "ON_DEMAND" } else { "PROVISIONED" },
            retention_hours: m.retention_hours,
            created: Timestamp::from_millis(m.created_ms),
            open_shard_count: m.open_shards().count() as u32,
            consumer_count: m.consumers.len() as u32,
        }
    }

    /// Open shards in a region, for the account's shard quota.
    pub(crate) fn open_shards_in(&self, region: &str) -> usize {
        let c = self.catalog.read();
        c.streams.values().filter(|m| m.region == region).map(|m| m.open_shards().count()).sum()
    }

    pub(crate) fn check_shard_quota(&self, region: &str, adding: usize) -> Result<()> {
        let l = &self.cfg.limits;
        let open = self.open_shards_in(region);
        if l.enforce && open + adding > l.shards_per_region {
            return Err(KinesisError::LimitExceeded(format!(
                "This request would exceed the shard limit for the account {} in {region}. \
                 Current shard count for the account: {open}. Limit: {}. Number of additional shards \
                 that would have resulted from this request: {adding}.",
                self.account(),
                l.shards_per_region
            )));
        }
        Ok(())
    }

    pub async fn create_stream(&self, region: &str, req: CreateStream) -> Result<()> {
        let region = if region.is_empty() { DEFAULT_REGION } else { region };
        validate::name(&req.name, "streamName")?;
        let mode = if req.mode.is_empty() { "PROVISIONED" } else { &req.mode };
        let on_demand = validate::one_of(mode, "streamModeDetails.streamMode", &["PROVISIONED", "ON_DEMAND"])? == "ON_DEMAND";
        if let Some(n) = req.shard_count {
            validate::range(n as i64, "shardCount", 1, i64::MAX)?;
        }
        let count = match (on_demand, req.shard_count) {
            (false, Some(n)) => n as u32,
            (false, None) => {
                return Err(KinesisError::invalid("ShardCount is required for a stream in PROVISIONED mode."));
            }
            (true, None) => self.cfg.limits.on_demand_shards,
            (true, Some(_)) => {
                return Err(KinesisError::invalid("ShardCount cannot be given for a stream in ON_DEMAND mode."));
            }
        };
        if req.tags.len() > MAX_TAGS {
            return Err(KinesisError::invalid(format!("A stream can have at most {MAX_TAGS} tags.")));
        }
        for (k, v) in &req.tags {
            validate::tag(k, Some(v))?;
        }
        let _control = self.control.lock().await;
        if self.catalog.read().stream_named(region, &req.name).is_some() {
            return Err(KinesisError::ResourceInUse(format!(
                "Stream {} under account {} already exists.",
                req.name,
                self.account()
            )));
        }
        self.check_shard_quota(region, count as usize)?;
        let now = self.now_ms();
        let id = self.catalog.read().last_id + 1;
        let meta = StreamMeta {
            id,
            region: region.to_string(),
            name: req.name.clone(),
            created_ms: now,
            on_demand,
            retention_hours: self.cfg.limits.default_retention_hours,
            tags: req.tags.into_iter().collect(),
            shards: keys::uniform_ranges(count)
                .into_iter()
                .enumerate()
                .map(|(i, (start, end))| {
                    let s = ShardMeta {
                        index: i as u32,
                        start_hash: start.to_string(),
                        end_hash: end.to_string(),
                        created_ms: now,
                        ..ShardMeta::default()
                    };
                    (i as u32, s)
                })
                .collect(),
            next_shard: count,
            consumers: BTreeMap::new(),
            scalings_ms: vec![],
        };
        // The shards' logs exist before the catalog names them: a crash in
        // between leaves a directory no stream owns, removed at the next open.
        let dir = self.streams_dir().join(id.to_string());
        for i in 0..count {
            open_new_shard(&self.cfg, &dir, i)?.part.close();
        }
        if let Err(e) = self.log(Op::Create(meta.clone())).await {
            let _ = self.cfg.fs.remove_dir_all(&dir);
            return Err(e);
        }
        let h = StreamHandle::open(&self.cfg, dir, &meta)?;
        self.streams.write().unwrap().insert(id, Arc::new(h));
        Ok(())
    }

    pub async fn delete_stream(&self, region: &str, r: &StreamRef, enforce_consumer_deletion: bool) -> Result<()> {
        let _control = self.control.lock().await;
        let s = self.resolve(region, r)?;
        let meta = self.meta(s.id)?;
        if !meta.consumers.is_empty() && !enforce_consumer_deletion {
            return Err(KinesisError::ResourceInUse(format!(
                "Stream {} under account {} has registered consumers. Deregister them, or delete with \
                 EnforceConsumerDeletion.",
                s.name,
                self.account()
            )));
        }
        if let Err(Conflict::NoSuchStream) = self.log(Op::Delete(s.id)).await? {
            return Err(self.not_found(&s.name));
        }
        let h = self.streams.write().unwrap().remove(&s.id);
        if let Some(h) = h {
            h.close_all();
            let _ = self.cfg.fs.remove_dir_all(&h.dir);
        }
        Ok(())
    }

    pub fn describe_stream_summary(&self, region: &str, r: &StreamRef) -> Result<StreamSummary> {
        let s = self.resolve(region, r)?;
        Ok(self.summary(&self.meta(s.id)?))
    }

    /// Streams of a region by name, a page at a time.
    pub fn list_streams(
        &self,
        region: &str,
        limit: Option<i32>,
        exclusive_start_stream_name: &str,
        next_token: &str,
    ) -> Result<StreamListing> {
        let region = if region.is_empty() { DEFAULT_REGION } else { region };
        if let Some(n) = limit {
            validate::range(n as i64, "limit", 1, 10_000)?;
        }
        let limit = limit.unwrap_or(100) as usize;
        let after = if next_token.is_empty() {
            if !exclusive_start_stream_name.is_empty() {
                validate::name(exclusive_start_stream_name, "exclusiveStartStreamName")?;
            }
            exclusive_start_stream_name.to_string()
        } else {
            hex::decode(next_token)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or_else(|| KinesisError::invalid(format!("Invalid NextToken: {next_token}")))?
        };
        let c = self.catalog.read();
        let mut page: Vec<&StreamMeta> = c
            .by_name
            .range((region.to_string(), after.clone())..)
            .take_while(|((r, _), _)| r == region)
            .filter(|((_, n), _)| *n > after)
            .filter_map(|(_, id)| c.streams.get(id))
            .take(limit + 1)
            .collect();
        let has_more = page.len() > limit;
        page.truncate(limit);
        let next_token = match page.last() {
            Some(m) if has_more => Some(hex::encode(&m.name)),
            _ => None,
        };
        Ok(StreamListing {
            streams: page.into_iter().map(|m| self.summary(m)).collect(),
            has_more,
            next_token,
        })
    }

    async fn set_retention(&self, region: &str, r: &StreamRef, hours: i32, increase: bool) -> Result<()> {
        let l = &self.cfg.limits;
        if hours < l.min_retention_hours {
            return Err(KinesisError::invalid(format!(
                "Minimum allowed retention period is {} hours. Requested retention period ({hours} hours) is too short.",
                l.min_retention_hours
            )));
        }
        if hours > l.max_retention_hours {
            return Err(KinesisError::invalid(format!(
                "Maximum allowed retention period is {} hours. Requested retention period ({hours} hours) is too long.",
                l.max_retention_hours
            )));
        }
        let _control = self.control.lock().await;
        let s = self.resolve(region, r)?;
        let current = self.meta(s.id)?.retention_hours;
        if increase && hours < current {
            return Err(KinesisError::invalid(format!(
                "Requested retention period ({hours} hours) for stream {} can not be shorter than existing \
                 retention period ({current} hours). Use DecreaseRetentionPeriod API.",
                s.name
            )));
        }
        if !increase && hours > current {
            return Err(KinesisError::invalid(format!(
                "Requested retention period ({hours} hours) for stream {} can not be longer than existing \
                 retention period ({current} hours). Use IncreaseRetentionPeriod API.",
                s.name
            )));
        }
        self.log(Op::Retention(Retention { stream: s.id, hours })).await?.ok();
        Ok(())
    }

    pub async fn increase_stream_retention_period(&self, region: &str, r: &StreamRef, hours: i32) -> Result<()> {
        self.set_retention(region, r, hours, true).await
    }

    pub async fn decrease_stream_retention_period(&self, region: &str, r: &StreamRef, hours: i32) -> Result<()> {
        self.set_retention(region, r, hours, false).await
    }

    pub async fn add_tags_to_stream(&self, region: &str, r: &StreamRef, tags: Vec<(String, String)>) -> Result<()> {
        if tags.is_empty() {
            return Err(KinesisError::constraint(None, "tags", "have length greater than or equal to 1"));
        }
        for (k, v) in &tags {
            validate::tag(k, Some(v))?;
        }
        let _control = self.control.lock().await;
        let s = self.resolve(region, r)?;
        let meta = self.meta(s.id)?;
        let after = tags.iter().filter(|(k, _)| !meta.tags.contains_key(k)).count() + meta.tags.len();
        if after > MAX_TAGS {
            return Err(KinesisError::invalid(format!(
                "Failed to add tags to stream {} under account {} because a given stream cannot have more \
                 than {MAX_TAGS} tags.",
                s.name,
                self.account()
            )));
        }
        let op = Tags {
            stream: s.id,
            set: tags.into_iter().collect(),
            remove: vec![],
        };
        self.log(Op::Tags(op)).await?.ok();
        Ok(())
    }

    pub async fn remove_tags_from_stream(&self, region: &str, r: &StreamRef, keys: Vec<String>) -> Result<()> {
        if keys.is_empty() {
            return Err(KinesisError::constraint(None, "tagKeys", "have length greater than or equal to 1"));
        }
        for k in &keys {
            validate::tag(k, None)?;
        }
        let _control = self.control.lock().await;
        let s = self.resolve(region, r)?;
        let op = Tags {
            stream: s.id,
            set: BTreeMap::new(),
            remove: keys,
        };
        self.log(Op::Tags(op)).await?.ok();
        Ok(())
    }

    /// Tags by key, after `exclusive_start_tag_key`, at most `limit` (1-50, default 50).
    pub fn list_tags_for_stream(
        &self,
        region: &str,
        r: &StreamRef,
        exclusive_start_tag_key: &str,
        limit: Option<i32>,
    ) -> Result<TagListing> {
        if let Some(n) = limit {
            validate::range(n as i64, "limit", 1, 50)?;
        }
        let limit = limit.unwrap_or(50) as usize;
        let s = self.resolve(region, r)?;
        let meta = self.meta(s.id)?;
        let mut tags: Vec<(String, String)> = meta
            .tags
            .into_iter()
            .filter(|(k, _)| exclusive_start_tag_key.is_empty() || k.as_str() > exclusive_start_tag_key)
            .take(limit + 1)
            .collect();
        let has_more = tags.len() > limit;
        tags.truncate(limit);
        Ok(TagListing { tags, has_more })
    }
}
