using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Cms.Api.Infrastructure;

namespace Cms.Api.Media;

/// <summary>
/// Where originals and variants live: a folder (the default) or an S3-compatible bucket, so several replicas share
/// them. Keys are content-addressed (a key's bytes never change), so a put of a key already there changes nothing
/// and a reader never sees a file half written.
/// </summary>
public interface IMediaStore
{
    Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken);

    /// <summary>The object's bytes as a stream (seekable from the folder store), or null when there is none.</summary>
    Task<StoredMedia?> GetAsync(string key, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes every object whose key starts with <paramref name="prefix"/> (a folder: it ends with '/').</summary>
    Task DeleteFolderAsync(string prefix, CancellationToken cancellationToken);
}

public sealed record StoredMedia(Stream Content, long Length) : IAsyncDisposable
{
    /// <summary>All of it in memory (images are a few MB), and the stream closed.</summary>
    public async Task<byte[]> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using (this)
        {
            using var copy = new MemoryStream((int)Math.Min(Length, int.MaxValue));
            await Content.CopyToAsync(copy, cancellationToken);
            return copy.ToArray();
        }
    }

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

/// <summary>Files under a folder; a put writes a temp file beside the target and renames it into place.</summary>
public sealed class FileSystemMediaStore(string folder) : IMediaStore
{
    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (File.Exists(path))
        {
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await File.WriteAllBytesAsync(temp, content.ToArray(), cancellationToken);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public Task<StoredMedia?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var stream = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete,
                bufferSize: 1, FileOptions.Asynchronous);
            return Task.FromResult<StoredMedia?>(new StoredMedia(stream, stream.Length));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<StoredMedia?>(null);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    public Task DeleteFolderAsync(string prefix, CancellationToken cancellationToken)
    {
        var path = PathOf(MediaKeys.Folder(prefix));
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        return Task.CompletedTask;
    }

    private string PathOf(string key) => Path.Combine(folder, MediaKeys.Checked(key));
}

/// <summary>
/// Objects in an S3-compatible bucket through the AWS SDK. Uploads are sent whole with a plain signature
/// (UseChunkEncoding false): S3 takes both, and some compatible servers (s3rver, the tests' server) store the
/// aws-chunked framing as part of the object.
/// </summary>
public sealed class S3MediaStore(IAmazonS3 s3, string bucket) : IMediaStore
{
    public static IAmazonS3 Client(MediaOptions.S3Options options) => new AmazonS3Client(
        new BasicAWSCredentials(options.AccessKey, options.SecretKey),
        new AmazonS3Config
        {
            ServiceURL = options.ServiceUrl,
            AuthenticationRegion = options.Region,
            ForcePathStyle = options.ForcePathStyle,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken) =>
        Guarded(async () =>
        {
            using var body = new MemoryStream(content.ToArray(), writable: false);
            return await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket,
                Key = MediaKeys.Checked(key),
                InputStream = body,
                ContentType = contentType,
                UseChunkEncoding = false,
            }, cancellationToken);
        });

    public Task<StoredMedia?> GetAsync(string key, CancellationToken cancellationToken) =>
        Guarded(async () =>
        {
            try
            {
                var response = await s3.GetObjectAsync(bucket, MediaKeys.Checked(key), cancellationToken);
                return new StoredMedia(response.ResponseStream, response.ContentLength);
            }
            catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return null;
            }
        });

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        Guarded(() => s3.DeleteObjectAsync(bucket, MediaKeys.Checked(key), cancellationToken));

    public Task DeleteFolderAsync(string prefix, CancellationToken cancellationToken) =>
        Guarded(async () =>
        {
            var request = new ListObjectsV2Request { BucketName = bucket, Prefix = MediaKeys.Folder(prefix) };
            var deleted = 0;
            do
            {
                var page = await s3.ListObjectsV2Async(request, cancellationToken);
                foreach (var item in page.S3Objects ?? [])
                {
                    // One by one: DeleteObjects needs a Content-MD5 that not every S3-compatible server checks alike.
                    await s3.DeleteObjectAsync(bucket, item.Key, cancellationToken);
                    deleted++;
                }
                request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
            }
            while (request.ContinuationToken is not null);
            return deleted;
        });

    /// <summary>A store that cannot be reached or fails is 503 with Retry-After, as an unavailable database is.</summary>
    private static async Task<T> Guarded<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            throw new RequestProblemException(503, ErrorCodes.StorageUnavailable, "The media store is unavailable. Retry shortly.");
        }
    }
}

public static class MediaKeys
{
    /// <summary>A folder of keys: a checked key that ends with '/'.</summary>
    public static string Folder(string prefix) =>
        prefix.EndsWith('/') ? Checked(prefix.TrimEnd('/')) + "/" : throw new ArgumentException($"Not a media folder: {prefix}", nameof(prefix));

    /// <summary>A key is made by the app (lowercase letters, digits, '-', '_', '.', '/' segments); anything else is a bug.</summary>
    public static string Checked(string key) =>
        key.Length is > 0 and <= 200 && !key.StartsWith('/') && !key.Contains("..", StringComparison.Ordinal)
            && key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '/')
            ? key
            : throw new ArgumentException($"Not a media key: {key}", nameof(key));
}
