"""Retries follow boto3: throttling and transient errors are retried with
backoff, the response counts the retries, bodies are re-sent whole, and
other errors are not retried."""

import io

import pytest

from labcloud import Cloud
from labcloud.clients._retry import RetryPolicy
from labcloud.errors import ClientError


def _error(code, status):
    return ClientError({"Error": {"Code": code, "Message": code}, "ResponseMetadata": {"HTTPStatusCode": status}}, "Op")


class _Flaky:
    """Fails with the given errors, then answers."""

    def __init__(self, *errors):
        self.errors = list(errors)
        self.calls = 0

    def __call__(self):
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "ok"


def test_throttling_is_retried_with_growing_backoff():
    waits = []
    policy = RetryPolicy(mode="standard", max_attempts=5, sleep=waits.append)
    attempt = _Flaky(_error("SlowDown", 503), _error("ThrottlingException", 400), _error("InternalError", 500))
    assert policy.call(attempt) == "ok"
    assert attempt.calls == 4
    assert len(waits) == 3 and all(0 <= w <= 2**i for i, w in enumerate(waits, 1))


def test_other_errors_are_not_retried():
    policy = RetryPolicy(max_attempts=5, sleep=lambda s: None)
    attempt = _Flaky(_error("NoSuchKey", 404))
    with pytest.raises(ClientError):
        policy.call(attempt)
    assert attempt.calls == 1


def test_giving_up_reports_the_retries_made():
    policy = RetryPolicy(max_attempts=3, sleep=lambda s: None)
    attempt = _Flaky(*[_error("SlowDown", 503)] * 5)
    with pytest.raises(ClientError) as caught:
        policy.call(attempt)
    assert attempt.calls == 3
    assert caught.value.response["ResponseMetadata"]["RetryAttempts"] == 2


def test_a_body_that_cannot_rewind_is_not_retried():
    policy = RetryPolicy(max_attempts=5, sleep=lambda s: None)
    attempt = _Flaky(_error("SlowDown", 503))
    with pytest.raises(ClientError):
        policy.call(attempt, rewind=lambda: False)
    assert attempt.calls == 1


@pytest.mark.parametrize("retries, attempts", [
    (None, 5), ({"mode": "standard"}, 3), ({"max_attempts": 2}, 3), ({"total_max_attempts": 7}, 7),
])
def test_botocore_retry_settings(retries, attempts):
    assert RetryPolicy.from_config(retries).max_attempts == attempts


def test_bad_retry_settings_are_refused():
    with pytest.raises(ValueError, match="mode"):
        RetryPolicy.from_config({"mode": "adaptive-ish"})
    with pytest.raises(ValueError, match="unknown retry settings"):
        RetryPolicy.from_config({"max_retries": 3})


def test_virtual_time_throttling_is_exact_and_not_retried_by_default(tmp_path):
    with Cloud.local(tmp_path, virtual_time=True) as cloud:
        s3 = cloud.client("s3")
        s3.create_bucket(Bucket="hot")
        for _ in range(5500):  # the bucket's read ceiling: one second's worth of tokens
            s3.head_bucket(Bucket="hot")
        with pytest.raises(s3.exceptions.SlowDown) as caught:
            s3.get_bucket_versioning(Bucket="hot")
        assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503

        cloud.advance_time(1)
        assert s3.get_bucket_versioning(Bucket="hot")["ResponseMetadata"]["RetryAttempts"] == 0


def test_retried_upload_sends_a_file_body_again_from_its_start(tmp_path, monkeypatch):
    with Cloud.local(tmp_path) as cloud:
        s3 = cloud.client("s3", retries={"max_attempts": 3})
        s3.create_bucket(Bucket="files")
        transport = s3._transport
        real_upload = transport.upload
        failures = [_error("SlowDown", 503)]

        def flaky_upload(*args, **kwargs):
            # Consume the body as the engine would, then fail once.
            body = args[2]
            if not isinstance(body, (bytes, bytearray, memoryview)):
                body = b"".join(body)
            if failures:
                raise failures.pop()
            return real_upload(args[0], args[1], body, **kwargs)

        monkeypatch.setattr(transport, "upload", flaky_upload)
        monkeypatch.setattr("labcloud.clients._retry.time.sleep", lambda s: None)
        source = io.BytesIO(b"header|payload")
        source.seek(7)
        put = s3.put_object(Bucket="files", Key="k", Body=source)
        assert put["ResponseMetadata"]["RetryAttempts"] == 1
        assert s3.get_object(Bucket="files", Key="k")["Body"].read() == b"payload"
