//! Runs the policy-evaluation corpus in `tests/corpus/*.json`.
//!
//! Each file holds `{"cases": [...]}`. An evaluation case:
//!
//! ```json
//! {"name": "unique-name", "doc": "the AWS documentation page it comes from",
//!  "description": "what the page says that this case checks",
//!  "principal": {"type": "user", "account": "111122223333", "name": "alice", "tags": {}, "context": {}},
//!  "identity": [POLICY, ...], "boundary": POLICY, "session": [POLICY, ...],
//!  "resource_policy": POLICY, "resource_required": false,
//!  "request": {"action": "s3:GetObject", "resource": "arn:...", "account": "111122223333",
//!              "context": {"aws:SourceIp": "10.0.0.1", "aws:TagKeys": ["a", "b"]}},
//!  "expect": "Allow" | "ExplicitDeny" | "ImplicitDeny",
//!  "matched": ["identity0#1", "resource#0"], "missing": ["aws:sourceip"]}
//! ```
//!
//! A POLICY is a whole document (an object), a list of statements (wrapped in
//! a `2012-10-17` document), or `{"id": ..., "kind": "trust", "document": ...}`. Policies are
//! named `identity0`, `identity1`, `boundary`, `session0`, `resource` unless
//! given an id. `matched` (every statement that applied, as `id#index`) and
//! `missing` (context keys conditions asked for, lower-cased) are checked when
//! present. A malformed-document case has `kind`, `document` (or `text`) and
//! `error` (IAM's message), optionally `path`.
//!
//! The principal defaults to the IAM user alice in 111122223333; the
//! resource's account defaults to the principal's.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::Path;
use std::sync::Arc;

use labcloud_iam::{Context, Decision, Policies, Policy, PolicyKind, Principal, Request, evaluate};
use serde_json::{Value, json};

const MIN_CASES: usize = 200;

#[test]
fn corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    let mut failures = Vec::new();
    let mut names = HashSet::new();
    let mut per_file = BTreeMap::new();
    for file in &files {
        let stem = file.file_stem().unwrap().to_string_lossy().to_string();
        let text = fs::read_to_string(file).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not JSON: {e}", file.display()));
        let cases = v["cases"].as_array().unwrap_or_else(|| panic!("{}: no \"cases\" list", file.display()));
        per_file.insert(stem.clone(), cases.len());
        for case in cases {
            let name = case["name"].as_str().unwrap_or_else(|| panic!("{stem}: a case without a name: {case}"));
            assert!(names.insert(name.to_string()), "{stem}: case name {name} is used twice");
            for field in ["doc", "description"] {
                assert!(
                    case[field].as_str().is_some_and(|s| !s.is_empty()),
                    "{stem}/{name}: every case says which AWS page it comes from (\"doc\") and what it checks (\"description\")"
                );
            }
            let outcome = if case.get("error").is_some() { run_malformed(case) } else { run_evaluation(case) };
            if let Err(why) = outcome {
                failures.push(format!("{stem}/{name}\n    {}\n    {why}", case["description"].as_str().unwrap()));
            }
        }
    }
    let total: usize = per_file.values().sum();
    println!("policy corpus: {total} cases");
    for (file, n) in &per_file {
        println!("  {file:<24} {n}");
    }
    assert!(failures.is_empty(), "{} of {total} corpus cases failed:\n\n{}\n", failures.len(), failures.join("\n\n"));
    assert!(total >= MIN_CASES, "the corpus has {total} cases; it must keep at least {MIN_CASES}");
}

fn run_malformed(case: &Value) -> Result<(), String> {
    let kind = parse_kind(case["kind"].as_str().unwrap_or("identity"))?;
    let want = case["error"].as_str().ok_or("\"error\" must be a string")?;
    let result = match (&case.get("text"), &case.get("document")) {
        (Some(Value::String(t)), _) => Policy::parse("p", t, kind),
        (_, Some(doc)) => Policy::from_value("p", doc, kind),
        _ => return Err("a malformed case needs \"document\" or \"text\"".into()),
    };
    match result {
        Ok(_) => Err(format!("expected MalformedPolicyDocument \"{want}\", but the document was accepted")),
        Err(e) if e.message() != want => Err(format!("expected the message \"{want}\", got \"{}\"", e.message())),
        Err(e) => match case["path"].as_str() {
            Some(path) if e.path() != Some(path) => Err(format!("expected the problem at {path}, got {:?}", e.path())),
            _ => Ok(()),
        },
    }
}

fn run_evaluation(case: &Value) -> Result<(), String> {
    let principal = parse_principal(case.get("principal"))?;
    let list = |field: &str, prefix: &str| -> Result<Vec<Arc<Policy>>, String> {
        match case.get(field) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, p)| parse_policy(p, &format!("{prefix}{i}"), PolicyKind::Identity).map(Arc::new))
                .collect(),
            Some(_) => Err(format!("\"{field}\" must be a list of policies")),
        }
    };
    let identity = list("identity", "identity")?;
    let session = list("session", "session")?;
    let boundary = case.get("boundary").map(|p| parse_policy(p, "boundary", PolicyKind::Identity)).transpose()?;
    let resource =
        case.get("resource_policy").map(|p| parse_policy(p, "resource", PolicyKind::Resource)).transpose()?;

    let req = &case["request"];
    let action = req["action"].as_str().ok_or("request.action is required")?;
    let resource_arn = req["resource"].as_str().unwrap_or("*");
    let mut ctx = Context::new();
    if let Some(Value::Object(m)) = req.get("context") {
        for (k, v) in m {
            ctx.set_multi(k, strings(v)?);
        }
    }
    let mut request = Request::new(&principal, action, resource_arn, &ctx);
    if let Some(a) = req["account"].as_str() {
        request = request.in_account(a);
    }
    let policies = Policies {
        identity: &identity,
        boundary: boundary.as_ref(),
        session: &session,
        resource: resource.as_ref(),
        resource_required: case["resource_required"].as_bool().unwrap_or(false),
    };
    let got = evaluate(&request, &policies);

    let want = match case["expect"].as_str() {
        Some("Allow") => Decision::Allow,
        Some("ExplicitDeny") => Decision::ExplicitDeny,
        Some("ImplicitDeny") => Decision::ImplicitDeny,
        other => return Err(format!("\"expect\" must be Allow, ExplicitDeny or ImplicitDeny, not {other:?}")),
    };
    let matched: Vec<String> = got.matched.iter().map(|m| format!("{}#{}", m.policy_id, m.index)).collect();
    let mut problems = Vec::new();
    if got.decision != want {
        problems.push(format!("expected {want:?}, got {:?}", got.decision));
    }
    if let Some(w) = case.get("matched") {
        let w = strings(w)?;
        if w != matched {
            problems.push(format!("expected matched statements {w:?}, got {matched:?}"));
        }
    }
    if let Some(w) = case.get("missing") {
        let w = strings(w)?;
        if w != got.missing_context_keys {
            problems.push(format!("expected missing context keys {w:?}, got {:?}", got.missing_context_keys));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{} (matched: {matched:?}; {:?})", problems.join("; "), got.detail))
    }
}

fn parse_kind(s: &str) -> Result<PolicyKind, String> {
    match s {
        "identity" => Ok(PolicyKind::Identity),
        "resource" => Ok(PolicyKind::Resource),
        "trust" => Ok(PolicyKind::Trust),
        other => Err(format!("unknown policy kind {other}")),
    }
}

fn parse_policy(v: &Value, default_id: &str, kind: PolicyKind) -> Result<Policy, String> {
    let (id, doc) = match v {
        Value::Array(_) => (default_id.to_string(), json!({"Version": "2012-10-17", "Statement": v})),
        Value::Object(m) if m.contains_key("document") => {
            let kind = match m.get("kind").and_then(Value::as_str) {
                Some(k) => parse_kind(k)?,
                None => kind,
            };
            let id = m.get("id").and_then(Value::as_str).unwrap_or(default_id).to_string();
            return Policy::from_value(&id, &m["document"], kind).map_err(|e| format!("policy {id} is malformed: {e}"));
        }
        Value::Object(_) => (default_id.to_string(), v.clone()),
        _ => return Err(format!("policy {default_id} must be a document, a statement list or {{id, document}}")),
    };
    Policy::from_value(&id, &doc, kind).map_err(|e| format!("policy {id} is malformed: {e}"))
}

fn strings(v: &Value) -> Result<Vec<String>, String> {
    match v {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) => {
            items.iter().map(|i| i.as_str().map(str::to_string).ok_or(format!("{i} is not a string"))).collect()
        }
        other => Err(format!("{other} is neither a string nor a list of strings")),
    }
}

fn parse_principal(v: Option<&Value>) -> Result<Principal, String> {
    let default = json!({"type": "user"});
    let v = v.unwrap_or(&default);
    let s = |k: &str, d: &str| v[k].as_str().unwrap_or(d).to_string();
    let account = s("account", "111122223333");
    let mut p = match v["type"].as_str().unwrap_or("user") {
        "root" => Principal::root(&account),
        "user" => Principal::user(&account, &s("path", "/"), &s("name", "alice"), &s("id", "AIDAEXAMPLEUSERID")),
        "role_session" => Principal::role_session(
            &account,
            &s("role_path", "/"),
            &s("role", "Reader"),
            &s("session", "session1"),
            &s("role_id", "AROAEXAMPLEROLEID"),
        ),
        "federated_user" => {
            let parent = s("user_arn", &format!("arn:aws:iam::{account}:user/alice"));
            Principal::federated_user(&account, &s("name", "bob"), &parent)
        }
        "service" => Principal::service(&s("name", "cloudtrail.amazonaws.com")),
        "web_identity" => Principal::web_identity(&s("provider", "cognito-identity.amazonaws.com")),
        "anonymous" => Principal::anonymous(),
        other => return Err(format!("unknown principal type {other}")),
    };
    if let Some(Value::Object(tags)) = v.get("tags") {
        for (k, val) in tags {
            p = p.with_tag(k, val.as_str().ok_or("tag values are strings")?);
        }
    }
    if let Some(Value::Object(ctx)) = v.get("context") {
        for (k, val) in ctx {
            p = p.with_context(k, val.as_str().ok_or("principal context values are strings")?);
        }
    }
    if let Some(c) = v["canonical_user"].as_str() {
        p = p.with_canonical_user(c);
    }
    Ok(p)
}
