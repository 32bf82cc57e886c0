"""Who may do what: the IAM policy language and AWS's evaluation logic.

    from labcloud.iam import Policy, Principal, evaluate

    policy = Policy({"Version": "2012-10-17", "Statement": [...]})
    alice = Principal.user("111122223333", "alice")
    result = evaluate(alice, "s3:GetObject", "arn:aws:s3:::data/a", identity=[policy])
    result.decision            # "Allow", "ExplicitDeny" or "ImplicitDeny"

Parsing and evaluation are the Rust implementation the data plane runs
(``labcloud-iam``), so the control plane and the engines never disagree.
"""

from labcloud.iam.policy import (
    Evaluation,
    MatchedStatement,
    Policy,
    Principal,
    evaluate,
    validate,
)

__all__ = ["Evaluation", "MatchedStatement", "Policy", "Principal", "evaluate", "validate"]
