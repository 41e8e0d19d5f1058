using Cms.Api.Media;

namespace Cms.Api.Tests.Media;

/// <summary>The same promises from the folder store and from the S3 store against a real S3-compatible server.</summary>
public abstract class MediaStoreTests
{
    protected abstract Task<IMediaStore> StoreAsync();

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task<byte[]?> ReadAsync(IMediaStore store, string key)
    {
        await using var stored = await store.GetAsync(key, CancellationToken.None);
        if (stored is null)
        {
            return null;
        }
        using var copy = new MemoryStream();
        await stored.Content.CopyToAsync(copy);
        Assert.Equal(stored.Length, copy.Length);
        return copy.ToArray();
    }

    [Fact]
    public async Task What_is_put_is_read_back_byte_for_byte_and_gone_once_deleted()
    {
        var store = await StoreAsync();
        var key = $"originals/{Guid.NewGuid():N}.jpg";
        var bytes = Bytes(3_000_000, 1);
        Assert.Null(await ReadAsync(store, key));

        await store.PutAsync(key, bytes, "image/jpeg", CancellationToken.None);
        Assert.Equal(bytes, await ReadAsync(store, key));

        await store.DeleteAsync(key, CancellationToken.None);
        Assert.Null(await ReadAsync(store, key));
        await store.DeleteAsync(key, CancellationToken.None); // deleting what is gone is no error
    }

    [Fact]
    public async Task Concurrent_puts_of_one_key_leave_one_whole_object()
    {
        var store = await StoreAsync();
        var key = $"variants/{Guid.NewGuid():N}/w640.webp";
        var bytes = Bytes(400_000, 2);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => store.PutAsync(key, bytes, "image/webp", CancellationToken.None)));
        Assert.Equal(bytes, await ReadAsync(store, key));
    }

    [Fact]
    public async Task Deleting_a_folder_deletes_what_is_in_it_and_nothing_beside_it()
    {
        var store = await StoreAsync();
        var id = Guid.NewGuid().ToString("N");
        string[] inside = [$"variants/{id[..2]}/{id}/w320-a.webp", $"variants/{id[..2]}/{id}/w640-b.jpg"];
        var beside = $"variants/{id[..2]}/{id}x/w320-a.webp";
        foreach (var key in inside.Append(beside))
        {
            await store.PutAsync(key, new byte[] { 1, 2, 3 }, "image/webp", CancellationToken.None);
        }
        await store.DeleteFolderAsync($"variants/{id[..2]}/{id}/", CancellationToken.None);
        foreach (var key in inside)
        {
            Assert.Null(await ReadAsync(store, key));
        }
        Assert.NotNull(await ReadAsync(store, beside));
        await store.DeleteFolderAsync($"variants/{id[..2]}/{id}/", CancellationToken.None); // an empty folder is no error
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("/absolute")]
    [InlineData("Originals/UPPER.jpg")]
    [InlineData("")]
    public async Task A_key_the_app_would_never_make_is_refused(string key)
    {
        var store = await StoreAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, new byte[] { 1 }, "image/jpeg", CancellationToken.None));
    }
}

public sealed class MediaStoreTestsOnFileSystem : MediaStoreTests, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cms-tests", $"media-{Guid.NewGuid():N}");

    protected override Task<IMediaStore> StoreAsync() => Task.FromResult<IMediaStore>(new FileSystemMediaStore(_folder));

    [Fact]
    public async Task A_put_leaves_no_temp_file_behind()
    {
        var store = await StoreAsync();
        await store.PutAsync("originals/a.png", new byte[] { 1, 2, 3 }, "image/png", CancellationToken.None);
        Assert.Equal(["a.png"], Directory.GetFiles(Path.Combine(_folder, "originals")).Select(Path.GetFileName));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}

public sealed class MediaStoreTestsOnS3 : MediaStoreTests
{
    protected override async Task<IMediaStore> StoreAsync() => new S3MediaStore(S3MediaStore.Client(new MediaOptions.S3Options
    {
        ServiceUrl = await TestS3.EndpointAsync(),
        Bucket = TestS3.Bucket,
        AccessKey = TestS3.AccessKey,
        SecretKey = TestS3.SecretKey,
    }), TestS3.Bucket);
}
