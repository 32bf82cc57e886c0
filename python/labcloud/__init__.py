"""labcloud: a cloud on a lab bench.

    from labcloud import Cloud

    with Cloud.local() as cloud:            # or Cloud.connect("127.0.0.1:50051")
        s3 = cloud.client("s3")
        s3.create_bucket(Bucket="data")
        s3.put_object(Bucket="data", Key="a", Body=b"hello")
"""

from importlib.metadata import PackageNotFoundError, version

from labcloud.cloud import Cloud
from labcloud.errors import ClientError, EndpointConnectionError, ParamValidationError

try:
    __version__ = version("labcloud")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["Cloud", "ClientError", "EndpointConnectionError", "ParamValidationError", "__version__"]
