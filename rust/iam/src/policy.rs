//! Policy documents: parsing, validation and the compiled form evaluation runs on.
//!
//! A document is read once into a [`Policy`] whose statements hold compiled
//! patterns and conditions. What makes a document malformed follows IAM's
//! `MalformedPolicyDocument` rules, with IAM's wording where it is known.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::Value;

use crate::condition::Clause;
use crate::context::Lookup;
use crate::error::PolicyError;
use crate::pattern::{Case, Glob, MatchKind, Matcher, Unresolved};
use crate::principal::PrincipalSet;
use crate::variables::Template;

/// What a document is, which decides the rules it must follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyKind {
    /// Attached to an identity (also permissions boundaries and session
    /// policies): no `Principal`, `Resource` required, Sids alphanumeric.
    Identity,
    /// Attached to a resource (a bucket policy, a key policy): `Principal`
    /// and `Resource` required.
    Resource,
    /// A role's trust policy: `Principal` required, `Resource` prohibited,
    /// Sids alphanumeric.
    Trust,
}

/// The policy language version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// `2012-10-17`: policy variables are recognised.
    V2012_10_17,
    /// `2008-10-17`, or no `Version`: `${...}` is literal text.
    V2008_10_17,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

impl Effect {
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

/// A compiled policy document.
#[derive(Debug, Clone)]
pub struct Policy {
    id: Arc<str>,
    kind: PolicyKind,
    version: Version,
    doc_id: Option<String>,
    statements: Vec<Statement>,
}

/// One compiled statement.
#[derive(Debug, Clone)]
pub struct Statement {
    index: usize,
    sid: Option<Arc<str>>,
    effect: Effect,
    principal: Option<PrincipalClause>,
    action: ActionClause,
    resource: ResourceClause,
    conditions: Vec<Clause>,
}

#[derive(Debug, Clone)]
pub(crate) enum PrincipalClause {
    Principal(PrincipalSet),
    NotPrincipal(PrincipalSet),
}

#[derive(Debug, Clone)]
enum ActionClause {
    Action(Vec<Glob>),
    NotAction(Vec<Glob>),
}

#[derive(Debug, Clone)]
enum ResourceClause {
    /// Trust policies: the statement is about the role it is attached to.
    Implicit,
    Resource(Vec<Matcher>),
    NotResource(Vec<Matcher>),
}

const STATEMENT_FIELDS: &[&str] =
    &["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];

impl Policy {
    /// Parses and validates a JSON document. `id` names the policy in
    /// evaluation results (a policy ARN, `user/alice/inline-name`, ...).
    pub fn parse(id: &str, json: &str, kind: PolicyKind) -> Result<Policy, PolicyError> {
        let v: Value =
            serde_json::from_str(json).map_err(|_| PolicyError::malformed("Syntax errors in policy.", None))?;
        Policy::from_value(id, &v, kind)
    }

    /// As [`parse`](Self::parse), from a JSON value.
    pub fn from_value(id: &str, v: &Value, kind: PolicyKind) -> Result<Policy, PolicyError> {
        let syntax = |p: &str| PolicyError::malformed("Syntax errors in policy.", p.to_string());
        let Value::Object(top) = v else { return Err(syntax("")) };
        if let Some(k) = top.keys().find(|k| !["Version", "Id", "Statement"].contains(&k.as_str())) {
            return Err(syntax(k));
        }
        let version = match top.get("Version") {
            None => Version::V2008_10_17,
            Some(Value::String(s)) if s == "2012-10-17" => Version::V2012_10_17,
            Some(Value::String(s)) if s == "2008-10-17" => Version::V2008_10_17,
            Some(_) => return Err(PolicyError::malformed("The policy failed legacy parsing", "Version".to_string())),
        };
        let doc_id = match top.get("Id") {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(syntax("Id")),
        };
        let raw: Vec<&Value> = match top.get("Statement") {
            None => return Err(PolicyError::malformed("Missing required field Statement", None)),
            Some(Value::Array(items)) => items.iter().collect(),
            Some(o @ Value::Object(_)) => vec![o],
            Some(_) => return Err(syntax("Statement")),
        };
        if raw.is_empty() {
            return Err(PolicyError::malformed("Missing required field Statement", "Statement".to_string()));
        }
        let single = matches!(top.get("Statement"), Some(Value::Object(_)));
        let mut sids = HashSet::new();
        let mut statements = Vec::with_capacity(raw.len());
        for (index, s) in raw.into_iter().enumerate() {
            let path = if single { "Statement".to_string() } else { format!("Statement[{index}]") };
            let st = Statement::parse(index, s, kind, version, &path)?;
            if let Some(sid) = &st.sid
                && !sid.is_empty()
                && !sids.insert(sid.clone())
            {
                return Err(PolicyError::malformed(
                    "Statement IDs (SID) in a single policy must be unique.",
                    format!("{path}.Sid"),
                ));
            }
            statements.push(st);
        }
        Ok(Policy { id: Arc::from(id), kind, version, doc_id, statements })
    }

    /// The name evaluation results give this policy.
    pub fn id(&self) -> &str {
        &self.id
    }

    pub(crate) fn id_arc(&self) -> &Arc<str> {
        &self.id
    }

    pub fn kind(&self) -> PolicyKind {
        self.kind
    }

    pub fn version(&self) -> Version {
        self.version
    }

    /// The document's own `Id` element.
    pub fn document_id(&self) -> Option<&str> {
        self.doc_id.as_deref()
    }

    pub fn statements(&self) -> &[Statement] {
        &self.statements
    }
}

impl Statement {
    fn parse(
        index: usize,
        v: &Value,
        kind: PolicyKind,
        version: Version,
        path: &str,
    ) -> Result<Statement, PolicyError> {
        let syntax = |p: String| PolicyError::malformed("Syntax errors in policy.", p);
        let Value::Object(m) = v else { return Err(syntax(path.to_string())) };
        if let Some(k) = m.keys().find(|k| !STATEMENT_FIELDS.contains(&k.as_str())) {
            return Err(syntax(format!("{path}.{k}")));
        }
        let at = |field: &str| format!("{path}.{field}");
        let variables = version == Version::V2012_10_17;

        let sid = match m.get("Sid") {
            None => None,
            Some(Value::String(s)) => {
                let iam = matches!(kind, PolicyKind::Identity | PolicyKind::Trust);
                if iam && !s.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return Err(PolicyError::malformed(
                        "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*",
                        at("Sid"),
                    ));
                }
                Some(Arc::from(s.as_str()))
            }
            Some(_) => return Err(syntax(at("Sid"))),
        };

        let effect = match m.get("Effect") {
            None => return Err(PolicyError::malformed("Missing required field Effect", at("Effect"))),
            Some(Value::String(s)) if s == "Allow" => Effect::Allow,
            Some(Value::String(s)) if s == "Deny" => Effect::Deny,
            Some(Value::String(s)) => return Err(PolicyError::malformed(format!("Invalid effect: {s}"), at("Effect"))),
            Some(_) => return Err(syntax(at("Effect"))),
        };

        let principal = match (m.get("Principal"), m.get("NotPrincipal")) {
            (Some(_), Some(_)) => return Err(syntax(at("NotPrincipal"))),
            (Some(_), None) | (None, Some(_)) if kind == PolicyKind::Identity => {
                let field = if m.contains_key("Principal") { "Principal" } else { "NotPrincipal" };
                return Err(PolicyError::malformed("Policy document should not specify a principal.", at(field)));
            }
            (Some(p), None) => Some(PrincipalClause::Principal(PrincipalSet::parse(p, &at("Principal"))?)),
            (None, Some(p)) => Some(PrincipalClause::NotPrincipal(PrincipalSet::parse(p, &at("NotPrincipal"))?)),
            (None, None) if kind != PolicyKind::Identity => {
                return Err(PolicyError::malformed("Missing required field Principal", at("Principal")));
            }
            (None, None) => None,
        };

        let action = match (m.get("Action"), m.get("NotAction")) {
            (Some(_), Some(_)) => return Err(syntax(at("NotAction"))),
            (Some(a), None) => ActionClause::Action(parse_actions(a, &at("Action"))?),
            (None, Some(a)) => ActionClause::NotAction(parse_actions(a, &at("NotAction"))?),
            (None, None) => return Err(PolicyError::malformed("Policy statement must contain actions.", at("Action"))),
        };

        let resource = match (m.get("Resource"), m.get("NotResource")) {
            (Some(_), _) | (_, Some(_)) if kind == PolicyKind::Trust => {
                let field = if m.contains_key("Resource") { "Resource" } else { "NotResource" };
                return Err(PolicyError::malformed(format!("Has prohibited field {field}"), at(field)));
            }
            (None, None) if kind == PolicyKind::Trust => ResourceClause::Implicit,
            (Some(_), Some(_)) => return Err(syntax(at("NotResource"))),
            (Some(r), None) => ResourceClause::Resource(parse_resources(r, variables, &at("Resource"))?),
            (None, Some(r)) => ResourceClause::NotResource(parse_resources(r, variables, &at("NotResource"))?),
            (None, None) => {
                return Err(PolicyError::malformed("Policy statement must contain resources.", at("Resource")));
            }
        };

        let conditions = match m.get("Condition") {
            None => Vec::new(),
            Some(c) => Clause::parse_block(c, variables, &at("Condition"))?,
        };

        Ok(Statement { index, sid, effect, principal, action, resource, conditions })
    }

    /// The context keys the variables of `Resource` / `NotResource` read.
    pub fn resource_keys(&self) -> impl Iterator<Item = &str> {
        let ms: &[Matcher] = match &self.resource {
            ResourceClause::Implicit => &[],
            ResourceClause::Resource(ms) | ResourceClause::NotResource(ms) => ms,
        };
        ms.iter().flat_map(|m| m.template().keys())
    }

    /// Position in the document's `Statement` list.
    pub fn index(&self) -> usize {
        self.index
    }

    pub fn sid(&self) -> Option<&str> {
        self.sid.as_deref()
    }

    pub(crate) fn sid_arc(&self) -> Option<&Arc<str>> {
        self.sid.as_ref()
    }

    pub fn effect(&self) -> Effect {
        self.effect
    }

    pub fn conditions(&self) -> &[Clause] {
        &self.conditions
    }

    pub(crate) fn principal(&self) -> Option<&PrincipalClause> {
        self.principal.as_ref()
    }

    /// Whether the statement's `Action` / `NotAction` covers `action`.
    pub fn matches_action(&self, action: &str) -> bool {
        match &self.action {
            ActionClause::Action(globs) => globs.iter().any(|g| g.matches(action)),
            ActionClause::NotAction(globs) => !globs.iter().any(|g| g.matches(action)),
        }
    }

    /// Whether the statement's `Resource` / `NotResource` covers `resource`.
    pub fn matches_resource(&self, resource: &str, ctx: &dyn Lookup) -> Result<bool, Unresolved> {
        let any = |ms: &[Matcher]| -> Result<bool, Unresolved> {
            let mut hit = false;
            for m in ms {
                // Every pattern is tried, so that an unresolvable variable
                // anywhere in the element voids the statement.
                hit |= m.matches(resource, ctx)?;
            }
            Ok(hit)
        };
        match &self.resource {
            ResourceClause::Implicit => Ok(true),
            ResourceClause::Resource(ms) => any(ms),
            ResourceClause::NotResource(ms) => Ok(!any(ms)?),
        }
    }
}

fn string_list<'v>(v: &'v Value, path: &str) -> Result<Vec<&'v str>, PolicyError> {
    let syntax = || PolicyError::malformed("Syntax errors in policy.", path.to_string());
    match v {
        Value::String(s) => Ok(vec![s.as_str()]),
        Value::Array(items) => items.iter().map(|i| i.as_str().ok_or_else(syntax)).collect(),
        _ => Err(syntax()),
    }
}

fn parse_actions(v: &Value, path: &str) -> Result<Vec<Glob>, PolicyError> {
    let names = string_list(v, path)?;
    if names.is_empty() {
        return Err(PolicyError::malformed("Policy statement must contain actions.", path.to_string()));
    }
    names
        .into_iter()
        .map(|a| {
            if a == "*" {
                return Ok(Glob::new(a, Case::Insensitive));
            }
            match a.split_once(':') {
                Some((vendor, rest)) if !vendor.is_empty() && !rest.is_empty() => {
                    if rest.contains(':') {
                        Err(PolicyError::malformed("Actions/Condition can contain only one colon.", path.to_string()))
                    } else {
                        Ok(Glob::new(a, Case::Insensitive))
                    }
                }
                _ => Err(PolicyError::malformed(
                    "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
                    path.to_string(),
                )),
            }
        })
        .collect()
}

fn parse_resources(v: &Value, variables: bool, path: &str) -> Result<Vec<Matcher>, PolicyError> {
    let names = string_list(v, path)?;
    if names.is_empty() {
        return Err(PolicyError::malformed("Policy statement must contain resources.", path.to_string()));
    }
    names
        .into_iter()
        .map(|r| {
            let arn_shaped = r.starts_with("arn:") && r.splitn(6, ':').count() == 6;
            if r != "*" && !arn_shaped {
                return Err(PolicyError::malformed(
                    format!("Resource {r} must be in ARN format or \"*\"."),
                    path.to_string(),
                ));
            }
            Ok(Matcher::new(Template::parse(r, variables), MatchKind::Arn))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(doc: &str, kind: PolicyKind) -> PolicyError {
        Policy::parse("p", doc, kind).unwrap_err()
    }

    #[test]
    fn statement_as_object_or_list() {
        let one = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#;
        let list = r#"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":["s3:Get*"],"Resource":["*"]},
                      {"Sid":"B","Effect":"Deny","NotAction":"s3:List*","NotResource":"arn:aws:s3:::b/*"}]}"#;
        assert_eq!(Policy::parse("p", one, PolicyKind::Identity).unwrap().statements().len(), 1);
        let p = Policy::parse("p", list, PolicyKind::Identity).unwrap();
        assert_eq!(p.statements()[1].sid(), Some("B"));
        assert_eq!(p.statements()[1].effect(), Effect::Deny);
    }

    #[test]
    fn malformed_documents_name_the_problem() {
        let cases = [
            ("not json", PolicyKind::Identity, "Syntax errors in policy."),
            (r#"{"Version":"2012-10-18","Statement":[]}"#, PolicyKind::Identity, "The policy failed legacy parsing"),
            (r#"{"Version":"2012-10-17"}"#, PolicyKind::Identity, "Missing required field Statement"),
            (
                r#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}"#,
                PolicyKind::Identity,
                "Policy document should not specify a principal.",
            ),
            (
                r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#,
                PolicyKind::Resource,
                "Missing required field Principal",
            ),
            (
                r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Resource":"*"}}"#,
                PolicyKind::Trust,
                "Has prohibited field Resource",
            ),
            (
                r#"{"Statement":{"Effect":"Allow","Resource":"*"}}"#,
                PolicyKind::Identity,
                "Policy statement must contain actions.",
            ),
            (
                r#"{"Statement":{"Effect":"Allow","Action":"s3:*"}}"#,
                PolicyKind::Identity,
                "Policy statement must contain resources.",
            ),
            (
                r#"{"Statement":{"Effect":"Permit","Action":"s3:*","Resource":"*"}}"#,
                PolicyKind::Identity,
                "Invalid effect: Permit",
            ),
            (
                r#"{"Statement":{"Action":"s3:*","Resource":"*"}}"#,
                PolicyKind::Identity,
                "Missing required field Effect",
            ),
            (
                r#"{"Statement":{"Effect":"Allow","Action":"GetObject","Resource":"*"}}"#,
                PolicyKind::Identity,
                "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
            ),
            (
                r#"{"Statement":{"Effect":"Allow","Action":"s3:a:b","Resource":"*"}}"#,
                PolicyKind::Identity,
                "Actions/Condition can contain only one colon.",
            ),
            (
                r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"bucket"}}"#,
                PolicyKind::Identity,
                "Resource bucket must be in ARN format or \"*\".",
            ),
            (
                r#"{"Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"A","Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#,
                PolicyKind::Identity,
                "Statement IDs (SID) in a single policy must be unique.",
            ),
            (
                r#"{"Statement":{"Effect":"Allow","Actions":"s3:*","Resource":"*"}}"#,
                PolicyKind::Identity,
                "Syntax errors in policy.",
            ),
            (
                r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqualz":{"a:b":"c"}}}}"#,
                PolicyKind::Identity,
                "Invalid Condition type : StringEqualz",
            ),
        ];
        for (doc, kind, want) in cases {
            assert_eq!(err(doc, kind).message(), want, "{doc}");
        }
    }

    #[test]
    fn errors_say_where() {
        let e = err(
            r#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Allow","Action":"x","Resource":"*"}]}"#,
            PolicyKind::Identity,
        );
        assert_eq!(e.path(), Some("Statement[1].Action"));
        assert_eq!(e.code(), "MalformedPolicyDocument");
    }

    #[test]
    fn resource_policies_accept_any_sid() {
        let doc = r#"{"Version":"2012-10-17","Statement":{"Sid":"Public read","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}"#;
        assert!(Policy::parse("p", doc, PolicyKind::Resource).is_ok());
        assert!(Policy::parse("p", &doc.replace("\"Principal\":\"*\",", ""), PolicyKind::Resource).is_err());
    }
}
