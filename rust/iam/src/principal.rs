//! Who makes a request ([`Principal`]), and the `Principal` / `NotPrincipal`
//! element of resource-based policies ([`PrincipalSet`]).
//!
//! ARNs are formed as AWS forms them ("IAM identifiers"): users and roles in
//! `arn:aws:iam::ACCOUNT:user/PATH/NAME`, role sessions in
//! `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`, federated users in
//! `arn:aws:sts::ACCOUNT:federated-user/NAME`, the root user in
//! `arn:aws:iam::ACCOUNT:root`.

use serde_json::Value;

use crate::context::{Context, Lookup, Values};
use crate::error::PolicyError;

/// What kind of identity makes the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalKind {
    /// The account's root user: full access within its account.
    Root,
    /// An IAM user.
    User,
    /// A session of an IAM role (`AssumeRole*`); `role_arn` is the role's ARN.
    RoleSession { role_arn: String },
    /// A `GetFederationToken` session; `user_arn` is the IAM user who federated.
    FederatedUser { user_arn: String },
    /// An AWS service acting on its own (`s3.amazonaws.com`).
    Service { name: String },
    /// An identity of an external provider (the `Federated` principal of a
    /// trust policy: an OIDC provider, a SAML provider ARN, Cognito).
    WebIdentity { provider: String },
    /// An unauthenticated caller.
    Anonymous,
}

/// The identity making a request, with what conditions read from it.
///
/// Built once per credentials and reused across requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    kind: PrincipalKind,
    arn: String,
    account: Option<String>,
    username: Option<String>,
    userid: Option<String>,
    canonical_user: Option<String>,
    tags: Vec<(String, String)>,
    context: Context,
}

impl Principal {
    fn new(kind: PrincipalKind, arn: String, account: Option<&str>) -> Principal {
        Principal {
            kind,
            arn,
            account: account.map(str::to_string),
            username: None,
            userid: None,
            canonical_user: None,
            tags: Vec::new(),
            context: Context::new(),
        }
    }

    /// The root user of `account` (`aws:userid` is the account id).
    pub fn root(account: &str) -> Principal {
        let mut p = Principal::new(PrincipalKind::Root, format!("arn:aws:iam::{account}:root"), Some(account));
        p.userid = Some(account.to_string());
        p
    }

    /// IAM user `name` at `path` (`/` or `/division/`), with unique id `user_id` (`AIDA...`).
    pub fn user(account: &str, path: &str, name: &str, user_id: &str) -> Principal {
        let arn = format!("arn:aws:iam::{account}:user{}{name}", norm_path(path));
        let mut p = Principal::new(PrincipalKind::User, arn, Some(account));
        p.username = Some(name.to_string());
        p.userid = Some(user_id.to_string());
        p
    }

    /// Session `session_name` of role `role_name` at `role_path`, whose unique
    /// id is `role_id` (`AROA...`); `aws:userid` is `role_id:session_name`.
    pub fn role_session(
        account: &str,
        role_path: &str,
        role_name: &str,
        session_name: &str,
        role_id: &str,
    ) -> Principal {
        let role_arn = format!("arn:aws:iam::{account}:role{}{role_name}", norm_path(role_path));
        let arn = format!("arn:aws:sts::{account}:assumed-role/{role_name}/{session_name}");
        let mut p = Principal::new(PrincipalKind::RoleSession { role_arn }, arn, Some(account));
        p.userid = Some(format!("{role_id}:{session_name}"));
        p
    }

    /// A federated user session `name`, obtained by the IAM user `user_arn`;
    /// `aws:userid` is `account:name`.
    pub fn federated_user(account: &str, name: &str, user_arn: &str) -> Principal {
        let arn = format!("arn:aws:sts::{account}:federated-user/{name}");
        let kind = PrincipalKind::FederatedUser { user_arn: user_arn.to_string() };
        let mut p = Principal::new(kind, arn, Some(account));
        p.userid = Some(format!("{account}:{name}"));
        p
    }

    /// An AWS service principal such as `cloudtrail.amazonaws.com`.
    pub fn service(name: &str) -> Principal {
        Principal::new(PrincipalKind::Service { name: name.to_string() }, name.to_string(), None)
    }

    /// An identity of the external provider `provider`.
    pub fn web_identity(provider: &str) -> Principal {
        Principal::new(PrincipalKind::WebIdentity { provider: provider.to_string() }, provider.to_string(), None)
    }

    /// An unauthenticated caller.
    pub fn anonymous() -> Principal {
        Principal::new(PrincipalKind::Anonymous, "anonymous".to_string(), None)
    }

    /// Adds a principal tag (`aws:PrincipalTag/KEY`); tag keys compare case-insensitively.
    pub fn with_tag(mut self, key: &str, value: &str) -> Principal {
        let key = key.to_ascii_lowercase();
        self.tags.retain(|(k, _)| *k != key);
        self.tags.push((key, value.to_string()));
        self
    }

    /// Adds a context key that travels with the principal (session keys such
    /// as `aws:TokenIssueTime`, `aws:MultiFactorAuthPresent`, `aws:SourceIdentity`).
    pub fn with_context(mut self, key: &str, value: &str) -> Principal {
        self.context.set(key, value);
        self
    }

    /// The S3 canonical user id the principal is known by (`CanonicalUser` principals).
    pub fn with_canonical_user(mut self, id: &str) -> Principal {
        self.canonical_user = Some(id.to_string());
        self
    }

    pub fn kind(&self) -> &PrincipalKind {
        &self.kind
    }

    /// The caller's ARN: the session's ARN for sessions.
    pub fn arn(&self) -> &str {
        &self.arn
    }

    /// The account the principal belongs to; services, external identities
    /// and anonymous callers have none.
    pub fn account(&self) -> Option<&str> {
        self.account.as_deref()
    }

    /// `aws:PrincipalArn`: for a role session the role's ARN, otherwise the caller's ARN.
    pub fn principal_arn(&self) -> &str {
        match &self.kind {
            PrincipalKind::RoleSession { role_arn } => role_arn,
            _ => &self.arn,
        }
    }

    /// `aws:PrincipalType`.
    pub fn principal_type(&self) -> &'static str {
        match self.kind {
            PrincipalKind::Root => "Account",
            PrincipalKind::User => "User",
            PrincipalKind::RoleSession { .. } => "AssumedRole",
            PrincipalKind::FederatedUser { .. } => "FederatedUser",
            PrincipalKind::Service { .. } => "Service",
            PrincipalKind::WebIdentity { .. } => "WebIdentityUser",
            PrincipalKind::Anonymous => "Anonymous",
        }
    }

    /// A role session or a federated user session (session policies apply).
    pub fn is_session(&self) -> bool {
        matches!(self.kind, PrincipalKind::RoleSession { .. } | PrincipalKind::FederatedUser { .. })
    }

    /// A principal of an account whose identity-based policies are evaluated.
    pub(crate) fn has_identity_policies(&self) -> bool {
        matches!(
            self.kind,
            PrincipalKind::Root
                | PrincipalKind::User
                | PrincipalKind::RoleSession { .. }
                | PrincipalKind::FederatedUser { .. }
        )
    }
}

fn norm_path(path: &str) -> String {
    let mut p = String::from("/");
    p.push_str(path.trim_matches('/'));
    if p.len() > 1 {
        p.push('/');
    }
    p
}

impl Lookup for Principal {
    fn lookup(&self, key: &str) -> Option<Values<'_>> {
        match key {
            "aws:principalarn" => Some(Values::One(self.principal_arn())),
            "aws:principalaccount" => self.account.as_deref().map(Values::One),
            "aws:principaltype" => Some(Values::One(self.principal_type())),
            "aws:username" => self.username.as_deref().map(Values::One),
            "aws:userid" => self.userid.as_deref().map(Values::One),
            "aws:principalservicename" => match &self.kind {
                PrincipalKind::Service { name } => Some(Values::One(name)),
                _ => None,
            },
            _ => match key.strip_prefix("aws:principaltag/") {
                Some(tag) => self.tags.iter().find(|(k, _)| k == tag).map(|(_, v)| Values::One(v)),
                None => self.context.lookup(key),
            },
        }
    }
}

/// How a resource-based policy statement names the requesting principal,
/// which decides what else must allow the request in the same account
/// ("Policy evaluation logic", resource-based policies and implicit denies).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Grant {
    /// The account: a delegation to the account's identity-based policies.
    Account,
    /// The role of a role session, or the IAM user of a federated user
    /// session: limited by implicit denies in boundaries and session policies.
    Parent,
    /// The principal itself (`*`, the user, the session, the service).
    Direct,
}

/// One entry of a `Principal` element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalEntry {
    /// `"*"` or `{"AWS": "*"}`: everyone, including anonymous callers.
    Everyone,
    /// An account id or `arn:aws:iam::ACCOUNT:root`.
    Account(String),
    /// A user, role, assumed-role session or federated-user ARN.
    Arn(String),
    Service(String),
    Federated(String),
    CanonicalUser(String),
}

/// The parsed `Principal` or `NotPrincipal` element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalSet {
    entries: Vec<PrincipalEntry>,
}

impl PrincipalSet {
    pub fn entries(&self) -> &[PrincipalEntry] {
        &self.entries
    }

    pub(crate) fn parse(v: &Value, path: &str) -> Result<PrincipalSet, PolicyError> {
        let mut entries = Vec::new();
        match v {
            Value::String(s) if s == "*" => entries.push(PrincipalEntry::Everyone),
            Value::String(s) => return Err(invalid(&format!("\"{s}\""), path)),
            Value::Object(map) => {
                for (kind, values) in map {
                    for value in string_list(values, &format!("{path}.{kind}"))? {
                        entries.push(parse_entry(kind, value, path)?);
                    }
                }
            }
            _ => return Err(PolicyError::malformed("Syntax errors in policy.", path.to_string())),
        }
        if entries.is_empty() {
            return Err(invalid("{}", path));
        }
        Ok(PrincipalSet { entries })
    }

    /// The strongest way this element names `p`, or `None` (for `Principal`).
    pub fn grant(&self, p: &Principal) -> Option<Grant> {
        self.entries.iter().filter_map(|e| entry_grant(e, p)).max()
    }

    /// Whether a `NotPrincipal` statement applies to `p`. AWS checks the
    /// principal's account, then its role, then the session or user ("AWS JSON
    /// policy elements: NotPrincipal"): a `Deny` applies when any of them is
    /// not listed (so the account must be listed too), an `Allow` only when
    /// none of them is listed.
    pub fn not_principal_applies(&self, p: &Principal, deny: bool) -> bool {
        let chain = identity_chain(p);
        let listed = |id: &Identity<'_>| self.entries.iter().any(|e| lists(e, id, p));
        if deny { chain.iter().any(|id| !listed(id)) } else { !chain.iter().any(listed) }
    }
}

fn invalid(shown: &str, path: &str) -> PolicyError {
    PolicyError::malformed(format!("Invalid principal in policy: {shown}"), path.to_string())
}

fn string_list<'v>(v: &'v Value, path: &str) -> Result<Vec<&'v str>, PolicyError> {
    match v {
        Value::String(s) => Ok(vec![s]),
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().ok_or_else(|| PolicyError::malformed("Syntax errors in policy.", path.to_string())))
            .collect(),
        _ => Err(PolicyError::malformed("Syntax errors in policy.", path.to_string())),
    }
}

fn parse_entry(kind: &str, value: &str, path: &str) -> Result<PrincipalEntry, PolicyError> {
    let shown = || format!("\"{kind}\":\"{value}\"");
    match kind {
        "AWS" => {
            if value == "*" {
                return Ok(PrincipalEntry::Everyone);
            }
            if is_account_id(value) {
                return Ok(PrincipalEntry::Account(value.to_string()));
            }
            let parts: Vec<&str> = value.splitn(6, ':').collect();
            let ok_shape = parts.len() == 6
                && parts[0] == "arn"
                && !parts[1].is_empty()
                && parts[3].is_empty()
                && is_account_id(parts[4])
                && !value.contains(['*', '?']);
            if !ok_shape {
                return Err(invalid(&shown(), path));
            }
            let (service, account, resource) = (parts[2], parts[4], parts[5]);
            let named = |prefix: &str| resource.strip_prefix(prefix).is_some_and(|rest| !rest.is_empty());
            match service {
                "iam" if resource == "root" => Ok(PrincipalEntry::Account(account.to_string())),
                "iam" if named("user/") || named("role/") => Ok(PrincipalEntry::Arn(value.to_string())),
                "sts" if named("assumed-role/") && resource.matches('/').count() == 2 => {
                    Ok(PrincipalEntry::Arn(value.to_string()))
                }
                "sts" if named("federated-user/") => Ok(PrincipalEntry::Arn(value.to_string())),
                _ => Err(invalid(&shown(), path)),
            }
        }
        "Service" if !value.is_empty() => Ok(PrincipalEntry::Service(value.to_string())),
        "Federated" if !value.is_empty() => Ok(PrincipalEntry::Federated(value.to_string())),
        "CanonicalUser" if !value.is_empty() => Ok(PrincipalEntry::CanonicalUser(value.to_string())),
        _ => Err(invalid(&shown(), path)),
    }
}

fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

fn entry_grant(e: &PrincipalEntry, p: &Principal) -> Option<Grant> {
    match e {
        PrincipalEntry::Everyone => Some(Grant::Direct),
        PrincipalEntry::Account(a) => (p.account.as_deref() == Some(a)).then_some(Grant::Account),
        PrincipalEntry::Arn(arn) => {
            if *arn == p.arn {
                return Some(Grant::Direct);
            }
            match &p.kind {
                PrincipalKind::RoleSession { role_arn } if role_arn == arn => Some(Grant::Parent),
                PrincipalKind::FederatedUser { user_arn } if user_arn == arn => Some(Grant::Parent),
                _ => None,
            }
        }
        PrincipalEntry::Service(s) => {
            matches!(&p.kind, PrincipalKind::Service { name } if name.eq_ignore_ascii_case(s)).then_some(Grant::Direct)
        }
        PrincipalEntry::Federated(f) => {
            matches!(&p.kind, PrincipalKind::WebIdentity { provider } if provider == f).then_some(Grant::Direct)
        }
        PrincipalEntry::CanonicalUser(c) => (p.canonical_user.as_deref() == Some(c)).then_some(Grant::Direct),
    }
}

/// One link of the chain AWS checks for `NotPrincipal`.
enum Identity<'a> {
    Account(&'a str),
    Arn(&'a str),
    Itself,
}

fn identity_chain(p: &Principal) -> Vec<Identity<'_>> {
    let mut chain = Vec::with_capacity(3);
    if let Some(a) = &p.account {
        chain.push(Identity::Account(a));
    }
    match &p.kind {
        PrincipalKind::Root => return chain,
        PrincipalKind::RoleSession { role_arn } => chain.push(Identity::Arn(role_arn)),
        PrincipalKind::FederatedUser { user_arn } => chain.push(Identity::Arn(user_arn)),
        _ => {}
    }
    chain.push(Identity::Itself);
    chain
}

fn lists(e: &PrincipalEntry, id: &Identity<'_>, p: &Principal) -> bool {
    match (e, id) {
        (PrincipalEntry::Everyone, _) => true,
        (PrincipalEntry::Account(a), Identity::Account(b)) => a == b,
        (PrincipalEntry::Arn(a), Identity::Arn(b)) => a == b,
        (_, Identity::Itself) => entry_grant(e, p) == Some(Grant::Direct),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn set(v: Value) -> PrincipalSet {
        PrincipalSet::parse(&v, "Statement[0].Principal").unwrap()
    }

    #[test]
    fn arns_are_formed_as_aws_forms_them() {
        let u = Principal::user("111122223333", "/division_abc/", "Bob", "AIDA");
        assert_eq!(u.arn(), "arn:aws:iam::111122223333:user/division_abc/Bob");
        let s = Principal::role_session("111122223333", "/", "Reader", "s1", "AROA");
        assert_eq!(s.arn(), "arn:aws:sts::111122223333:assumed-role/Reader/s1");
        assert_eq!(s.principal_arn(), "arn:aws:iam::111122223333:role/Reader");
        assert_eq!(s.lookup("aws:userid").unwrap().single(), Some("AROA:s1"));
        assert!(s.lookup("aws:username").is_none());
        assert_eq!(Principal::root("111122223333").lookup("aws:userid").unwrap().single(), Some("111122223333"));
    }

    #[test]
    fn grants_rank_direct_over_parent_over_account() {
        let s = Principal::role_session("111122223333", "/", "Reader", "s1", "AROA");
        let both = set(json!({"AWS": ["111122223333", "arn:aws:iam::111122223333:role/Reader"]}));
        assert_eq!(both.grant(&s), Some(Grant::Parent));
        let session = set(json!({"AWS": "arn:aws:sts::111122223333:assumed-role/Reader/s1"}));
        assert_eq!(session.grant(&s), Some(Grant::Direct));
        let root = set(json!({"AWS": "arn:aws:iam::111122223333:root"}));
        assert_eq!(root.grant(&s), Some(Grant::Account));
        assert_eq!(set(json!({"AWS": "444455556666"})).grant(&s), None);
        assert_eq!(set(json!("*")).grant(&Principal::anonymous()), Some(Grant::Direct));
    }

    #[test]
    fn invalid_principals_are_named() {
        for bad in [json!({"AWS": "bob"}), json!({"AWS": "arn:aws:iam::111122223333:user/*"}), json!({"Foo": "x"})] {
            let e = PrincipalSet::parse(&bad, "Statement[0].Principal").unwrap_err();
            assert!(e.message().starts_with("Invalid principal in policy: "), "{e}");
        }
    }

    #[test]
    fn not_principal_deny_needs_the_account_listed() {
        let bob = Principal::user("444455556666", "/", "Bob", "AIDA");
        let only_bob = set(json!({"AWS": "arn:aws:iam::444455556666:user/Bob"}));
        assert!(only_bob.not_principal_applies(&bob, true));
        assert!(!only_bob.not_principal_applies(&bob, false));
        let with_account =
            set(json!({"AWS": ["arn:aws:iam::444455556666:user/Bob", "arn:aws:iam::444455556666:root"]}));
        assert!(!with_account.not_principal_applies(&bob, true));
        let alice = Principal::user("444455556666", "/", "Alice", "AIDB");
        assert!(with_account.not_principal_applies(&alice, true));
    }
}
