using Cms.Api.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cms.Api.Keys;

/// <summary>
/// The bearer key scheme (so Swagger UI's Authorize button works) and, per operation, the role it
/// needs, read from the endpoint's authorization policy.
/// </summary>
internal sealed class OpenApiSecurity : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeId = "apiKey";
    public const string SessionSchemeId = "session";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context,
        CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key, sent as `Authorization: Bearer <key>`. Roles: reader < writer < editor < admin.",
        };
        document.Components.SecuritySchemes[SessionSchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = Credentials.SessionCookie,
            Description = "A person's session, started by POST /api/v1/session, with the person's role (writer, editor or "
                + "admin). Its writes also send the X-CSRF-Token header (403 csrf_failed without it).",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken)
    {
        var policy = context.Description.ActionDescriptor.EndpointMetadata
            .OfType<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);
        if (policy is null)
        {
            // No policy: open to anyone, always (stored media, which <img> tags fetch without a key).
            operation.Security = [new OpenApiSecurityRequirement()];
            return Task.CompletedTask;
        }
        var key = new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(SchemeId, context.Document)] = [],
        };
        var session = new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(SessionSchemeId, context.Document)] = [],
        };
        operation.Security = policy == AccessSetup.Read ? [new OpenApiSecurityRequirement(), key, session] : [key, session];
        operation.Description += policy != AccessSetup.Read ? $" Needs a key or a person with the role {policy} or above."
            : ConditionalHeadersTransformer.IsReaderDocument(context)
                ? " Open to anyone unless the server requires a key for reads; a key sees the same: published stories only."
                : " Open to anyone unless the server requires a key for reads; any key (reader and up) sees drafts too.";
        return Task.CompletedTask;
    }
}
