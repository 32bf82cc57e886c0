//! Policy variables: `${aws:username}`, `${aws:PrincipalTag/team}`, the
//! escapes `${*}`, `${?}`, `${$}`, and defaults (`${aws:userid, 'anonymous'}`).
//!
//! A string in a policy is split into [`Piece`]s once, when the policy is
//! compiled. Variables exist only in documents of Version `2012-10-17`; in
//! older documents `${...}` is plain text ("IAM policy elements: Variables and
//! tags"). A variable resolves to the single value of its context key; a key
//! that is absent (or multi-valued) and has no default cannot be resolved, and
//! the element that uses it does not match.

use crate::context::Lookup;

/// One piece of a policy string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Characters as written; `*` and `?` in them are wildcards where the
    /// element supports wildcards.
    Text(String),
    /// A character produced by `${*}`, `${?}` or `${$}`: always literal, never a wildcard.
    Literal(char),
    /// `${key}` or `${key, 'default'}`; `key` is lower-cased (key names are case-insensitive).
    Var { key: String, default: Option<String> },
}

/// A policy string split into pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pieces: Vec<Piece>,
}

impl Template {
    /// Splits `s`; with `variables == false` (documents older than
    /// `2012-10-17`), `${...}` is ordinary text.
    pub fn parse(s: &str, variables: bool) -> Template {
        if !variables || !s.contains("${") {
            return Template { pieces: vec![Piece::Text(s.to_string())] };
        }
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut rest = s;
        while let Some(start) = rest.find("${") {
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else { break };
            text.push_str(&rest[..start]);
            let inner = &after[..end];
            match inner {
                "*" => pieces_push_literal(&mut pieces, &mut text, '*'),
                "?" => pieces_push_literal(&mut pieces, &mut text, '?'),
                "$" => pieces_push_literal(&mut pieces, &mut text, '$'),
                _ => {
                    if !text.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    pieces.push(parse_var(inner));
                }
            }
            rest = &after[end + 1..];
        }
        text.push_str(rest);
        if !text.is_empty() || pieces.is_empty() {
            pieces.push(Piece::Text(text));
        }
        Template { pieces }
    }

    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// True when the string holds no variable or escape: it is its own text.
    pub fn is_plain(&self) -> bool {
        matches!(self.pieces.as_slice(), [Piece::Text(_)])
    }

    /// The plain text, when [`is_plain`](Self::is_plain).
    pub fn plain(&self) -> Option<&str> {
        match self.pieces.as_slice() {
            [Piece::Text(t)] => Some(t),
            _ => None,
        }
    }

    /// Substitutes every variable from `ctx`: pieces whose text is final
    /// (`Text` keeps its wildcards; substituted values and escapes become
    /// `Literal` runs). `None` when a variable cannot be resolved.
    pub fn resolve<'a>(&'a self, ctx: &'a dyn Lookup) -> Option<Vec<Resolved<'a>>> {
        let mut out = Vec::with_capacity(self.pieces.len());
        for p in &self.pieces {
            match p {
                Piece::Text(t) => out.push(Resolved::Pattern(t.as_str())),
                Piece::Literal(c) => out.push(Resolved::Literal(escape_str(*c))),
                Piece::Var { key, default } => out.push(Resolved::Literal(resolve_var(key, default.as_deref(), ctx)?)),
            }
        }
        Some(out)
    }

    /// The string with every variable substituted, as plain text (for
    /// elements without wildcards). `None` when a variable cannot be resolved.
    pub fn resolve_text(&self, ctx: &dyn Lookup) -> Option<String> {
        let mut s = String::new();
        for part in self.resolve(ctx)? {
            match part {
                Resolved::Pattern(t) | Resolved::Literal(t) => s.push_str(t),
            }
        }
        Some(s)
    }

    /// Whether `actual` equals the string with its variables substituted,
    /// without building that string. `None` when a variable cannot be resolved.
    pub fn equals(&self, actual: &str, ctx: &dyn Lookup) -> Option<bool> {
        let mut rest = Some(actual);
        for p in &self.pieces {
            let part = match p {
                Piece::Text(t) => t.as_str(),
                Piece::Literal(c) => escape_str(*c),
                Piece::Var { key, default } => resolve_var(key, default.as_deref(), ctx)?,
            };
            // Keep resolving after a mismatch: an unresolvable variable voids the statement.
            rest = rest.and_then(|r| r.strip_prefix(part));
        }
        Some(rest == Some(""))
    }

    /// The context keys this string's variables read.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Var { key, .. } => Some(key.as_str()),
            _ => None,
        })
    }
}

/// A resolved piece: text whose wildcards still count, or literal text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved<'a> {
    Pattern(&'a str),
    Literal(&'a str),
}

/// The character an escape (`${*}`, `${?}`, `${$}`) stands for.
fn escape_str(c: char) -> &'static str {
    match c {
        '*' => "*",
        '?' => "?",
        _ => "$",
    }
}

fn pieces_push_literal(pieces: &mut Vec<Piece>, text: &mut String, c: char) {
    if !text.is_empty() {
        pieces.push(Piece::Text(std::mem::take(text)));
    }
    pieces.push(Piece::Literal(c));
}

/// `aws:userid, 'anonymous'` -> key and default.
fn parse_var(inner: &str) -> Piece {
    if let Some((key, rest)) = inner.split_once(',') {
        let rest = rest.trim();
        if rest.len() >= 2 && rest.starts_with('\'') && rest.ends_with('\'') {
            return Piece::Var {
                key: key.trim().to_ascii_lowercase(),
                default: Some(rest[1..rest.len() - 1].to_string()),
            };
        }
    }
    Piece::Var { key: inner.trim().to_ascii_lowercase(), default: None }
}

pub(crate) fn resolve_var<'a>(key: &str, default: Option<&'a str>, ctx: &'a dyn Lookup) -> Option<&'a str> {
    ctx.lookup(key).and_then(|v| v.single()).or(default)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::Context;

    #[test]
    fn splits_variables_escapes_and_text() {
        let t = Template::parse("home/${aws:username}/${*}x${$}", true);
        assert_eq!(
            t.pieces(),
            &[
                Piece::Text("home/".into()),
                Piece::Var { key: "aws:username".into(), default: None },
                Piece::Text("/".into()),
                Piece::Literal('*'),
                Piece::Text("x".into()),
                Piece::Literal('$'),
            ]
        );
    }

    #[test]
    fn old_versions_treat_variables_as_text() {
        let t = Template::parse("a/${aws:username}", false);
        assert_eq!(t.plain(), Some("a/${aws:username}"));
    }

    #[test]
    fn defaults_apply_when_the_key_is_absent() {
        let t = Template::parse("${aws:userid, 'anonymous'}", true);
        let ctx = Context::new();
        assert_eq!(t.resolve_text(&ctx).as_deref(), Some("anonymous"));
        let mut ctx = Context::new();
        ctx.set("aws:UserId", "AIDA1");
        assert_eq!(t.resolve_text(&ctx).as_deref(), Some("AIDA1"));
    }

    #[test]
    fn equals_compares_piece_by_piece() {
        let t = Template::parse("home/${aws:username}/${*}", true);
        let ctx = Context::new().with("aws:username", "alice");
        assert_eq!(t.equals("home/alice/*", &ctx), Some(true));
        assert_eq!(t.equals("home/alice/", &ctx), Some(false));
        assert_eq!(t.equals("home/bob/*", &ctx), Some(false));
        assert_eq!(t.equals("home/alice/*", &Context::new()), None);
    }

    #[test]
    fn unresolvable_variable_gives_none() {
        let t = Template::parse("x/${aws:PrincipalTag/team}", true);
        assert_eq!(t.resolve_text(&Context::new()), None);
        let mut ctx = Context::new();
        ctx.set_multi("aws:principaltag/team", ["a", "b"]);
        assert_eq!(t.resolve_text(&ctx), None, "a multi-valued key is not a variable's value");
    }

    #[test]
    fn unterminated_dollar_brace_is_text() {
        let t = Template::parse("a${b", true);
        assert_eq!(t.plain(), Some("a${b"));
    }
}
