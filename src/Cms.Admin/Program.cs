using Cms.Admin;
using Cms.Admin.Api;
using Cms.Admin.Services;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

// The app is served by the API it talks to: same origin, so the session cookie goes along on its own.
var origin = new Uri(builder.HostEnvironment.BaseAddress).GetLeftPart(UriPartial.Authority);
builder.Services.AddSingleton<Session>();
builder.Services.AddSingleton<Text>();
builder.Services.AddSingleton<Cms.Admin.Services.Browser>();
builder.Services.AddSingleton<Passkeys>();
builder.Services.AddSingleton(services =>
{
    var http = new HttpClient(new CsrfHandler(services.GetRequiredService<Session>())
    {
        InnerHandler = new HeadersInspectionHandler { InnerHandler = new HttpClientHandler() },
    });
    return new CmsClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = origin });
});

var host = builder.Build();
await host.Services.GetRequiredService<Text>().LoadAsync();
await host.RunAsync();
