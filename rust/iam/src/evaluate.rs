//! AWS's policy evaluation logic ("Policy evaluation logic"; "Determining
//! whether a request is allowed or denied within an account"; "Cross-account
//! policy evaluation logic"):
//!
//! 1. An explicit `Deny` in any applicable policy (identity-based, resource-based,
//!    permissions boundary, session policy) decides: ExplicitDeny.
//! 2. Within one account, an `Allow` in an identity-based or a resource-based
//!    policy is needed. A permissions boundary and session policies, when
//!    present, must allow too: they cap identity-based permissions. A
//!    resource-based policy that names the requesting user, session or
//!    federated user grants on its own; one that names the role of a session
//!    (or the user behind a federated user) is still capped by the boundary and
//!    session policies; one that names the account delegates to the account's
//!    identity-based policies. A federated user session without a session
//!    policy has no identity-based permissions; a role session without one has
//!    its role's.
//! 3. Across accounts, the principal's account must allow (identity-based
//!    policies, capped as above) and the resource's account must allow
//!    (its resource-based policy naming the principal, its role or its account).
//! 4. Otherwise: ImplicitDeny. The root user is allowed within its own account
//!    unless a policy denies explicitly.
//!
//! Service control policies are not modelled (labcloud has no Organizations).

use std::sync::Arc;

use crate::context::{Lookup, Request};
use crate::policy::{Effect, Policy, PolicyKind, PrincipalClause, Statement};
use crate::principal::{Grant, PrincipalKind};

/// The answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    ExplicitDeny,
    ImplicitDeny,
}

impl Decision {
    pub fn is_allowed(self) -> bool {
        self == Decision::Allow
    }

    /// The names IAM's simulator gives the decisions.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "allowed",
            Decision::ExplicitDeny => "explicitDeny",
            Decision::ImplicitDeny => "implicitDeny",
        }
    }
}

/// The part a policy plays in an evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyRole {
    Identity,
    Boundary,
    Session,
    Resource,
}

impl PolicyRole {
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyRole::Identity => "identity",
            PolicyRole::Boundary => "boundary",
            PolicyRole::Session => "session",
            PolicyRole::Resource => "resource",
        }
    }
}

/// The policies that apply to one request.
#[derive(Debug, Clone, Copy, Default)]
pub struct Policies<'a> {
    /// The principal's identity-based policies (user, its groups, or the
    /// role of a session). Ignored for the root user, which has full access,
    /// and for principals outside any account (services, external
    /// identities, anonymous callers), which only resource-based policies grant.
    pub identity: &'a [Arc<Policy>],
    /// The principal's permissions boundary, if it has one.
    pub boundary: Option<&'a Policy>,
    /// Session policies passed when the session was created; empty when none was.
    pub session: &'a [Arc<Policy>],
    /// The resource's resource-based policy, if it has one.
    pub resource: Option<&'a Policy>,
    /// The resource-based policy must allow whatever the identity-based
    /// policies say: role trust policies and KMS key policies.
    pub resource_required: bool,
}

/// A statement that applies to the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchedStatement {
    pub policy_id: Arc<str>,
    pub role: PolicyRole,
    /// Position in the policy's `Statement` list.
    pub index: usize,
    pub sid: Option<Arc<str>>,
    pub effect: Effect,
}

/// What each kind of policy said, for simulators and error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Detail {
    /// An identity-based policy allows (always true for the root user).
    pub identity_allows: bool,
    /// The permissions boundary allows; `None` without a boundary.
    pub boundary_allows: Option<bool>,
    /// The session policies allow; `None` when there are none.
    pub session_allows: Option<bool>,
    /// How the resource-based policy's allowing statements name the
    /// principal; `None` when none allows.
    pub resource_grant: Option<Grant>,
    /// The resource belongs to another account than the principal (or the
    /// principal belongs to none).
    pub cross_account: bool,
}

/// The full answer: the decision, the statements that applied, and the
/// context keys conditions asked for that the request did not carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub decision: Decision,
    /// Every statement that applied, in evaluation order (identity, boundary,
    /// session, resource; statements in document order).
    pub matched: Vec<MatchedStatement>,
    pub missing_context_keys: Vec<String>,
    pub detail: Detail,
}

impl Evaluation {
    /// The statements behind the decision: the denying ones for an explicit
    /// deny, the allowing ones for an allow, none for an implicit deny.
    pub fn deciding(&self) -> impl Iterator<Item = &MatchedStatement> {
        let want = match self.decision {
            Decision::Allow => Some(Effect::Allow),
            Decision::ExplicitDeny => Some(Effect::Deny),
            Decision::ImplicitDeny => None,
        };
        self.matched.iter().filter(move |m| Some(m.effect) == want)
    }
}

/// The decision alone: the request path's check. Allocates nothing for
/// policies without variables.
pub fn authorize(req: &Request<'_>, policies: &Policies<'_>) -> Decision {
    run(req, policies, None).0
}

/// The decision with the statements that applied and the missing context keys.
pub fn evaluate(req: &Request<'_>, policies: &Policies<'_>) -> Evaluation {
    let mut rec = Recorder::default();
    let (decision, detail) = run(req, policies, Some(&mut rec));
    Evaluation { decision, matched: rec.matched, missing_context_keys: rec.missing, detail }
}

#[derive(Default)]
struct Recorder {
    matched: Vec<MatchedStatement>,
    missing: Vec<String>,
}

/// What scanning a group of policies found.
#[derive(Default)]
struct Found {
    allow: bool,
    deny: bool,
    grant: Option<Grant>,
}

fn run(req: &Request<'_>, pols: &Policies<'_>, mut rec: Option<&mut Recorder>) -> (Decision, Detail) {
    let principal = req.principal;
    let identity_side = principal.has_identity_policies();
    let root = matches!(principal.kind(), PrincipalKind::Root);

    let identity = if identity_side && !root {
        scan(pols.identity.iter().map(|p| &**p), PolicyRole::Identity, req, &mut rec)
    } else {
        Found::default()
    };
    let boundary =
        pols.boundary.filter(|_| identity_side && !root).map(|b| scan([b], PolicyRole::Boundary, req, &mut rec));
    let session = (!pols.session.is_empty() && identity_side && !root)
        .then(|| scan(pols.session.iter().map(|p| &**p), PolicyRole::Session, req, &mut rec));
    let resource = pols.resource.map(|r| scan([r], PolicyRole::Resource, req, &mut rec));

    let any_deny = identity.deny
        || boundary.as_ref().is_some_and(|f| f.deny)
        || session.as_ref().is_some_and(|f| f.deny)
        || resource.as_ref().is_some_and(|f| f.deny);

    let identity_allows = root || identity.allow;
    let boundary_ok = boundary.as_ref().is_none_or(|f| f.allow);
    let session_ok = match (&session, principal.kind()) {
        (Some(f), _) => f.allow,
        // A federated user's permissions are what its session policy allows.
        (None, PrincipalKind::FederatedUser { .. }) => false,
        (None, _) => true,
    };
    let grant = resource.as_ref().and_then(|f| f.grant);
    let same_account = match (principal.account(), req.resource_account) {
        (Some(a), Some(r)) => a == r,
        (Some(_), None) => true,
        (None, _) => false,
    };

    let principal_side = !identity_side || (identity_allows && boundary_ok && session_ok);
    let allowed = if same_account {
        match grant {
            Some(Grant::Direct) => true,
            Some(Grant::Parent) => boundary_ok && session_ok,
            Some(Grant::Account) => principal_side,
            None => !pols.resource_required && principal_side,
        }
    } else {
        principal_side && grant.is_some()
    };

    let decision = if any_deny {
        Decision::ExplicitDeny
    } else if allowed {
        Decision::Allow
    } else {
        Decision::ImplicitDeny
    };
    let detail = Detail {
        identity_allows,
        boundary_allows: boundary.map(|f| f.allow),
        session_allows: session.map(|f| f.allow),
        resource_grant: grant,
        cross_account: !same_account,
    };
    (decision, detail)
}

fn scan<'p>(
    policies: impl IntoIterator<Item = &'p Policy>,
    role: PolicyRole,
    req: &Request<'_>,
    rec: &mut Option<&mut Recorder>,
) -> Found {
    let mut found = Found::default();
    for policy in policies {
        for st in policy.statements() {
            // Without a recorder, a further Allow changes nothing once one is found.
            if rec.is_none() && st.effect() == Effect::Allow && found.allow && role != PolicyRole::Resource {
                continue;
            }
            let Some(grant) = applies(st, policy.kind(), req, rec) else { continue };
            match st.effect() {
                Effect::Deny => found.deny = true,
                Effect::Allow => {
                    found.allow = true;
                    found.grant = found.grant.max(Some(grant));
                }
            }
            if let Some(r) = rec.as_deref_mut() {
                r.matched.push(MatchedStatement {
                    policy_id: policy.id_arc().clone(),
                    role,
                    index: st.index(),
                    sid: st.sid_arc().cloned(),
                    effect: st.effect(),
                });
            }
        }
    }
    found
}

/// Whether the statement applies to the request, and how it names the
/// principal (`Direct` for statements without a `Principal`).
fn applies(st: &Statement, kind: PolicyKind, req: &Request<'_>, rec: &mut Option<&mut Recorder>) -> Option<Grant> {
    if !st.matches_action(req.action) {
        return None;
    }
    let grant = match st.principal() {
        None => Grant::Direct,
        Some(PrincipalClause::Principal(set)) => set.grant(req.principal)?,
        Some(PrincipalClause::NotPrincipal(set)) => {
            if !set.not_principal_applies(req.principal, st.effect() == Effect::Deny) {
                return None;
            }
            Grant::Direct
        }
    };
    debug_assert!(kind == PolicyKind::Identity || st.principal().is_some());
    let mut note = |key: &str| {
        if let Some(r) = rec.as_deref_mut()
            && !r.missing.iter().any(|k| k == key)
        {
            r.missing.push(key.to_string());
        }
    };
    match st.matches_resource(req.resource, req as &dyn Lookup) {
        Ok(true) => {}
        Ok(false) => return None,
        Err(_) => {
            // A variable the request cannot supply voids the statement.
            note_unresolved(st.resource_keys(), req, &mut note);
            return None;
        }
    }
    for clause in st.conditions() {
        match clause.evaluate(req as &dyn Lookup, &mut note) {
            Ok(true) => {}
            Ok(false) => return None,
            Err(_) => {
                note_unresolved(clause.keys(), req, &mut note);
                return None;
            }
        }
    }
    Some(grant)
}

/// Notes the keys among `keys` that give no single value.
fn note_unresolved<'k>(keys: impl Iterator<Item = &'k str>, req: &Request<'_>, note: &mut dyn FnMut(&str)) {
    for key in keys {
        if req.lookup(key).and_then(|v| v.single()).is_none() {
            note(key);
        }
    }
}
