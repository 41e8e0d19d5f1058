using Cms.Data;
using Cms.Data.Search;
using Cms.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cms.Api.Tests.Articles;

/// <summary>A search reaches PostgreSQL as a literal in the SQL: PostgreSQL must read back exactly the text.</summary>
public sealed class SearchLiteralTests(PostgresCmsFactory factory) : IClassFixture<PostgresCmsFactory>
{
    [Theory]
    [InlineData("'pemilu' & 'jakarta':*")]
    [InlineData("it's")]
    [InlineData(@"back\slash \' ''")]
    [InlineData("'); DROP TABLE \"Articles\"; --")]
    public async Task A_search_literal_reads_back_as_its_text(string text)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        var sql = $"""SELECT {ArticleSearch.Literal(text)} AS "Value" """;

        Assert.Equal(text, await db.Database.SqlQueryRaw<string>(sql).SingleAsync());
        Assert.Equal(0, await db.Articles.CountAsync()); // and the table is still there
    }
}
