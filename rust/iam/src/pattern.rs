//! Wildcard matching: `*` (any run of characters, including none) and `?`
//! (exactly one character). Actions match case-insensitively, resources and
//! condition values case-sensitively. ARNs match segment by segment: each of
//! the six colon-separated parts separately, so a `*` never spans a colon
//! before the resource part ("IAM JSON policy elements: Condition operators",
//! ARN condition operators).
//!
//! Patterns without variables are compiled once; patterns with variables are
//! compiled after substitution, at match time.

use crate::context::Lookup;
use crate::variables::{Piece, Resolved, Template, resolve_var};

/// Whether letters must agree in case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Sensitive,
    /// ASCII case folding: action names are ASCII.
    Insensitive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Elem {
    Char(char),
    One,
    Star,
    /// A colon that separates ARN segments (one of the first five of a pattern).
    Sep,
}

/// Appends a pattern's text: `*` and `?` are wildcards; up to `seps` colons
/// become segment separators.
fn push_pattern(elems: &mut Vec<Elem>, text: &str, seps: &mut usize) {
    elems.extend(text.chars().map(|c| match c {
        '*' => Elem::Star,
        '?' => Elem::One,
        ':' if *seps > 0 => {
            *seps -= 1;
            Elem::Sep
        }
        c => Elem::Char(c),
    }));
}

fn push_literal(elems: &mut Vec<Elem>, text: &str) {
    elems.extend(text.chars().map(Elem::Char));
}

/// A compiled wildcard pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    shape: Shape,
    case: Case,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    /// `*`: everything.
    Any,
    /// No wildcard: equality.
    Exact(String),
    /// `prefix*` with no other wildcard.
    Prefix(String),
    /// Anything else.
    Wild(Vec<Elem>),
}

impl Glob {
    /// Compiles `pattern`, where every `*` and `?` is a wildcard.
    pub fn new(pattern: &str, case: Case) -> Glob {
        Glob::from_parts(&[Resolved::Pattern(pattern)], case)
    }

    /// Compiles a pattern whose wildcards count only in `Pattern` parts;
    /// `Literal` parts (substituted variables, `${*}`) match themselves.
    pub fn from_parts(parts: &[Resolved<'_>], case: Case) -> Glob {
        let mut elems = Vec::new();
        for part in parts {
            match part {
                Resolved::Pattern(p) => push_pattern(&mut elems, p, &mut 0),
                Resolved::Literal(l) => push_literal(&mut elems, l),
            }
        }
        Glob { shape: shape_of(&elems), case }
    }

    pub fn matches(&self, text: &str) -> bool {
        match &self.shape {
            Shape::Any => true,
            Shape::Exact(s) => match self.case {
                Case::Sensitive => s == text,
                Case::Insensitive => s.eq_ignore_ascii_case(text),
            },
            Shape::Prefix(p) => {
                text.len() >= p.len()
                    && match self.case {
                        Case::Sensitive => text.as_bytes()[..p.len()] == *p.as_bytes(),
                        Case::Insensitive => text.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes()),
                    }
            }
            Shape::Wild(elems) => wild_match(elems, text, self.case),
        }
    }

    /// True when the pattern is `*` alone.
    pub fn is_any(&self) -> bool {
        matches!(self.shape, Shape::Any)
    }
}

fn shape_of(elems: &[Elem]) -> Shape {
    let stars = elems.iter().filter(|e| **e == Elem::Star).count();
    let plain = elems.iter().all(|e| matches!(e, Elem::Char(_) | Elem::Star | Elem::Sep));
    let text = |es: &[Elem]| {
        es.iter()
            .map(|e| match e {
                Elem::Char(c) => *c,
                _ => ':',
            })
            .collect::<String>()
    };
    if plain && stars == 0 {
        Shape::Exact(text(elems))
    } else if plain && stars == elems.len() {
        Shape::Any
    } else if plain && stars == 1 && elems.last() == Some(&Elem::Star) {
        Shape::Prefix(text(&elems[..elems.len() - 1]))
    } else {
        Shape::Wild(elems.to_vec())
    }
}

/// Iterative wildcard match with backtracking to the last `*`: linear in
/// practice, O(pattern x text) at worst, never exponential. A segment
/// separator matches a colon.
fn wild_match(pat: &[Elem], text: &str, case: Case) -> bool {
    let (mut p, mut s) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while s < text.len() {
        let c = text[s..].chars().next().expect("s is on a char boundary");
        if p < pat.len() {
            let same = |pc: char| match case {
                Case::Sensitive => pc == c,
                Case::Insensitive => pc.eq_ignore_ascii_case(&c),
            };
            match pat[p] {
                Elem::Star => {
                    star = Some((p, s));
                    p += 1;
                    continue;
                }
                Elem::One => {
                    p += 1;
                    s += c.len_utf8();
                    continue;
                }
                Elem::Char(pc) if same(pc) => {
                    p += 1;
                    s += c.len_utf8();
                    continue;
                }
                Elem::Sep if c == ':' => {
                    p += 1;
                    s += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some((sp, ss)) => {
                let skipped = text[ss..].chars().next().expect("ss < len").len_utf8();
                star = Some((sp, ss + skipped));
                p = sp + 1;
                s = ss + skipped;
            }
            None => return false,
        }
    }
    pat[p..].iter().all(|e| *e == Elem::Star)
}

/// Matches an ARN against elements holding five segment separators, segment
/// by segment; any other pattern matches the whole string.
fn arn_match(elems: &[Elem], arn: &str) -> bool {
    if elems.iter().filter(|e| **e == Elem::Sep).count() != 5 {
        return wild_match(elems, arn, Case::Sensitive);
    }
    let mut parts = arn.splitn(6, ':');
    elems.split(|e| *e == Elem::Sep).all(|seg| parts.next().is_some_and(|part| wild_match(seg, part, Case::Sensitive)))
}

/// An ARN pattern, matched segment by segment (`arn:partition:service:region:account:resource`).
/// A pattern with fewer than six segments cannot be split that way and
/// matches the whole string as one wildcard pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArnGlob {
    whole: Glob,
    segments: Option<Vec<Glob>>,
}

impl ArnGlob {
    pub fn new(pattern: &str) -> ArnGlob {
        let mut elems = Vec::new();
        push_pattern(&mut elems, pattern, &mut 5);
        let whole = Glob { shape: shape_of(&elems), case: Case::Sensitive };
        let segs: Vec<&[Elem]> = elems.split(|e| *e == Elem::Sep).collect();
        let segments = (segs.len() == 6)
            .then(|| segs.iter().map(|s| Glob { shape: shape_of(s), case: Case::Sensitive }).collect());
        ArnGlob { whole, segments }
    }

    pub fn matches(&self, arn: &str) -> bool {
        if self.whole.is_any() {
            return true;
        }
        match &self.segments {
            Some(globs) => {
                let mut parts = arn.splitn(6, ':');
                globs.iter().all(|g| parts.next().is_some_and(|part| g.matches(part)))
            }
            None => self.whole.matches(arn),
        }
    }
}

/// A policy string that matches request values: compiled once when it holds
/// no variable, after substitution otherwise.
#[derive(Debug, Clone)]
pub struct Matcher {
    kind: MatchKind,
    compiled: Option<Compiled>,
    template: Template,
}

/// How a [`Matcher`] compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// Wildcards, case-sensitive (StringLike, resources that are not ARNs).
    Glob,
    /// Wildcards, ASCII case-insensitive (actions).
    GlobNoCase,
    /// Segment-aware ARN wildcards (Resource, Arn* operators).
    Arn,
}

#[derive(Debug, Clone)]
enum Compiled {
    Glob(Glob),
    Arn(ArnGlob),
}

/// A variable the request cannot supply: the statement using it does not apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unresolved;

impl Matcher {
    pub fn new(template: Template, kind: MatchKind) -> Matcher {
        let compiled = template.plain().map(|p| match kind {
            MatchKind::Glob => Compiled::Glob(Glob::new(p, Case::Sensitive)),
            MatchKind::GlobNoCase => Compiled::Glob(Glob::new(p, Case::Insensitive)),
            MatchKind::Arn => Compiled::Arn(ArnGlob::new(p)),
        });
        Matcher { kind, compiled, template }
    }

    pub fn matches(&self, text: &str, ctx: &dyn Lookup) -> Result<bool, Unresolved> {
        if let Some(c) = &self.compiled {
            return Ok(match c {
                Compiled::Glob(g) => g.matches(text),
                Compiled::Arn(a) => a.matches(text),
            });
        }
        // Substitute into one element list: the only allocation of a match with variables.
        let mut elems = Vec::with_capacity(64);
        let mut seps = if self.kind == MatchKind::Arn { 5 } else { 0 };
        for piece in self.template.pieces() {
            match piece {
                Piece::Text(t) => push_pattern(&mut elems, t, &mut seps),
                Piece::Literal(c) => elems.push(Elem::Char(*c)),
                Piece::Var { key, default } => {
                    push_literal(&mut elems, resolve_var(key, default.as_deref(), ctx).ok_or(Unresolved)?)
                }
            }
        }
        Ok(match self.kind {
            MatchKind::Glob => wild_match(&elems, text, Case::Sensitive),
            MatchKind::GlobNoCase => wild_match(&elems, text, Case::Insensitive),
            MatchKind::Arn => arn_match(&elems, text),
        })
    }

    pub fn template(&self) -> &Template {
        &self.template
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(p: &str) -> Glob {
        Glob::new(p, Case::Sensitive)
    }

    #[test]
    fn star_and_question_mark() {
        assert!(g("*").matches(""));
        assert!(g("a*").matches("a"));
        assert!(g("a*c").matches("abbbc"));
        assert!(!g("a*c").matches("abbbd"));
        assert!(g("a?c").matches("abc"));
        assert!(!g("a?c").matches("ac"));
        assert!(g("*b*b*").matches("abxxb"));
        assert!(!g("*b*b*").matches("abxx"));
        assert!(g("?é?").matches("xéy"), "? is one character, not one byte");
        assert!(g("**a").matches("ba"));
    }

    #[test]
    fn case() {
        assert!(!g("s3:GetObject").matches("s3:getobject"));
        assert!(Glob::new("s3:Get*", Case::Insensitive).matches("S3:GETOBJECT"));
        assert!(Glob::new("S3:GETOBJECT", Case::Insensitive).matches("s3:GetObject"));
        assert!(Glob::new("s3:*Object", Case::Insensitive).matches("s3:getOBJECT"));
    }

    #[test]
    fn literal_parts_are_not_wildcards() {
        let glob = Glob::from_parts(&[Resolved::Pattern("a/"), Resolved::Literal("*")], Case::Sensitive);
        assert!(glob.matches("a/*"));
        assert!(!glob.matches("a/b"));
    }

    #[test]
    fn arn_segments() {
        let a = ArnGlob::new("arn:aws:someservice:*:111122223333:finance/*");
        assert!(a.matches("arn:aws:someservice:us-east-2:111122223333:finance/doc.txt"));
        assert!(!a.matches("arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"));
        assert!(
            g("arn:aws:someservice:*:111122223333:finance/*")
                .matches("arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt")
        );
        let r = ArnGlob::new("arn:aws:s3:::bucket/*");
        assert!(r.matches("arn:aws:s3:::bucket/a:b/c"), "the resource segment keeps its colons");
        assert!(!ArnGlob::new("arn:aws:s3:::b").matches("arn:aws:s3"));
        assert!(ArnGlob::new("*").matches("anything"));
    }
}
