//! The request context: what is asked (action, resource), by whom (the
//! [`Principal`]), and the context keys conditions read.
//!
//! Context keys are case-insensitive ("Key names are case-insensitive. For
//! example, `aws:CurrentTime` is equivalent to `AWS:currenttime`"): they are
//! stored lower-cased. Every key may hold several values (`aws:TagKeys`,
//! `dynamodb:LeadingKeys`); a key with no values counts as absent.
//!
//! The crate never reads a clock: the caller states the time with
//! [`Context::set_time`] (the cloud's clock, which may be virtual).

use crate::principal::Principal;
use crate::values::format_iso8601;

/// The values of one context key, borrowed from wherever they live.
#[derive(Debug, Clone, Copy)]
pub enum Values<'a> {
    One(&'a str),
    Many(&'a [String]),
}

impl<'a> Values<'a> {
    pub fn len(&self) -> usize {
        match self {
            Values::One(_) => 1,
            Values::Many(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let (one, many) = match *self {
            Values::One(s) => (Some(s), &[][..]),
            Values::Many(v) => (None, v),
        };
        one.into_iter().chain(many.iter().map(String::as_str))
    }

    /// The value of a single-valued key.
    pub fn single(&self) -> Option<&'a str> {
        match *self {
            Values::One(s) => Some(s),
            Values::Many([one]) => Some(one),
            Values::Many(_) => None,
        }
    }
}

/// Anything that answers context keys (given lower-cased).
pub trait Lookup {
    fn lookup(&self, key: &str) -> Option<Values<'_>>;
}

/// Context keys and their values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    entries: Vec<(String, Vec<String>)>,
}

impl Context {
    pub fn new() -> Context {
        Context::default()
    }

    /// Sets `key` to one value, replacing what it had.
    pub fn set(&mut self, key: &str, value: impl Into<String>) -> &mut Context {
        self.set_multi(key, [value.into()])
    }

    /// Sets `key` to several values (a multivalued key such as `aws:TagKeys`).
    pub fn set_multi<I, S>(&mut self, key: &str, values: I) -> &mut Context
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let values: Vec<String> = values.into_iter().map(Into::into).collect();
        match self.entries.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(key)) {
            Some((_, v)) => *v = values,
            None => self.entries.push((key.to_ascii_lowercase(), values)),
        }
        self
    }

    /// Builder form of [`set`](Self::set).
    pub fn with(mut self, key: &str, value: impl Into<String>) -> Context {
        self.set(key, value);
        self
    }

    /// Removes `key`.
    pub fn remove(&mut self, key: &str) {
        self.entries.retain(|(k, _)| !k.eq_ignore_ascii_case(key));
    }

    /// The values of `key` (any case).
    pub fn get(&self, key: &str) -> Option<&[String]> {
        self.entries.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.as_slice())
    }

    /// States the request time: `aws:CurrentTime` (ISO 8601, UTC) and
    /// `aws:EpochTime` (whole seconds), from seconds since the Unix epoch.
    pub fn set_time(&mut self, unix_seconds: f64) -> &mut Context {
        let whole = unix_seconds.floor() as i64;
        self.set("aws:CurrentTime", format_iso8601(whole));
        self.set("aws:EpochTime", whole.to_string())
    }

    /// Keys (lower-cased) and values, in the order they were first set.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Lookup for Context {
    fn lookup(&self, key: &str) -> Option<Values<'_>> {
        self.get(key).map(Values::Many)
    }
}

/// One authorisation question: may `principal` perform `action` on `resource`?
///
/// Keys come from the request's [`Context`] first, then from the principal
/// (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalType`,
/// `aws:username`, `aws:userid`, `aws:PrincipalTag/*`, and the principal's own
/// context such as `aws:TokenIssueTime`), then `aws:ResourceAccount`.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub principal: &'a Principal,
    /// `service:Action`, e.g. `s3:GetObject`.
    pub action: &'a str,
    /// The resource's ARN, or `*` for actions without one.
    pub resource: &'a str,
    /// The account that owns the resource; `None` means the principal's own.
    pub resource_account: Option<&'a str>,
    pub context: &'a Context,
}

impl<'a> Request<'a> {
    pub fn new(principal: &'a Principal, action: &'a str, resource: &'a str, context: &'a Context) -> Request<'a> {
        Request { principal, action, resource, resource_account: None, context }
    }

    /// The resource belongs to `account` (possibly another than the principal's).
    pub fn in_account(mut self, account: &'a str) -> Request<'a> {
        self.resource_account = Some(account);
        self
    }
}

impl Lookup for Request<'_> {
    fn lookup(&self, key: &str) -> Option<Values<'_>> {
        if let Some(v) = self.context.get(key) {
            return Some(Values::Many(v));
        }
        if let Some(v) = self.principal.lookup(key) {
            return Some(v);
        }
        if key == "aws:resourceaccount" {
            return self.resource_account.or(self.principal.account()).map(Values::One);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_case_insensitive() {
        let mut c = Context::new();
        c.set("aws:SourceIp", "10.0.0.1");
        assert_eq!(c.get("AWS:sourceip"), Some(&["10.0.0.1".to_string()][..]));
        c.set("AWS:SOURCEIP", "10.0.0.2");
        assert_eq!(c.iter().count(), 1);
        assert_eq!(c.get("aws:sourceip").unwrap()[0], "10.0.0.2");
    }

    #[test]
    fn time_sets_both_keys() {
        let mut c = Context::new();
        c.set_time(1_700_000_000.75);
        assert_eq!(c.get("aws:CurrentTime").unwrap()[0], "2023-11-14T22:13:20Z");
        assert_eq!(c.get("aws:EpochTime").unwrap()[0], "1700000000");
    }

    #[test]
    fn request_reads_context_then_principal_then_resource_account() {
        let p = Principal::user("111122223333", "/", "alice", "AIDAALICE").with_tag("team", "blue");
        let mut c = Context::new();
        c.set("aws:SourceIp", "1.2.3.4");
        let r = Request::new(&p, "s3:GetObject", "arn:aws:s3:::b/k", &c).in_account("444455556666");
        assert_eq!(r.lookup("aws:sourceip").unwrap().single(), Some("1.2.3.4"));
        assert_eq!(r.lookup("aws:username").unwrap().single(), Some("alice"));
        assert_eq!(r.lookup("aws:principaltag/team").unwrap().single(), Some("blue"));
        assert_eq!(r.lookup("aws:resourceaccount").unwrap().single(), Some("444455556666"));
        assert!(r.lookup("aws:tokenissuetime").is_none());
    }
}
