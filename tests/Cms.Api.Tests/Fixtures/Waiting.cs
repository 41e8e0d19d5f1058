namespace Cms.Api.Tests.Fixtures;

public static class Waiting
{
    /// <summary>Polls until <paramref name="condition"/> holds, failing with <paramref name="failure"/> after ten seconds.</summary>
    public static async Task Until(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(10);
        }
    }

    /// <summary>Asks until <paramref name="condition"/> holds (an API that answers when something happened), failing after ten seconds.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(50);
        }
    }
}
