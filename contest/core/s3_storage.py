"""The S3 backends of STORAGES (config/settings/object_storage.py), in their own module so that
boto3 is imported only by an installation that uses a bucket."""

from botocore.exceptions import ClientError
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from contest.core.storage import NO_URL


class PrivateS3Storage(S3Storage):
    """The private files in a bucket: no ACL is sent (the bucket's private default applies), and
    no template can link to a file: downloads are streamed by the permission-checking views
    (docs/operations.md says why, with the figures of bench/storage_bench.py)."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError(NO_URL)

    def open_stream(self, name):
        """The object's body as it arrives from the bucket, for a download view: S3File would first
        copy the whole object to a temporary file before the first byte could leave."""
        key = self._normalize_name(clean_name(name))
        try:
            answer = self.connection.meta.client.get_object(Bucket=self.bucket_name, Key=key)
        except ClientError as err:
            if err.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                raise FileNotFoundError(name) from err
            raise
        return ObjectBody(answer["Body"], answer["ContentLength"])


class ObjectBody:
    """What FileResponse reads: 256 KB at a time (it asks for 4 KB, which costs a Python loop per
    4 KB over the socket), with its size known from the bucket's answer."""

    CHUNK = 256 * 1024

    def __init__(self, body, size: int):
        self._body, self.size = body, size

    def read(self, amount: int | None = -1) -> bytes:
        return self._body.read(self.CHUNK if amount and amount > 0 else None)

    def close(self) -> None:
        self._body.close()


class PublicS3Storage(S3Storage):
    """Wagtail's images, renditions and documents: linked from public pages, through
    ``S3_MEDIA_URL`` (a CDN or a proxy in front of the bucket) or presigned links."""
