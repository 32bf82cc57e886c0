//! The `Condition` element: every operator family, `...IfExists`, the set
//! operators `ForAnyValue:` / `ForAllValues:`, and AWS's rules for keys the
//! request does not carry ("IAM JSON policy elements: Condition operators";
//! "Conditions with multiple context keys or values"):
//!
//! - several operators, and several keys under one operator, must all hold (AND);
//! - several values for one key: any may match (OR); for a negated operator
//!   none may match (NOR);
//! - a key absent from the request makes the condition false, except for
//!   negated operators (true), `...IfExists` (true) and `Null`;
//! - `ForAllValues` is true for an absent or empty key, `ForAnyValue` false;
//! - key names are case-insensitive, values case-sensitive unless the
//!   operator says `IgnoreCase`.

use std::cmp::Ordering;

use serde_json::Value;

use crate::context::{Lookup, Values};
use crate::error::PolicyError;
use crate::pattern::{MatchKind, Matcher, Unresolved};
use crate::values::{Cidr, Instant, Number, base64_decode, parse_date};
use crate::variables::Template;

/// How a relational operator compares the request's value with the policy's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    Equals,
    LessThan,
    LessThanEquals,
    GreaterThan,
    GreaterThanEquals,
}

impl Compare {
    fn holds(self, o: Ordering) -> bool {
        match self {
            Compare::Equals => o == Ordering::Equal,
            Compare::LessThan => o == Ordering::Less,
            Compare::LessThanEquals => o != Ordering::Greater,
            Compare::GreaterThan => o == Ordering::Greater,
            Compare::GreaterThanEquals => o != Ordering::Less,
        }
    }
}

/// The operator families.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    String { like: bool, ignore_case: bool },
    Numeric(Compare),
    Date(Compare),
    Bool,
    Binary,
    IpAddress,
    Arn,
    Null,
}

/// A set operator qualifying the operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetOp {
    ForAnyValue,
    ForAllValues,
}

/// A parsed operator name such as `ForAllValues:StringNotLikeIfExists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operator {
    pub family: Family,
    pub negated: bool,
    pub if_exists: bool,
    pub set: Option<SetOp>,
}

impl Operator {
    pub fn parse(name: &str) -> Option<Operator> {
        let (set, rest) = if let Some(r) = name.strip_prefix("ForAnyValue:") {
            (Some(SetOp::ForAnyValue), r)
        } else if let Some(r) = name.strip_prefix("ForAllValues:") {
            (Some(SetOp::ForAllValues), r)
        } else {
            (None, name)
        };
        let (base, if_exists) = match rest.strip_suffix("IfExists") {
            Some(b) => (b, true),
            None => (rest, false),
        };
        use Compare::*;
        let s = |like, ignore_case| Family::String { like, ignore_case };
        let (family, negated) = match base {
            "StringEquals" => (s(false, false), false),
            "StringNotEquals" => (s(false, false), true),
            "StringEqualsIgnoreCase" => (s(false, true), false),
            "StringNotEqualsIgnoreCase" => (s(false, true), true),
            "StringLike" => (s(true, false), false),
            "StringNotLike" => (s(true, false), true),
            "NumericEquals" => (Family::Numeric(Equals), false),
            "NumericNotEquals" => (Family::Numeric(Equals), true),
            "NumericLessThan" => (Family::Numeric(LessThan), false),
            "NumericLessThanEquals" => (Family::Numeric(LessThanEquals), false),
            "NumericGreaterThan" => (Family::Numeric(GreaterThan), false),
            "NumericGreaterThanEquals" => (Family::Numeric(GreaterThanEquals), false),
            "DateEquals" => (Family::Date(Equals), false),
            "DateNotEquals" => (Family::Date(Equals), true),
            "DateLessThan" => (Family::Date(LessThan), false),
            "DateLessThanEquals" => (Family::Date(LessThanEquals), false),
            "DateGreaterThan" => (Family::Date(GreaterThan), false),
            "DateGreaterThanEquals" => (Family::Date(GreaterThanEquals), false),
            "Bool" => (Family::Bool, false),
            "BinaryEquals" => (Family::Binary, false),
            "IpAddress" => (Family::IpAddress, false),
            "NotIpAddress" => (Family::IpAddress, true),
            "ArnEquals" | "ArnLike" => (Family::Arn, false),
            "ArnNotEquals" | "ArnNotLike" => (Family::Arn, true),
            "Null" if !if_exists && set.is_none() => (Family::Null, false),
            _ => return None,
        };
        Some(Operator { family, negated, if_exists, set })
    }
}

/// A policy value, compiled for its family.
#[derive(Debug, Clone)]
enum Expected {
    /// StringEquals / StringNotEquals / Bool: the text after substitution.
    Text(Template),
    /// The IgnoreCase variants and Bool: compared after lower-casing.
    TextNoCase(Template),
    /// StringLike / ArnLike: wildcards.
    Pattern(Matcher),
    Number(Number),
    Date(Instant),
    Binary(Vec<u8>),
    Cidr(Cidr),
    Null(bool),
}

/// One `operator: {key: values}` pair of a statement's `Condition`.
#[derive(Debug, Clone)]
pub struct Clause {
    operator: Operator,
    operator_name: String,
    key: String,
    expected: Vec<Expected>,
}

/// The outcome of a clause that could be evaluated, or a variable that could not be resolved.
pub type Outcome = Result<bool, Unresolved>;

impl Clause {
    /// Parses the whole `Condition` element into clauses.
    pub(crate) fn parse_block(v: &Value, variables: bool, path: &str) -> Result<Vec<Clause>, PolicyError> {
        let syntax = |p: String| PolicyError::malformed("Syntax errors in policy.", p);
        let Value::Object(ops) = v else { return Err(syntax(path.to_string())) };
        let mut clauses = Vec::new();
        for (name, keys) in ops {
            let here = format!("{path}.{name}");
            let operator = Operator::parse(name)
                .ok_or_else(|| PolicyError::malformed(format!("Invalid Condition type : {name}"), here.clone()))?;
            let Value::Object(keys) = keys else { return Err(syntax(here)) };
            for (key, values) in keys {
                let at = format!("{here}.{key}");
                if !key.contains(':') || key.starts_with(':') {
                    return Err(PolicyError::malformed(
                        "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
                        at,
                    ));
                }
                let raw = scalar_list(values).ok_or_else(|| syntax(at.clone()))?;
                let expected = raw
                    .iter()
                    .map(|r| compile_value(operator.family, r, variables, name, &at))
                    .collect::<Result<Vec<_>, _>>()?;
                clauses.push(Clause { operator, operator_name: name.clone(), key: key.to_ascii_lowercase(), expected });
            }
        }
        Ok(clauses)
    }

    pub fn operator(&self) -> Operator {
        self.operator
    }

    /// The operator as written, e.g. `ForAnyValue:StringLike`.
    pub fn operator_name(&self) -> &str {
        &self.operator_name
    }

    /// The context key, lower-cased.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Evaluates the clause. `missing` receives the key when the request lacks it.
    pub fn evaluate(&self, ctx: &dyn Lookup, missing: &mut dyn FnMut(&str)) -> Outcome {
        let op = self.operator;
        let values = ctx.lookup(&self.key).filter(|v| !v.is_empty());
        if op.family == Family::Null {
            let present = values.is_some();
            return Ok(self.expected.iter().any(|e| matches!(e, Expected::Null(null) if *null != present)));
        }
        let Some(values) = values else {
            missing(&self.key);
            return Ok(match (op.if_exists, op.set) {
                (true, _) => true,
                (false, Some(SetOp::ForAllValues)) => true,
                (false, Some(SetOp::ForAnyValue)) => false,
                (false, None) => op.negated,
            });
        };
        match op.set {
            None => Ok(self.any_value_matches(values, ctx)? != op.negated),
            Some(SetOp::ForAnyValue) => {
                for v in values.iter() {
                    if self.matches_one(v, ctx)? != op.negated {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Some(SetOp::ForAllValues) => {
                for v in values.iter() {
                    if self.matches_one(v, ctx)? == op.negated {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
        }
    }

    fn any_value_matches(&self, values: Values<'_>, ctx: &dyn Lookup) -> Outcome {
        for v in values.iter() {
            if self.matches_one(v, ctx)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether the request value `actual` matches any of the policy's values.
    fn matches_one(&self, actual: &str, ctx: &dyn Lookup) -> Outcome {
        for e in &self.expected {
            if value_matches(self.operator.family, e, actual, ctx)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The context keys this clause reads: its key and those of its variables.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.key.as_str()).chain(self.expected.iter().flat_map(|e| {
            let t = match e {
                Expected::Text(t) | Expected::TextNoCase(t) => Some(t),
                Expected::Pattern(m) => Some(m.template()),
                _ => None,
            };
            t.into_iter().flat_map(Template::keys)
        }))
    }
}

fn value_matches(family: Family, expected: &Expected, actual: &str, ctx: &dyn Lookup) -> Outcome {
    Ok(match expected {
        Expected::Text(t) => match t.plain() {
            Some(p) => p == actual,
            None => t.equals(actual, ctx).ok_or(Unresolved)?,
        },
        Expected::TextNoCase(t) => {
            let want = match t.plain() {
                Some(p) => p.to_string(),
                None => t.resolve_text(ctx).ok_or(Unresolved)?.to_lowercase(),
            };
            want == actual.to_lowercase()
        }
        Expected::Pattern(m) => m.matches(actual, ctx)?,
        Expected::Number(n) => {
            let Family::Numeric(cmp) = family else { unreachable!("numbers belong to Numeric") };
            Number::parse(actual).and_then(|a| a.compare(*n)).is_some_and(|o| cmp.holds(o))
        }
        Expected::Date(d) => {
            let Family::Date(cmp) = family else { unreachable!("dates belong to Date") };
            parse_date(actual).is_some_and(|a| cmp.holds(a.cmp(d)))
        }
        Expected::Binary(bytes) => match base64_decode(actual) {
            Some(a) => a == *bytes,
            None => actual.as_bytes() == bytes.as_slice(),
        },
        Expected::Cidr(c) => c.contains(actual),
        Expected::Null(_) => unreachable!("Null is evaluated on presence"),
    })
}

/// A condition value or list of values; numbers and booleans count as their text.
fn scalar_list(v: &Value) -> Option<Vec<String>> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match v {
        Value::Array(items) => items.iter().map(one).collect(),
        v => one(v).map(|s| vec![s]),
    }
}

fn compile_value(family: Family, raw: &str, variables: bool, op: &str, at: &str) -> Result<Expected, PolicyError> {
    let bad =
        |what: &str| PolicyError::malformed(format!("Invalid {what} in condition {op}: \"{raw}\""), at.to_string());
    Ok(match family {
        Family::String { like: true, .. } => {
            Expected::Pattern(Matcher::new(Template::parse(raw, variables), MatchKind::Glob))
        }
        Family::String { ignore_case: true, .. } | Family::Bool => {
            let t = Template::parse(raw, variables);
            match t.plain() {
                Some(p) => Expected::TextNoCase(Template::parse(&p.to_lowercase(), false)),
                None => Expected::TextNoCase(t),
            }
        }
        Family::String { .. } => Expected::Text(Template::parse(raw, variables)),
        Family::Arn => Expected::Pattern(Matcher::new(Template::parse(raw, variables), MatchKind::Arn)),
        Family::Numeric(_) => Expected::Number(Number::parse(raw).ok_or_else(|| bad("number"))?),
        Family::Date(_) => Expected::Date(parse_date(raw).ok_or_else(|| bad("date"))?),
        Family::Binary => Expected::Binary(base64_decode(raw).ok_or_else(|| bad("base64 value"))?),
        Family::IpAddress => Expected::Cidr(Cidr::parse(raw).ok_or_else(|| bad("IP address or CIDR block"))?),
        Family::Null => match raw.to_ascii_lowercase().as_str() {
            "true" => Expected::Null(true),
            "false" => Expected::Null(false),
            _ => return Err(bad("Null value (true or false)")),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::Context;
    use serde_json::json;

    fn eval(cond: Value, ctx: &Context) -> bool {
        let clauses = Clause::parse_block(&cond, true, "Condition").unwrap();
        clauses.iter().all(|c| c.evaluate(ctx, &mut |_| {}).unwrap())
    }

    #[test]
    fn operator_names() {
        let op = Operator::parse("ForAllValues:StringNotLikeIfExists").unwrap();
        assert_eq!(op.family, Family::String { like: true, ignore_case: false });
        assert!(op.negated && op.if_exists);
        assert_eq!(op.set, Some(SetOp::ForAllValues));
        assert!(Operator::parse("NullIfExists").is_none());
        assert!(Operator::parse("StringEqualz").is_none());
        assert!(Operator::parse("stringequals").is_none(), "operator names are case-sensitive");
    }

    #[test]
    fn absent_keys() {
        let empty = Context::new();
        assert!(!eval(json!({"StringEquals": {"aws:username": "a"}}), &empty));
        assert!(eval(json!({"StringNotEquals": {"aws:username": "a"}}), &empty));
        assert!(eval(json!({"StringEqualsIfExists": {"aws:username": "a"}}), &empty));
        assert!(eval(json!({"ForAllValues:StringEquals": {"aws:TagKeys": "a"}}), &empty));
        assert!(!eval(json!({"ForAnyValue:StringEquals": {"aws:TagKeys": "a"}}), &empty));
        assert!(eval(json!({"Null": {"aws:TokenIssueTime": "true"}}), &empty));
        assert!(!eval(json!({"Null": {"aws:TokenIssueTime": false}}), &empty));
    }

    #[test]
    fn set_operators_with_negation() {
        let ctx = Context::new().with("x:k", "a");
        let mut two = ctx.clone();
        two.set_multi("x:k", ["a", "b"]);
        assert!(eval(json!({"ForAnyValue:StringNotEquals": {"x:k": "a"}}), &two));
        assert!(!eval(json!({"ForAllValues:StringNotEquals": {"x:k": "a"}}), &two));
        assert!(eval(json!({"ForAllValues:StringNotEquals": {"x:k": "c"}}), &two));
        assert!(!eval(json!({"StringNotEquals": {"x:k": ["a", "z"]}}), &ctx), "NOR over the policy's values");
    }

    #[test]
    fn bad_values_are_refused_with_the_operator_named() {
        let e = Clause::parse_block(&json!({"NumericLessThan": {"s3:max-keys": "ten"}}), true, "C").unwrap_err();
        assert_eq!(e.message(), "Invalid number in condition NumericLessThan: \"ten\"");
        let e = Clause::parse_block(&json!({"StringEquals": {"username": "x"}}), true, "C").unwrap_err();
        assert!(e.message().starts_with("Actions/Conditions must be prefaced by a vendor"));
        let e = Clause::parse_block(&json!({"StringEquals": {"a:b": {"x": 1}}}), true, "C").unwrap_err();
        assert_eq!(e.message(), "Syntax errors in policy.");
    }
}
