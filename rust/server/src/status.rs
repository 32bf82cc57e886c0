//! The one place engine errors become gRPC statuses, and statuses become the
//! AWS error a client reports.
//!
//! A status carries the AWS error code in a `google.rpc.ErrorInfo` detail
//! (reason = code, domain = "<service>.labcloud.dev", metadata = the HTTP
//! status S3 would give plus the error's extra fields), so any gRPC client
//! can recover exactly what AWS would have said.

use std::collections::HashMap;

use labcloud_kinesis::KinesisError;
use labcloud_cache::CacheError;
use labcloud_s3::S3Error;
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

pub const S3_DOMAIN: &str = "s3.labcloud.dev";
pub const KINESIS_DOMAIN: &str = "kinesis.labcloud.dev";
pub const ELASTICACHE_DOMAIN: &str = "elasticache.labcloud.dev";
const HTTP_STATUS: &str = "http_status";

fn with_info(code: Code, message: String, reason: &str, domain: &str, http: u16, fields: Vec<(&str, String)>) -> Status {
    let mut md: HashMap<String, String> = fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    md.insert(HTTP_STATUS.into(), http.to_string());
    Status::with_error_details(code, message, ErrorDetails::with_error_info(reason, domain, md))
}

/// A status for an AWS error raised outside the Rust engines (the control
/// plane): the gRPC code follows from the HTTP status AWS would give.
pub fn aws_status(code: &str, message: String, domain: &str, http: u16, fields: Vec<(&str, String)>) -> Status {
    let grpc = match http {
        400 => Code::InvalidArgument,
        401 | 403 => Code::PermissionDenied,
        404 => Code::NotFound,
        409 => Code::AlreadyExists,
        412 | 304 | 405 => Code::FailedPrecondition,
        416 => Code::OutOfRange,
        429 => Code::ResourceExhausted,
        501 => Code::Unimplemented,
        503 => Code::Unavailable,
        _ => Code::Internal,
    };
    with_info(grpc, message, code, domain, http, fields)
}

/// The ErrorInfo domain of a gRPC service: "labcloud.ec2.v1.Ec2Service" is
/// "ec2.labcloud.dev".
pub fn domain_of(service: &str) -> String {
    let short = service.strip_prefix("labcloud.").and_then(|s| s.split('.').next()).unwrap_or(service);
    format!("{short}.labcloud.dev")
}

pub fn s3_status(e: S3Error) -> Status {
    let code = match &e {
        S3Error::BucketAlreadyOwnedByYou { .. } => Code::AlreadyExists,
        S3Error::SlowDown => Code::ResourceExhausted,
        S3Error::Internal(_) => Code::Internal,
        S3Error::InvalidRange { .. } | S3Error::InvalidPartNumber { .. } => Code::OutOfRange,
        e => match e.http_status() {
            404 => Code::NotFound,
            304 | 405 | 409 | 412 => Code::FailedPrecondition,
            _ => Code::InvalidArgument,
        },
    };
    with_info(code, e.to_string(), e.code(), S3_DOMAIN, e.http_status(), e.fields())
}

pub fn kinesis_status(e: KinesisError) -> Status {
    let code = match &e {
        KinesisError::ResourceNotFound(_) => Code::NotFound,
        KinesisError::InvalidArgument(_) | KinesisError::Validation(_) => Code::InvalidArgument,
        KinesisError::ProvisionedThroughputExceeded(_) | KinesisError::LimitExceeded(_) => Code::ResourceExhausted,
        KinesisError::ResourceInUse(_) | KinesisError::ExpiredIterator(_) | KinesisError::ExpiredNextToken(_) => {
            Code::FailedPrecondition
        }
        KinesisError::Internal(_) => Code::Internal,
    };
    with_info(code, e.to_string(), e.code(), KINESIS_DOMAIN, e.http_status(), e.fields())
}

/// A Kinesis request that does not even decode: what Kinesis answers a
/// body it cannot parse.
pub fn kinesis_malformed(message: impl Into<String>) -> Status {
    with_info(Code::InvalidArgument, message.into(), "SerializationException", KINESIS_DOMAIN, 400, vec![])
}

pub fn elasticache_status(e: CacheError) -> Status {
    let code = match &e {
        CacheError::CacheClusterAlreadyExists(_) | CacheError::ReplicationGroupAlreadyExists(_) => Code::AlreadyExists,
        CacheError::CacheClusterNotFound(_) | CacheError::ReplicationGroupNotFound(_) => Code::NotFound,
        CacheError::InvalidCacheClusterState(_) => Code::FailedPrecondition,
        CacheError::NodeGroupsPerReplicationGroupQuotaExceeded => Code::ResourceExhausted,
        CacheError::Endpoint(_) => Code::Unavailable,
        CacheError::InvalidParameterValue(_) | CacheError::InvalidParameterCombination(_) => Code::InvalidArgument,
    };
    with_info(code, e.to_string(), e.code(), ELASTICACHE_DOMAIN, e.http_status(), vec![])
}

/// A request the service cannot even interpret (a stream without its header,
/// say): S3's InvalidRequest, HTTP 400.
pub fn bad_request(domain: &str, message: impl Into<String>) -> Status {
    with_info(Code::InvalidArgument, message.into(), "InvalidRequest", domain, 400, vec![])
}

/// What an AWS client reports for a failed call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsError {
    pub code: String,
    pub message: String,
    pub http_status: u16,
    pub fields: Vec<(String, String)>,
    pub grpc_code: i32,
}

impl AwsError {
    /// Reads the ErrorInfo detail; a status without one (from the transport,
    /// or an unknown method) gets the nearest AWS code for its gRPC code.
    pub fn from_status(s: &Status) -> AwsError {
        if let Some(info) = s.get_details_error_info() {
            let http_status = info.metadata.get(HTTP_STATUS).and_then(|v| v.parse().ok()).unwrap_or(500);
            let mut fields: Vec<(String, String)> =
                info.metadata.into_iter().filter(|(k, _)| k != HTTP_STATUS).collect();
            fields.sort();
            return AwsError {
                code: info.reason,
                message: s.message().to_string(),
                http_status,
                fields,
                grpc_code: s.code() as i32,
            };
        }
        let (code, http) = match s.code() {
            Code::InvalidArgument => ("InvalidArgument", 400),
            Code::NotFound => ("ResourceNotFound", 404),
            Code::Unimplemented => ("NotImplemented", 501),
            Code::Unavailable => ("ServiceUnavailable", 503),
            Code::DeadlineExceeded => ("RequestTimeout", 408),
            Code::ResourceExhausted => ("Throttling", 429),
            Code::PermissionDenied => ("AccessDenied", 403),
            Code::Unauthenticated => ("InvalidClientTokenId", 403),
            _ => ("InternalError", 500),
        };
        AwsError {
            code: code.into(),
            message: s.message().to_string(),
            http_status: http,
            fields: vec![],
            grpc_code: s.code() as i32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_errors_round_trip_through_a_status() {
        let s = s3_status(S3Error::NoSuchKey { key: "a/b".into() });
        assert_eq!(s.code(), Code::NotFound);
        let e = AwsError::from_status(&s);
        assert_eq!(e.code, "NoSuchKey");
        assert_eq!(e.http_status, 404);
        assert_eq!(e.fields, vec![("Key".to_string(), "a/b".to_string())]);
        assert_eq!(e.message, "The specified key does not exist.");
    }

    #[test]
    fn control_plane_errors_carry_their_code_and_status() {
        let s = aws_status("AccessDenied", "no".into(), &domain_of("labcloud.iam.v1.IamService"), 403, vec![]);
        assert_eq!(s.code(), Code::PermissionDenied);
        let e = AwsError::from_status(&s);
        assert_eq!((e.code.as_str(), e.http_status), ("AccessDenied", 403));
        assert_eq!(s.get_details_error_info().unwrap().domain, "iam.labcloud.dev");
    }

    #[test]
    fn kinesis_errors_round_trip_through_a_status() {
        let s = kinesis_status(KinesisError::ProvisionedThroughputExceeded("Rate exceeded".into()));
        assert_eq!(s.code(), Code::ResourceExhausted);
        let e = AwsError::from_status(&s);
        assert_eq!((e.code.as_str(), e.http_status, e.message.as_str()), ("ProvisionedThroughputExceededException", 400, "Rate exceeded"));
        assert!(e.fields.is_empty());
    }

    #[test]
    fn elasticache_errors_carry_their_code() {
        let e = AwsError::from_status(&elasticache_status(CacheError::CacheClusterNotFound("x".into())));
        assert_eq!((e.code.as_str(), e.http_status), ("CacheClusterNotFound", 404));
        assert_eq!(e.message, "CacheCluster not found: x");
    }

    #[test]
    fn plain_statuses_get_the_nearest_aws_code() {
        let e = AwsError::from_status(&Status::unimplemented("no such method"));
        assert_eq!((e.code.as_str(), e.http_status), ("NotImplemented", 501));
    }
}
