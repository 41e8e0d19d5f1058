using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Data.Articles;

public sealed class ArticleBodyAssetConfiguration : IEntityTypeConfiguration<ArticleBodyAsset>
{
    public void Configure(EntityTypeBuilder<ArticleBodyAsset> builder)
    {
        builder.ToTable("ArticleBodyAssets");
        builder.HasKey(b => new { b.ArticleId, b.AssetId });
        builder.HasIndex(b => b.AssetId);

        // Restrict: a photo a body still shows is not deleted (the API answers 409 asset_in_use first).
        builder.HasOne<Cms.Data.Assets.Asset>().WithMany().HasForeignKey(b => b.AssetId).OnDelete(DeleteBehavior.Restrict);
    }
}
