using Cms.Api.Infrastructure;
using Cms.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cms.Api.Keys;

public static class KeyHints
{
    /// <summary>At start: warns of a bootstrap key too short to be safe, and says how to make the first key and the first admin.</summary>
    public static async Task HintFirstKeyAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
        if (app.Services.GetRequiredService<IOptions<CmsOptions>>().Value.BootstrapAdminKey is { Length: > 0 and < 32 })
        {
            app.Logger.LogWarning("Cms__BootstrapAdminKey is shorter than 32 characters: anyone who guesses it is an admin");
        }
        // Only where startup already reached the database: a hint must not stop a start without one.
        if (options.MigrateOnStartup
            && string.IsNullOrEmpty(app.Services.GetRequiredService<IOptions<CmsOptions>>().Value.BootstrapAdminKey)
            && !await db.ApiKeys.AnyAsync(k => k.RevokedAt == null))
        {
            app.Logger.LogWarning("No API keys yet, so nothing can be written. Create the first one with: "
                + "dotnet run --project src/Cms.Api -v q -- keys create --name admin --role admin "
                + "(or set Cms__BootstrapAdminKey)");
        }
        if (options.MigrateOnStartup && !await db.People.AnyAsync())
        {
            app.Logger.LogWarning("No staff accounts yet, so nobody can sign in to the newsroom app at /admin. Make the first admin "
                + "with: dotnet run --project src/Cms.Api -v q -- users create --email EMAIL --name NAME --role admin");
        }
    }
}
