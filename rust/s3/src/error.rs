use labcloud_core::CoreError;

/// Everything an S3 call can fail with. Each variant is one S3 error code;
/// [`S3Error::code`] and [`S3Error::http_status`] give what S3 would answer.
#[derive(Debug, thiserror::Error)]
pub enum S3Error {
    /// The bucket does not exist.
    #[error("The specified bucket does not exist")]
    NoSuchBucket { bucket: String },
    /// The key does not exist (or its latest version is a delete marker).
    #[error("The specified key does not exist.")]
    NoSuchKey { key: String },
    /// The version id names no version of the key.
    #[error("The specified version does not exist.")]
    NoSuchVersion { key: String, version_id: String },
    /// The multipart upload does not exist: never created, completed or aborted.
    #[error(
        "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed."
    )]
    NoSuchUpload { upload_id: String },
    /// A bucket must be empty (no objects, versions or delete markers) to be deleted.
    #[error("The bucket you tried to delete is not empty")]
    BucketNotEmpty { bucket: String },
    /// The bucket exists and belongs to the caller.
    #[error("Your previous request to create the named bucket succeeded and you already own it.")]
    BucketAlreadyOwnedByYou { bucket: String },
    /// The name breaks one of S3's bucket naming rules.
    #[error("The specified bucket is not valid: {reason}")]
    InvalidBucketName { bucket: String, reason: &'static str },
    /// Keys are at most 1024 bytes of UTF-8.
    #[error("Your key is too long: {len} bytes; the limit is 1024")]
    KeyTooLong { len: usize },
    /// A request argument is malformed or out of range.
    #[error("{message}")]
    InvalidArgument {
        name: &'static str,
        value: String,
        message: String,
    },
    /// The requested range starts beyond the end of the object.
    #[error("The requested range is not satisfiable")]
    InvalidRange { range: String, size: u64 },
    /// A part read (GetObject partNumber) beyond the object's parts.
    #[error("The requested partnumber is not satisfiable")]
    InvalidPartNumber { part_number: i32 },
    /// A part named in CompleteMultipartUpload is missing or its ETag differs.
    #[error(
        "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag."
    )]
    InvalidPart { part_number: i32, etag: String },
    /// Parts in CompleteMultipartUpload must be in ascending order.
    #[error("The list of parts was not in ascending order. Parts must be ordered by part number.")]
    InvalidPartOrder,
    /// Every part but the last must be at least 5 MiB.
    #[error("Your proposed upload is smaller than the minimum allowed size")]
    EntityTooSmall { part_number: i32, size: u64, min: u64 },
    /// The body exceeds the largest object or part allowed.
    #[error("Your proposed upload exceeds the maximum allowed size")]
    EntityTooLarge { size: u64, max: u64 },
    /// The request is structurally wrong (S3 reports these as bad XML).
    #[error("The XML you provided was not well-formed or did not validate against our published schema: {0}")]
    MalformedXml(String),
    /// A request that is well-formed but not allowed.
    #[error("{0}")]
    InvalidRequest(String),
    /// A conditional request's condition does not hold.
    #[error("At least one of the pre-conditions you specified did not hold")]
    PreconditionFailed { condition: &'static str },
    /// A conditional read whose object has not changed (HTTP 304).
    #[error("Not Modified")]
    NotModified,
    /// A GET of a delete marker by version id.
    #[error("The specified method is not allowed against this resource.")]
    MethodNotAllowed { method: &'static str },
    /// The location constraint does not fit the endpoint's region.
    #[error("The {constraint} location constraint is incompatible for the region specific endpoint this request was sent to.")]
    IllegalLocationConstraint { constraint: String },
    /// The location constraint is not a region name S3 accepts.
    #[error("The specified location-constraint is not valid")]
    InvalidLocationConstraint { constraint: String },
    /// The bucket is receiving more requests per second than S3 allows.
    #[error("Please reduce your request rate.")]
    SlowDown,
    /// The body ended before the declared content length.
    #[error("You did not provide the number of bytes specified by the Content-Length HTTP header.")]
    IncompleteBody { expected: u64, received: u64 },
    /// User metadata exceeds 2 KB.
    #[error("Your metadata headers exceed the maximum allowed metadata size")]
    MetadataTooLarge { size: usize },
    /// The engine's storage failed; the operation may or may not have happened.
    #[error("We encountered an internal error. Please try again. ({0})")]
    Internal(#[from] CoreError),
}

impl S3Error {
    /// The S3 error code.
    pub fn code(&self) -> &'static str {
        use S3Error::*;
        match self {
            NoSuchBucket { .. } => "NoSuchBucket",
            NoSuchKey { .. } => "NoSuchKey",
            NoSuchVersion { .. } => "NoSuchVersion",
            NoSuchUpload { .. } => "NoSuchUpload",
            BucketNotEmpty { .. } => "BucketNotEmpty",
            BucketAlreadyOwnedByYou { .. } => "BucketAlreadyOwnedByYou",
            InvalidBucketName { .. } => "InvalidBucketName",
            KeyTooLong { .. } => "KeyTooLongError",
            InvalidArgument { .. } => "InvalidArgument",
            InvalidRange { .. } => "InvalidRange",
            InvalidPartNumber { .. } => "InvalidPartNumber",
            InvalidPart { .. } => "InvalidPart",
            InvalidPartOrder => "InvalidPartOrder",
            EntityTooSmall { .. } => "EntityTooSmall",
            EntityTooLarge { .. } => "EntityTooLarge",
            MalformedXml(_) => "MalformedXML",
            InvalidRequest(_) => "InvalidRequest",
            PreconditionFailed { .. } => "PreconditionFailed",
            NotModified => "NotModified",
            MethodNotAllowed { .. } => "MethodNotAllowed",
            IllegalLocationConstraint { .. } => "IllegalLocationConstraintException",
            InvalidLocationConstraint { .. } => "InvalidLocationConstraint",
            SlowDown => "SlowDown",
            IncompleteBody { .. } => "IncompleteBody",
            MetadataTooLarge { .. } => "MetadataTooLarge",
            Internal(_) => "InternalError",
        }
    }

    /// The HTTP status S3 answers with.
    pub fn http_status(&self) -> u16 {
        use S3Error::*;
        match self {
            NoSuchBucket { .. } | NoSuchKey { .. } | NoSuchVersion { .. } | NoSuchUpload { .. } => 404,
            BucketNotEmpty { .. } | BucketAlreadyOwnedByYou { .. } => 409,
            InvalidRange { .. } | InvalidPartNumber { .. } => 416,
            PreconditionFailed { .. } => 412,
            NotModified => 304,
            MethodNotAllowed { .. } => 405,
            SlowDown => 503,
            Internal(_) => 500,
            _ => 400,
        }
    }

    /// S3's extra fields in the error body, e.g. `BucketName`, `Key`.
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        use S3Error::*;
        match self {
            NoSuchBucket { bucket }
            | BucketNotEmpty { bucket }
            | BucketAlreadyOwnedByYou { bucket }
            | InvalidBucketName { bucket, .. } => vec![("BucketName", bucket.clone())],
            NoSuchKey { key } => vec![("Key", key.clone())],
            NoSuchVersion { key, version_id } => {
                vec![("Key", key.clone()), ("VersionId", version_id.clone())]
            }
            NoSuchUpload { upload_id } => vec![("UploadId", upload_id.clone())],
            KeyTooLong { len } => vec![("Size", len.to_string()), ("MaxSizeAllowed", "1024".into())],
            InvalidArgument { name, value, .. } => {
                vec![("ArgumentName", name.to_string()), ("ArgumentValue", value.clone())]
            }
            InvalidRange { range, size } => {
                vec![("RangeRequested", range.clone()), ("ActualObjectSize", size.to_string())]
            }
            InvalidPartNumber { part_number } => vec![("PartNumberRequested", part_number.to_string())],
            InvalidPart { part_number, etag } => {
                vec![("PartNumber", part_number.to_string()), ("ETag", etag.clone())]
            }
            EntityTooSmall { part_number, size, min } => vec![
                ("ProposedSize", size.to_string()),
                ("MinSizeAllowed", min.to_string()),
                ("PartNumber", part_number.to_string()),
            ],
            EntityTooLarge { size, max } => {
                vec![("ProposedSize", size.to_string()), ("MaxSizeAllowed", max.to_string())]
            }
            PreconditionFailed { condition } => vec![("Condition", condition.to_string())],
            MethodNotAllowed { method } => vec![("Method", method.to_string())],
            IllegalLocationConstraint { constraint } | InvalidLocationConstraint { constraint } => {
                vec![("LocationConstraint", constraint.clone())]
            }
            IncompleteBody { expected, received } => vec![
                ("ExpectedContentLength", expected.to_string()),
                ("ReceivedContentLength", received.to_string()),
            ],
            MetadataTooLarge { size } => vec![("Size", size.to_string()), ("MaxSizeAllowed", "2048".into())],
            _ => vec![],
        }
    }

    pub(crate) fn invalid_argument(name: &'static str, value: impl Into<String>, message: impl Into<String>) -> Self {
        S3Error::InvalidArgument {
            name,
            value: value.into(),
            message: message.into(),
        }
    }
}

pub type Result<T, E = S3Error> = std::result::Result<T, E>;
