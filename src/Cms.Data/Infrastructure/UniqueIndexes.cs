namespace Cms.Data.Infrastructure;

/// <summary>Index names the error mapping recognises when the database reports a duplicate.</summary>
public static class UniqueIndexes
{
    public const string ArticleSlug = "IX_Articles_Slug";
    public const string AuthorSlug = "IX_Authors_Slug";
    public const string TagSlug = "IX_Tags_Slug";
    public const string CollectionSlug = "IX_Collections_Slug";
    public const string AssetSha256 = "IX_Assets_Sha256";
}
