"""Policy documents and their evaluation, over the native implementation.

A malformed document raises the AWS error a control-plane handler raises
(``labcloud._core.ServiceError``) with ``code == "MalformedPolicyDocument"``,
IAM's message, ``http_status == 400`` and, when the problem has a place,
``fields["path"]`` (for example ``"Statement[1].Action"``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from labcloud import _core

__all__ = ["Evaluation", "MatchedStatement", "Policy", "Principal", "evaluate", "validate"]

PolicyKind = Literal["identity", "resource", "trust"]
Decision = Literal["Allow", "ExplicitDeny", "ImplicitDeny"]


def _text(document: str | Mapping[str, Any]) -> str:
    return document if isinstance(document, str) else json.dumps(document)


def validate(document: str | Mapping[str, Any], kind: PolicyKind = "identity") -> None:
    """Raises ``ServiceError`` (MalformedPolicyDocument) unless the document is
    a valid policy of ``kind``: "identity" (also permissions boundaries and
    session policies), "resource" (bucket and key policies) or "trust" (a
    role's trust policy)."""
    _core.IamPolicy(_text(document), kind)


class Policy:
    """A validated policy document, parsed once and reused by every evaluation.

    ``id`` names it in evaluation results (a policy ARN, ``user/alice/inline``).
    """

    __slots__ = ("_native", "document")

    def __init__(self, document: str | Mapping[str, Any], kind: PolicyKind = "identity", id: str = "policy"):
        self.document = _text(document)
        self._native = _core.IamPolicy(self.document, kind, id)

    @property
    def id(self) -> str:
        return self._native.id

    @property
    def kind(self) -> str:
        return self._native.kind

    @property
    def version(self) -> str:
        """The policy language version: "2012-10-17" or "2008-10-17" (variables are literal text)."""
        return self._native.version

    @property
    def sids(self) -> list[str | None]:
        return self._native.sids

    def __repr__(self) -> str:
        return f"Policy(id={self.id!r}, kind={self.kind!r}, statements={len(self.sids)})"


@dataclass(frozen=True)
class Principal:
    """Who makes a request. Build one with the class methods; ARNs are formed
    as AWS forms them."""

    type: Literal["root", "user", "role_session", "federated_user", "service", "web_identity", "anonymous"]
    account: str | None = None
    name: str | None = None
    path: str = "/"
    id: str = ""
    role: str | None = None
    role_path: str = "/"
    role_id: str = ""
    session: str | None = None
    user_arn: str | None = None
    provider: str | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    context: Mapping[str, str] = field(default_factory=dict)
    """Keys that travel with the principal, e.g. ``aws:TokenIssueTime``, ``aws:MultiFactorAuthPresent``."""
    canonical_user: str | None = None

    @classmethod
    def root(cls, account: str) -> Principal:
        return cls("root", account=account)

    @classmethod
    def user(cls, account: str, name: str, *, path: str = "/", id: str = "", tags: Mapping[str, str] | None = None,
             context: Mapping[str, str] | None = None) -> Principal:
        return cls("user", account=account, name=name, path=path, id=id, tags=dict(tags or {}),
                   context=dict(context or {}))

    @classmethod
    def role_session(cls, account: str, role: str, session: str, *, role_path: str = "/", role_id: str = "",
                     tags: Mapping[str, str] | None = None, context: Mapping[str, str] | None = None) -> Principal:
        return cls("role_session", account=account, role=role, session=session, role_path=role_path, role_id=role_id,
                   tags=dict(tags or {}), context=dict(context or {}))

    @classmethod
    def federated_user(cls, account: str, name: str, user_arn: str) -> Principal:
        return cls("federated_user", account=account, name=name, user_arn=user_arn)

    @classmethod
    def service(cls, name: str) -> Principal:
        return cls("service", name=name)

    @classmethod
    def web_identity(cls, provider: str) -> Principal:
        return cls("web_identity", provider=provider)

    @classmethod
    def anonymous(cls) -> Principal:
        return cls("anonymous")

    def _native(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "type": self.type, "account": self.account, "name": self.name, "path": self.path, "id": self.id,
            "role": self.role, "role_path": self.role_path, "role_id": self.role_id, "session": self.session,
            "user_arn": self.user_arn, "provider": self.provider, "tags": dict(self.tags),
            "context": dict(self.context), "canonical_user": self.canonical_user,
        }
        return d


@dataclass(frozen=True)
class MatchedStatement:
    """A statement that applied to the request."""

    policy_id: str
    role: Literal["identity", "boundary", "session", "resource"]
    index: int
    """Position in the policy's Statement list."""
    sid: str | None
    effect: Literal["Allow", "Deny"]


@dataclass(frozen=True)
class Evaluation:
    decision: Decision
    matched: tuple[MatchedStatement, ...]
    """Every statement that applied, allowing or denying, in evaluation order."""
    missing_context_keys: tuple[str, ...]
    """Context keys (lower-cased) that conditions asked for and the request did not carry."""
    identity_allows: bool
    boundary_allows: bool | None
    session_allows: bool | None
    resource_grant: Literal["direct", "parent", "account"] | None
    """How the resource policy's allowing statements named the principal."""
    cross_account: bool

    @property
    def allowed(self) -> bool:
        return self.decision == "Allow"

    @property
    def deciding(self) -> tuple[MatchedStatement, ...]:
        """The statements behind the decision: the denials of an explicit deny,
        the allows of an allow, none for an implicit deny."""
        effect = {"Allow": "Allow", "ExplicitDeny": "Deny"}.get(self.decision)
        return tuple(m for m in self.matched if m.effect == effect)


def evaluate(
    principal: Principal,
    action: str,
    resource: str = "*",
    *,
    identity: Sequence[Policy] = (),
    boundary: Policy | None = None,
    session: Sequence[Policy] = (),
    resource_policy: Policy | None = None,
    resource_account: str | None = None,
    resource_required: bool = False,
    context: Mapping[str, str | Sequence[str]] | None = None,
) -> Evaluation:
    """AWS's decision for ``principal`` performing ``action`` on ``resource``.

    ``identity``: the principal's identity-based policies; ``boundary``: its
    permissions boundary; ``session``: session policies passed when the
    session was created; ``resource_policy``: the resource's policy, in
    ``resource_account`` (default: the principal's account);
    ``resource_required``: the resource policy must allow (trust and key
    policies); ``context``: context keys such as ``aws:SourceIp`` (a list of
    strings for multivalued keys).
    """
    raw = _core.iam_evaluate(
        principal._native(), action, resource,
        identity=[p._native for p in identity],
        boundary=boundary._native if boundary else None,
        session=[p._native for p in session],
        resource_policy=resource_policy._native if resource_policy else None,
        resource_account=resource_account,
        resource_required=resource_required,
        context={k: (v if isinstance(v, str) else list(v)) for k, v in (context or {}).items()},
    )
    return Evaluation(
        decision=raw["decision"],
        matched=tuple(MatchedStatement(**m) for m in raw["matched"]),
        missing_context_keys=tuple(raw["missing_context_keys"]),
        identity_allows=raw["identity_allows"],
        boundary_allows=raw["boundary_allows"],
        session_allows=raw["session_allows"],
        resource_grant=raw["resource_grant"],
        cross_account=raw["cross_account"],
    )
