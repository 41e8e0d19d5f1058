using Cms.Admin.Api;
using Cms.Admin.Api.Models;

namespace Cms.Admin.Services;

/// <summary>The signed-in person and the CSRF token their session's writes carry (docs/people.md).</summary>
public sealed class Session
{
    public PersonResponse? Person { get; private set; }

    public string? CsrfToken { get; private set; }

    public bool Loaded { get; private set; }

    public event Action? Changed;

    /// <summary>Asks the API who is signed in (a session cookie from before survives a reload); false when nobody is.</summary>
    public async Task<bool> LoadAsync(CmsClient api)
    {
        try
        {
            Set(await api.Api.V1.Session.GetAsync());
        }
        catch (ApiProblem problem) when (problem.ResponseStatusCode == 401)
        {
            Set(null);
        }
        Loaded = true;
        return Person is not null;
    }

    public void Set(SessionResponse? session)
    {
        (Person, CsrfToken) = (session?.Person, session?.CsrfToken);
        Changed?.Invoke();
    }
}

/// <summary>Every write of the session sends its antiforgery token; reads need none.</summary>
public sealed class CsrfHandler(Session session) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head && session.CsrfToken is { } token)
        {
            request.Headers.Remove("X-CSRF-Token");
            request.Headers.Add("X-CSRF-Token", token);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
