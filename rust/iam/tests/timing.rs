//! What one authorisation check costs, as the data plane makes it: a user
//! with four identity-based policies (a dozen statements, wildcards, a
//! policy variable, conditions on source IP, transport and tags), a
//! permissions boundary, and a bucket policy.
//!
//! Run with `cargo test -p labcloud-iam --release --test timing -- --ignored --nocapture`.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use labcloud_iam::{Context, Decision, Policies, Policy, PolicyKind, Principal, Request, authorize, evaluate};

fn identity(id: &str, json: &str) -> Arc<Policy> {
    Arc::new(Policy::parse(id, json, PolicyKind::Identity).unwrap())
}

#[test]
#[ignore = "timing; run explicitly in release mode"]
fn authorisation_check_takes_microseconds() {
    let policies = [
        identity(
            "ReadData",
            r#"{"Version":"2012-10-17","Statement":[
                {"Sid":"List","Effect":"Allow","Action":["s3:ListBucket","s3:GetBucketLocation"],"Resource":"arn:aws:s3:::data"},
                {"Sid":"Read","Effect":"Allow","Action":["s3:GetObject","s3:GetObjectVersion"],"Resource":"arn:aws:s3:::data/*",
                 "Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.0.2.0/24"]},"Bool":{"aws:SecureTransport":"true"}}},
                {"Sid":"NoSecrets","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::data/secret/*"}]}"#,
        ),
        identity(
            "Home",
            r#"{"Version":"2012-10-17","Statement":[
                {"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::home/${aws:username}","arn:aws:s3:::home/${aws:username}/*"]}]}"#,
        ),
        identity(
            "Tables",
            r#"{"Version":"2012-10-17","Statement":[
                {"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query","dynamodb:PutItem"],"Resource":"arn:aws:dynamodb:*:111122223333:table/orders*"},
                {"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}},
                {"Effect":"Deny","Action":"dynamodb:DeleteTable","Resource":"*"}]}"#,
        ),
        identity(
            "Streams",
            r#"{"Version":"2012-10-17","Statement":[
                {"Effect":"Allow","Action":["kinesis:PutRecord","kinesis:PutRecords"],"Resource":"arn:aws:kinesis:*:111122223333:stream/ingest-*"},
                {"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"arn:aws:s3:::scratch/*"},
                {"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}}]}"#,
        ),
    ];
    let boundary = Policy::parse(
        "Boundary",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","dynamodb:*","kinesis:*"],"Resource":"*"}]}"#,
        PolicyKind::Identity,
    )
    .unwrap();
    let bucket = Policy::parse(
        "arn:aws:s3:::data",
        r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::data","arn:aws:s3:::data/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}},
            {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/Auditor"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::data/*"}]}"#,
        PolicyKind::Resource,
    )
    .unwrap();
    let alice = Principal::user("111122223333", "/", "alice", "AIDAEXAMPLE").with_tag("team", "blue");
    let set =
        Policies { identity: &policies, boundary: Some(&boundary), resource: Some(&bucket), ..Policies::default() };

    let mut ctx = Context::new();
    ctx.set("aws:SourceIp", "10.1.2.3").set("aws:SecureTransport", "true").set("aws:RequestedRegion", "us-east-1");
    ctx.set_time(1_700_000_000.0);
    let req =
        Request::new(&alice, "s3:GetObject", "arn:aws:s3:::data/reports/2024.csv", &ctx).in_account("111122223333");
    assert_eq!(authorize(&req, &set), Decision::Allow);
    let home = Request::new(&alice, "s3:PutObject", "arn:aws:s3:::home/alice/x", &ctx).in_account("111122223333");
    assert_eq!(authorize(&home, &set), Decision::Allow);

    let n = 200_000;
    for (label, r) in [("allow via a condition", &req), ("allow via ${aws:username}", &home)] {
        let start = Instant::now();
        for _ in 0..n {
            black_box(authorize(black_box(r), &set));
        }
        let per = start.elapsed().as_nanos() as f64 / n as f64;
        let start = Instant::now();
        for _ in 0..n / 10 {
            black_box(evaluate(black_box(r), &set));
        }
        let per_eval = start.elapsed().as_nanos() as f64 / (n / 10) as f64;
        println!("authorize ({label}): {per:.0} ns per check; evaluate with matched statements: {per_eval:.0} ns");
        assert!(per < 20_000.0, "an authorisation check took {per:.0} ns; it should take microseconds");
    }

    // Building the per-request context is part of the cost in the request path.
    let start = Instant::now();
    for _ in 0..n {
        let mut c = Context::new();
        c.set("aws:SourceIp", "10.1.2.3").set("aws:SecureTransport", "true").set("aws:RequestedRegion", "us-east-1");
        c.set_time(1_700_000_000.0);
        let r =
            Request::new(&alice, "s3:GetObject", "arn:aws:s3:::data/reports/2024.csv", &c).in_account("111122223333");
        black_box(authorize(&r, &set));
    }
    let per = start.elapsed().as_nanos() as f64 / n as f64;
    println!("context + authorize: {per:.0} ns per request");
}
