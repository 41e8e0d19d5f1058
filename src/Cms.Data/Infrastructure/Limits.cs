namespace Cms.Data.Infrastructure;

/// <summary>Column lengths, shared by the EF model and the validators so the two never drift.</summary>
public static class Limits
{
    public const int Slug = 120;
    public const int Name = 200;
    public const int ShortText = 300;
    public const int LongText = 2000;
    public const int Bio = 5000;
    public const int Email = 254;
    public const int Url = 2048;
    public const int Language = 35;
    public const int Body = 500_000;
}
