using Cms.Data;
using Cms.Data.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Cms.Migrations.Sqlite;

/// <summary>Lets `dotnet ef` build the SQLite model without starting the web host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CmsDbContext>
{
    public CmsDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<CmsDbContext>();
        options.UseCmsDatabase(DatabaseProvider.Sqlite, "Data Source=design-time.db");
        return new CmsDbContext(options.Options);
    }
}
