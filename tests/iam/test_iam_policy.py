"""labcloud.iam.policy: validation and evaluation through the native module.

The policy-evaluation corpus lives in rust/iam/tests/corpus; these tests
check that the Python facade carries documents, principals, context and
results across faithfully.
"""

import pytest

from labcloud import _core
from labcloud.iam import Policy, Principal, evaluate, validate

ACCOUNT = "111122223333"
OTHER = "444455556666"


def doc(*statements, version="2012-10-17"):
    return {"Version": version, "Statement": list(statements)}


def test_validate_accepts_each_kind_as_dict_or_text():
    validate(doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}))
    validate('{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}}')
    validate(doc({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}),
             "resource")
    validate(doc({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}),
             "trust")


@pytest.mark.parametrize(
    ("document", "kind", "message", "path"),
    [
        ("{not json", "identity", "Syntax errors in policy.", None),
        (doc({"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}), "identity",
         "Policy document should not specify a principal.", "Statement[0].Principal"),
        (doc({"Effect": "Allow", "Action": "s3:*", "Resource": "*"}), "resource",
         "Missing required field Principal", "Statement[0].Principal"),
        (doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "bucket"}), "identity",
         'Resource bucket must be in ARN format or "*".', "Statement[0].Resource"),
        (doc({"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole", "Resource": "*"}), "trust",
         "Has prohibited field Resource", "Statement[0].Resource"),
        ({"Version": "2012-10-18", "Statement": []}, "identity", "The policy failed legacy parsing", "Version"),
    ],
)
def test_malformed_documents_raise_the_aws_error(document, kind, message, path):
    with pytest.raises(_core.ServiceError) as e:
        validate(document, kind)
    assert e.value.code == "MalformedPolicyDocument"
    assert e.value.message == message
    assert e.value.http_status == 400
    assert e.value.fields.get("path") == path


def test_unknown_kind_is_a_value_error():
    with pytest.raises(ValueError, match="policy kind must be"):
        validate(doc({"Effect": "Allow", "Action": "s3:*", "Resource": "*"}), "bucket")


def test_policy_keeps_its_id_kind_version_and_sids():
    p = Policy(doc({"Sid": "Read", "Effect": "Allow", "Action": "s3:Get*", "Resource": "*"},
                   {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}),
               id="arn:aws:iam::111122223333:policy/Read")
    assert (p.id, p.kind, p.version, p.sids) == ("arn:aws:iam::111122223333:policy/Read", "identity", "2012-10-17",
                                                ["Read", None])
    assert Policy({"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}).version == "2008-10-17"


def test_explicit_deny_wins_and_reports_the_statements():
    read = Policy(doc({"Sid": "All", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}), id="read")
    guard = Policy(doc({"Sid": "NoLogs", "Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::*log*"}),
                   id="guard")
    alice = Principal.user(ACCOUNT, "alice")

    denied = evaluate(alice, "s3:PutObject", "arn:aws:s3:::app-logs/x", identity=[read, guard])
    assert denied.decision == "ExplicitDeny" and not denied.allowed
    assert [(m.policy_id, m.role, m.index, m.sid, m.effect) for m in denied.matched] == [
        ("read", "identity", 0, "All", "Allow"),
        ("guard", "identity", 0, "NoLogs", "Deny"),
    ]
    assert [m.sid for m in denied.deciding] == ["NoLogs"]

    allowed = evaluate(alice, "s3:PutObject", "arn:aws:s3:::app-data/x", identity=[read, guard])
    assert allowed.decision == "Allow" and [m.sid for m in allowed.deciding] == ["All"]
    assert evaluate(alice, "s3:PutObject", "arn:aws:s3:::app-data/x").decision == "ImplicitDeny"


def test_variables_tags_and_missing_context_keys():
    home = Policy(doc({"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::home/${aws:username}/*",
                       "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"},
                                     "StringEquals": {"aws:PrincipalTag/team": "blue"}}}))
    alice = Principal.user(ACCOUNT, "alice", tags={"team": "blue"})
    ok = evaluate(alice, "s3:GetObject", "arn:aws:s3:::home/alice/a", identity=[home],
                  context={"aws:SourceIp": "10.2.3.4"})
    assert ok.allowed
    other = evaluate(alice, "s3:GetObject", "arn:aws:s3:::home/bob/a", identity=[home],
                     context={"aws:SourceIp": "10.2.3.4"})
    assert other.decision == "ImplicitDeny"
    missing = evaluate(alice, "s3:GetObject", "arn:aws:s3:::home/alice/a", identity=[home])
    assert missing.decision == "ImplicitDeny" and missing.missing_context_keys == ("aws:sourceip",)


def test_multivalued_context_keys_take_lists():
    tagging = Policy(doc({"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*",
                          "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "owner"]}}}))
    alice = Principal.user(ACCOUNT, "alice")
    assert evaluate(alice, "ec2:CreateTags", context={"aws:TagKeys": ["env"]}, identity=[tagging]).allowed
    assert not evaluate(alice, "ec2:CreateTags", context={"aws:TagKeys": ("env", "cost")}, identity=[tagging]).allowed


def test_boundaries_sessions_and_cross_account():
    everything = Policy(doc({"Effect": "Allow", "Action": "*", "Resource": "*"}))
    s3_only = Policy(doc({"Effect": "Allow", "Action": "s3:*", "Resource": "*"}))
    session = Principal.role_session(OTHER, "Analyst", "s1")

    capped = evaluate(session, "dynamodb:GetItem", "*", identity=[everything], boundary=s3_only)
    assert (capped.decision, capped.boundary_allows, capped.session_allows) == ("ImplicitDeny", False, None)

    narrowed = evaluate(session, "s3:DeleteObject", "arn:aws:s3:::b/k", identity=[everything], session=[
        Policy(doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}))])
    assert (narrowed.decision, narrowed.session_allows) == ("ImplicitDeny", False)

    bucket = Policy(doc({"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "s3:GetObject",
                         "Resource": "arn:aws:s3:::shared/*"}), kind="resource", id="arn:aws:s3:::shared")
    both = evaluate(session, "s3:GetObject", "arn:aws:s3:::shared/x", identity=[everything], resource_policy=bucket,
                    resource_account=ACCOUNT)
    assert (both.decision, both.cross_account, both.resource_grant) == ("Allow", True, "account")
    one_side = evaluate(session, "s3:GetObject", "arn:aws:s3:::shared/x", resource_policy=bucket,
                        resource_account=ACCOUNT)
    assert one_side.decision == "ImplicitDeny"


def test_trust_policy_must_allow_when_required():
    trust = Policy(doc({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/alice"},
                        "Action": "sts:AssumeRole"}), kind="trust")
    role = f"arn:aws:iam::{ACCOUNT}:role/Deploy"
    assert evaluate(Principal.user(ACCOUNT, "alice"), "sts:AssumeRole", role, resource_policy=trust,
                    resource_required=True).allowed
    bob = Principal.user(ACCOUNT, "bob")
    assume_any = Policy(doc({"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}))
    assert not evaluate(bob, "sts:AssumeRole", role, identity=[assume_any], resource_policy=trust,
                        resource_required=True).allowed


def test_principal_needs_the_fields_of_its_type():
    with pytest.raises(ValueError, match="needs"):
        evaluate(Principal("user", account=ACCOUNT), "s3:GetObject")
    with pytest.raises(ValueError, match="principal type"):
        evaluate(Principal("robot"), "s3:GetObject")  # type: ignore[arg-type]
