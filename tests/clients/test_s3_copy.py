"""copy_object: sources in each boto3 form, metadata directives, illegal copies."""

import datetime as dt

import pytest


@pytest.fixture
def source(s3, bucket):
    s3.put_object(
        Bucket=bucket, Key="src/original.txt", Body=b"copy me",
        ContentType="text/plain", Metadata={"origin": "test"},
    )
    return bucket, "src/original.txt"


@pytest.mark.parametrize(
    "form", ["string", "string-with-leading-slash", "dict"],
)
def test_copy_source_in_each_boto3_form_copies_the_object(s3, source, form):
    bucket, key = source
    copy_source = {
        "string": f"{bucket}/{key}",
        "string-with-leading-slash": f"/{bucket}/{key}",
        "dict": {"Bucket": bucket, "Key": key},
    }[form]

    response = s3.copy_object(Bucket=bucket, Key="dst/copy.txt", CopySource=copy_source)

    assert s3.get_object(Bucket=bucket, Key="dst/copy.txt")["Body"].read() == b"copy me"
    assert response["CopyObjectResult"]["ETag"] == s3.head_object(Bucket=bucket, Key=key)["ETag"]
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_copy_result_has_etag_and_millisecond_utc_time_and_no_version_keys(s3, source):
    bucket, key = source

    response = s3.copy_object(Bucket=bucket, Key="copy", CopySource=f"{bucket}/{key}")

    assert set(response) == {"CopyObjectResult", "ResponseMetadata"}
    assert set(response["CopyObjectResult"]) == {"ETag", "LastModified"}
    modified = response["CopyObjectResult"]["LastModified"]
    assert modified.utcoffset() == dt.timedelta(0)
    assert modified.microsecond % 1000 == 0


def test_copy_keeps_source_attributes_by_default(s3, source):
    bucket, key = source

    s3.copy_object(Bucket=bucket, Key="copy", CopySource=f"{bucket}/{key}", ContentType="ignored/type")

    head = s3.head_object(Bucket=bucket, Key="copy")
    assert head["ContentType"] == "text/plain"
    assert head["Metadata"] == {"origin": "test"}


def test_copy_with_copy_directive_keeps_source_attributes(s3, source):
    bucket, key = source

    s3.copy_object(Bucket=bucket, Key="copy", CopySource=f"{bucket}/{key}", MetadataDirective="COPY")

    assert s3.head_object(Bucket=bucket, Key="copy")["Metadata"] == {"origin": "test"}


def test_copy_with_replace_directive_takes_the_new_attributes(s3, source):
    bucket, key = source

    s3.copy_object(
        Bucket=bucket, Key="copy", CopySource=f"{bucket}/{key}", MetadataDirective="REPLACE",
        ContentType="application/json", Metadata={"fresh": "yes"},
    )

    head = s3.head_object(Bucket=bucket, Key="copy")
    assert head["ContentType"] == "application/json"
    assert head["Metadata"] == {"fresh": "yes"}
    assert s3.get_object(Bucket=bucket, Key="copy")["Body"].read() == b"copy me"


def test_copy_to_itself_without_changes_is_invalid_request(s3, source):
    bucket, key = source

    with pytest.raises(s3.exceptions.InvalidRequest) as caught:
        s3.copy_object(Bucket=bucket, Key=key, CopySource=f"{bucket}/{key}")

    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_copy_to_itself_with_replaced_metadata_updates_it_in_place(s3, source):
    bucket, key = source

    s3.copy_object(
        Bucket=bucket, Key=key, CopySource=f"{bucket}/{key}", MetadataDirective="REPLACE",
        Metadata={"edited": "1"},
    )

    assert s3.head_object(Bucket=bucket, Key=key)["Metadata"] == {"edited": "1"}
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == b"copy me"


def test_copy_across_buckets(s3, source):
    bucket, key = source
    s3.create_bucket(Bucket="other-bucket")

    s3.copy_object(Bucket="other-bucket", Key="k", CopySource={"Bucket": bucket, "Key": key})

    assert s3.get_object(Bucket="other-bucket", Key="k")["Body"].read() == b"copy me"


def test_copy_of_a_key_with_spaces_and_unicode_given_as_a_string(s3, bucket):
    key = "dir with space/\u00e9t\u00e9 \U0001f600.txt"
    s3.put_object(Bucket=bucket, Key=key, Body=b"unicode")

    s3.copy_object(Bucket=bucket, Key="plain", CopySource=f"{bucket}/{key}")

    assert s3.get_object(Bucket=bucket, Key="plain")["Body"].read() == b"unicode"


def test_copy_of_a_missing_key_is_no_such_key(s3, bucket):
    with pytest.raises(s3.exceptions.NoSuchKey):
        s3.copy_object(Bucket=bucket, Key="dst", CopySource=f"{bucket}/missing")


def test_copy_from_a_missing_bucket_is_no_such_bucket(s3, bucket):
    with pytest.raises(s3.exceptions.NoSuchBucket):
        s3.copy_object(Bucket=bucket, Key="dst", CopySource="missing-bucket/key")
