using Cms.Api.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddCmsApi();

var app = builder.Build();
app.UseCmsApi();
await app.PrepareDatabaseAsync();
await app.RunAsync();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
