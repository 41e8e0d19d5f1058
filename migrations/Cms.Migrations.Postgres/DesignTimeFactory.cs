using Cms.Data;
using Cms.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Cms.Migrations.Postgres;

/// <summary>Lets `dotnet ef` build the PostgreSQL model; no server is contacted to add a migration.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CmsDbContext>
{
    public CmsDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<CmsDbContext>();
        options.UseCmsDatabase(DatabaseProvider.Postgres, "Host=localhost;Database=cms_design");
        return new CmsDbContext(options.Options);
    }
}
