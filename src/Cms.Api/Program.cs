using Cms.Api.Infrastructure;
using Cms.Api.Keys;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddCmsApi();

var app = builder.Build();
if (KeysCommand.Matches(args))
{
    return await KeysCommand.RunAsync(app, args);
}
app.UseCmsApi();
await app.PrepareDatabaseAsync();
await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
