//! Enhanced fan-out consumers: register, describe, list, deregister.
//! (Their subscriptions are in subscribe.rs.)

use labcloud_core::Timestamp;

use crate::catalog::{ConsumerChange, ConsumerMeta, Op, StreamMeta};
use crate::engine::KinesisEngine;
use crate::error::{KinesisError, Result};
use crate::tokens::ConsumerPage;
use crate::types::*;
use crate::validate;

impl KinesisEngine {
    /// A consumer's ARN: its stream's, then `/consumer/<name>:<created, epoch seconds>`.
    pub(crate) fn consumer_arn(&self, meta: &StreamMeta, c: &ConsumerMeta) -> String {
        format!(
            "{}/consumer/{}:{}",
            self.stream_arn(&meta.region, &meta.name),
            c.name,
            c.created_ms.div_euclid(1000)
        )
    }

    fn consumer_info(&self, meta: &StreamMeta, c: &ConsumerMeta) -> Consumer {
        Consumer {
            name: c.name.clone(),
            arn: self.consumer_arn(meta, c),
            status: "ACTIVE",
            created: Timestamp::from_millis(c.created_ms),
            stream_arn: self.stream_arn(&meta.region, &meta.name),
        }
    }

    fn consumer_not_found(&self, what: &str) -> KinesisError {
        KinesisError::ResourceNotFound(format!("Consumer {what}, account {} not found.", self.account()))
    }

    /// The stream and consumer a reference names.
    pub(crate) fn find_consumer(&self, r: &ConsumerRef) -> Result<(StreamMeta, ConsumerMeta)> {
        if !r.arn.is_empty() {
            let (arn, rest) = validate::split_arn(&r.arn, "consumerARN")?;
            let bad = || {
                KinesisError::constraint(
                    Some(&r.arn),
                    "consumerARN",
                    "satisfy regular expression pattern: ^(arn):aws.*:kinesis:.*:\\d{12}:.*stream\\/[a-zA-Z0-9_.-]+\\/consumer\\/[a-zA-Z0-9_.-]+:[0-9]+",
                )
            };
            let (name, created) = rest.strip_prefix("/consumer/").and_then(|c| c.rsplit_once(':')).ok_or_else(bad)?;
            let created: i64 = created.parse().map_err(|_| bad())?;
            let stream_arn = StreamRef {
                arn: format!("arn:aws:kinesis:{}:{}:stream/{}", arn.region, arn.account, arn.name),
                name: String::new(),
            };
            let s = self.resolve("", &stream_arn).map_err(|_| self.consumer_not_found(&r.arn))?;
            let meta = self.meta(s.id)?;
            let c = meta
                .consumers
                .get(name)
                .filter(|c| c.created_ms.div_euclid(1000) == created)
                .cloned()
                .ok_or_else(|| self.consumer_not_found(&r.arn))?;
            return Ok((meta, c));
        }
        if r.stream_arn.is_empty() || r.name.is_empty() {
            return Err(KinesisError::invalid("Either ConsumerARN, or both StreamARN and ConsumerName, must be given."));
        }
        validate::name(&r.name, "consumerName")?;
        let s = self.resolve("", &StreamRef { arn: r.stream_arn.clone(), name: String::new() })?;
        let meta = self.meta(s.id)?;
        let c = meta.consumers.get(&r.name).cloned().ok_or_else(|| self.consumer_not_found(&r.name))?;
        Ok((meta, c))
    }

    pub async fn register_stream_consumer(&self, stream_arn: &str, name: &str) -> Result<Consumer> {
        validate::name(name, "consumerName")?;
        if stream_arn.is_empty() {
            return Err(KinesisError::constraint(None, "streamARN", "not be null"));
        }
        let _control = self.control.lock().await;
        let s = self.resolve("", &StreamRef { arn: stream_arn.to_string(), name: String::new() })?;
        let meta = self.meta(s.id)?;
        if let Some(c) = meta.consumers.get(name) {
            return Err(KinesisError::ResourceInUse(format!(
                "Consumer {} under account {} already exists.",
                self.consumer_arn(&meta, c),
                self.account()
            )));
        }
        let l = &self.cfg.limits;
        if l.enforce && meta.consumers.len() >= l.consumers_per_stream {
            return Err(KinesisError::LimitExceeded(format!(
                "Stream {} under account {} already has {} consumers, the most allowed.",
                s.name,
                self.account(),
                l.consumers_per_stream
            )));
        }
        let c = ConsumerMeta {
            name: name.to_string(),
            created_ms: self.now_ms(),
        };
        let op = ConsumerChange {
            stream: s.id,
            register: Some(c.clone()),
            deregister: String::new(),
        };
        self.log(Op::Consumer(op)).await?.map_err(|_| self.not_found(&s.name))?;
        Ok(self.consumer_info(&meta, &c))
    }

    pub fn describe_stream_consumer(&self, r: &ConsumerRef) -> Result<Consumer> {
        let (meta, c) = self.find_consumer(r)?;
        Ok(self.consumer_info(&meta, &c))
    }

    pub async fn deregister_stream_consumer(&self, r: &ConsumerRef) -> Result<()> {
        let _control = self.control.lock().await;
        let (meta, c) = self.find_consumer(r)?;
        let op = ConsumerChange {
            stream: meta.id,
            register: None,
            deregister: c.name,
        };
        self.log(Op::Consumer(op)).await?.map_err(|_| self.not_found(&meta.name))?;
        Ok(())
    }

    /// Consumers by name, a page (at most 100) at a time.
    pub fn list_stream_consumers(
        &self,
        stream_arn: &str,
        next_token: &str,
        max_results: Option<i32>,
        stream_created: Option<Timestamp>,
    ) -> Result<ConsumerListing> {
        if let Some(n) = max_results {
            validate::range(n as i64, "maxResults", 1, 10_000)?;
        }
        let max = max_results.unwrap_or(100).min(100) as usize;
        let s = self.resolve("", &StreamRef { arn: stream_arn.to_string(), name: String::new() })?;
        let meta = self.meta(s.id)?;
        if let Some(t) = stream_created
            && t.as_millis() != meta.created_ms
        {
            return Err(self.not_found(&s.name));
        }
        let now = self.now_ms();
        let after = if next_token.is_empty() {
            String::new()
        } else {
            if stream_created.is_some() {
                return Err(KinesisError::invalid("NextToken and StreamCreationTimestamp cannot be provided together."));
            }
            let page = ConsumerPage::decode(&self.secret, next_token)
                .filter(|p| p.stream == s.id)
                .ok_or_else(|| KinesisError::invalid(format!("Invalid NextToken: {next_token}")))?;
            let lifetime = self.cfg.limits.next_token_lifetime.as_millis() as i64;
            if now - page.issued_ms > lifetime {
                return Err(KinesisError::ExpiredNextToken(format!(
                    "The NextToken was issued at {} and expired {lifetime} milliseconds later; it is now {now}.",
                    page.issued_ms
                )));
            }
            page.after
        };
        let mut page: Vec<&ConsumerMeta> = meta
            .consumers
            .values()
            .filter(|c| after.is_empty() || c.name > after)
            .take(max + 1)
            .collect();
        let more = page.len() > max;
        page.truncate(max);
        let next_token = match page.last() {
            Some(c) if more => Some(
                ConsumerPage {
                    stream: s.id,
                    after: c.name.clone(),
                    issued_ms: now,
                }
                .encode(&self.secret),
            ),
            _ => None,
        };
        Ok(ConsumerListing {
            consumers: page.into_iter().map(|c| self.consumer_info(&meta, c)).collect(),
            next_token,
        })
    }
}
