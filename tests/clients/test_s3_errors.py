"""Error shapes (botocore's ClientError) and client-side parameter validation."""

import pickle
import re

import pytest

from labcloud import ClientError, ParamValidationError
from labcloud.errors import UnknownServiceError

S3_ERROR_CODES = [
    "NoSuchBucket", "NoSuchKey", "NoSuchVersion", "NoSuchUpload", "BucketNotEmpty",
    "BucketAlreadyOwnedByYou", "BucketAlreadyExists", "InvalidBucketName", "KeyTooLongError",
    "InvalidArgument", "InvalidRange", "InvalidPartNumber", "InvalidPart", "InvalidPartOrder",
    "EntityTooSmall", "EntityTooLarge", "MetadataTooLarge", "MalformedXML", "InvalidRequest",
    "PreconditionFailed", "MethodNotAllowed",
    "IllegalLocationConstraintException", "InvalidLocationConstraint", "SlowDown", "IncompleteBody",
    "InternalError",
]


def test_client_error_message_matches_botocore(s3, bucket):
    with pytest.raises(ClientError) as caught:
        s3.get_object(Bucket=bucket, Key="missing")

    assert str(caught.value) == (
        "An error occurred (NoSuchKey) when calling the GetObject operation: The specified key does not exist."
    )
    assert caught.value.operation_name == "GetObject"


def test_error_response_has_code_message_fields_and_metadata(s3, bucket):
    with pytest.raises(ClientError) as caught:
        s3.get_object(Bucket=bucket, Key="missing")

    response = caught.value.response
    assert response["Error"] == {
        "Code": "NoSuchKey", "Message": "The specified key does not exist.", "Key": "missing",
    }
    metadata = response["ResponseMetadata"]
    assert metadata["HTTPStatusCode"] == 404
    assert re.fullmatch(r"[0-9A-F]{16}", metadata["RequestId"])
    assert metadata["RetryAttempts"] == 0
    assert isinstance(metadata["HTTPHeaders"], dict)


def test_error_is_caught_by_its_code_class_and_by_client_error(s3, bucket):
    with pytest.raises(s3.exceptions.NoSuchKey) as caught:
        s3.get_object(Bucket=bucket, Key="missing")

    assert isinstance(caught.value, ClientError)
    assert isinstance(caught.value, s3.exceptions.ClientError)
    assert not isinstance(caught.value, s3.exceptions.NoSuchBucket)


def test_client_exceptions_has_a_client_error_subclass_per_s3_code(s3):
    for code in S3_ERROR_CODES:
        cls = getattr(s3.exceptions, code)
        assert issubclass(cls, ClientError), code
        assert cls.__name__ == code
    assert s3.exceptions.from_code("NoSuchKey") is s3.exceptions.NoSuchKey
    assert s3.exceptions.from_code("NotARealCode") is ClientError


def test_clients_of_one_cloud_share_exception_classes(cloud):
    assert cloud.client("s3").exceptions.NoSuchKey is cloud.client("s3", region_name="eu-west-1").exceptions.NoSuchKey


@pytest.mark.parametrize("call", ["head_object", "head_bucket"])
def test_head_errors_carry_the_http_status_as_code_like_botocore(s3, bucket, call):
    action = {
        "head_object": lambda: s3.head_object(Bucket=bucket, Key="missing"),
        "head_bucket": lambda: s3.head_bucket(Bucket="missing-bucket"),
    }[call]

    with pytest.raises(ClientError) as caught:
        action()

    assert caught.value.response["Error"] == {"Code": "404", "Message": "Not Found"}
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert type(caught.value) is ClientError


def test_head_object_in_a_missing_bucket_is_404(s3):
    with pytest.raises(ClientError) as caught:
        s3.head_object(Bucket="missing-bucket", Key="k")

    assert caught.value.response["Error"]["Code"] == "404"
    assert str(caught.value) == "An error occurred (404) when calling the HeadObject operation: Not Found"


def test_client_error_pickles_as_a_plain_client_error(s3, bucket):
    with pytest.raises(ClientError) as caught:
        s3.get_object(Bucket=bucket, Key="missing")

    restored = pickle.loads(pickle.dumps(caught.value))

    assert type(restored) is ClientError
    assert restored.response == caught.value.response
    assert str(restored) == str(caught.value)


def test_missing_required_parameter(s3):
    with pytest.raises(ParamValidationError) as caught:
        s3.get_object(Bucket="b")

    assert str(caught.value) == 'Parameter validation failed:\nMissing required parameter in input: "Key"'


def test_unknown_parameter_lists_the_valid_ones(s3):
    with pytest.raises(ParamValidationError) as caught:
        s3.head_bucket(Buket="b")

    assert str(caught.value) == (
        "Parameter validation failed:\n"
        'Missing required parameter in input: "Bucket"\n'
        'Unknown parameter in input: "Buket", must be one of: Bucket'
    )


def test_wrong_type_names_the_parameter_value_and_valid_types(s3):
    with pytest.raises(ParamValidationError) as caught:
        s3.create_bucket(Bucket=1)

    assert str(caught.value) == (
        "Parameter validation failed:\n"
        "Invalid type for parameter Bucket, value: 1, type: <class 'int'>, valid types: <class 'str'>"
    )


def test_every_problem_is_reported_at_once(s3):
    with pytest.raises(ParamValidationError) as caught:
        s3.list_objects_v2(Bucket="b", MaxKeys="3", FetchOwner=1)

    assert caught.value.report.splitlines() == [
        "Invalid type for parameter MaxKeys, value: 3, type: <class 'str'>, valid types: <class 'int'>",
        "Invalid type for parameter FetchOwner, value: 1, type: <class 'int'>, valid types: <class 'bool'>",
    ]


def test_nested_parameters_are_named_by_their_path(s3):
    with pytest.raises(ParamValidationError) as caught:
        s3.delete_objects(Bucket="b", Delete={"Objects": [{"Kee": "x"}], "Quiet": "no"})

    assert caught.value.report.splitlines() == [
        'Missing required parameter in Delete.Objects[0]: "Key"',
        'Unknown parameter in Delete.Objects[0]: "Kee", must be one of: Key, VersionId',
        "Invalid type for parameter Delete.Quiet, value: no, type: <class 'str'>, valid types: <class 'bool'>",
    ]


def test_body_of_a_wrong_type_is_rejected(s3):
    with pytest.raises(ParamValidationError) as caught:
        s3.put_object(Bucket="b", Key="k", Body=3)

    assert caught.value.report == (
        "Invalid type for parameter Body, value: 3, type: <class 'int'>, "
        "valid types: <class 'bytes'>, <class 'bytearray'>, file-like object"
    )


def test_metadata_values_must_be_strings(s3):
    with pytest.raises(ParamValidationError) as caught:
        s3.put_object(Bucket="b", Key="k", Metadata={"a": 1})

    assert caught.value.report == (
        "Invalid type for parameter Metadata.a, value: 1, type: <class 'int'>, valid types: <class 'str'>"
    )


def test_timestamp_parameters_take_datetimes_or_timestamp_strings(s3):
    with pytest.raises(ParamValidationError) as caught:
        s3.get_object(Bucket="b", Key="k", IfModifiedSince=3j)

    assert caught.value.report == (
        "Invalid type for parameter IfModifiedSince, value: 3j, type: <class 'complex'>, "
        "valid types: <class 'datetime.datetime'>, timestamp-string"
    )


def test_empty_key_is_too_short(s3):
    with pytest.raises(ParamValidationError) as caught:
        s3.get_object(Bucket="b", Key="")

    assert caught.value.report == "Invalid length for parameter Key, value: 0, valid min length: 1"


def test_copy_source_must_be_a_string_or_a_dict_with_bucket_and_key(s3):
    with pytest.raises(ParamValidationError) as wrong_type:
        s3.copy_object(Bucket="b", Key="k", CopySource=5)
    with pytest.raises(ParamValidationError) as missing_key:
        s3.copy_object(Bucket="b", Key="k", CopySource={"Bucket": "src"})

    assert wrong_type.value.report == (
        "Invalid type for parameter CopySource, value: 5, type: <class 'int'>, "
        "valid types: <class 'str'>, <class 'dict'>"
    )
    assert missing_key.value.report == 'Missing required parameter in CopySource: "Key"'


def test_invalid_parameters_send_nothing(s3):
    with pytest.raises(ParamValidationError):
        s3.create_bucket(Bucket="would-be-created", ACL="private")

    assert s3.list_buckets()["Buckets"] == []


def test_param_validation_error_is_a_value_error(s3):
    with pytest.raises(ValueError):
        s3.list_buckets(MaxBuckets="ten")


def test_positional_arguments_are_refused_like_boto3(s3):
    with pytest.raises(TypeError, match=r"only accepts keyword arguments"):
        s3.create_bucket("positional-bucket")


def test_unknown_service_names_the_known_ones(cloud):
    with pytest.raises(UnknownServiceError) as caught:
        cloud.client("s4")

    assert str(caught.value) == "Unknown service: 's4'. Valid service names are: cache, ec2, elasticache, kinesis, s3"
    assert isinstance(caught.value, ValueError)


def test_client_meta_names_its_region_and_service(cloud):
    client = cloud.client("s3", region_name="ap-south-1")

    assert (client.meta.region_name, client.meta.service_name) == ("ap-south-1", "s3")


def test_only_listing_operations_can_be_paginated(s3):
    assert s3.can_paginate("list_objects_v2")
    assert not s3.can_paginate("get_object")
    with pytest.raises(ValueError, match="cannot be paginated: get_object"):
        s3.get_paginator("get_object")


def test_unknown_pagination_config_is_rejected(s3, bucket):
    with pytest.raises(ParamValidationError, match='"PageSise"'):
        s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, PaginationConfig={"PageSise": 2})
