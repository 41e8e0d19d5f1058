using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Cms.Api.Tests.Fixtures;

/// <summary>
/// The OpenAPI document as a check on every response the tests see. A response to a documented operation must have
/// a status the operation lists, its required headers, a media type it lists, and a body valid against that media
/// type's schema, with every object closed (a field the document does not list fails). The document is the one the
/// app serves, which <c>OpenApiDocumentTests</c> keeps equal to the committed openapi.yaml. Paths the document does
/// not describe (health, the document itself, an unknown route) are not checked. With <c>fields</c> (a sparse
/// fieldset, as that parameter documents) required properties may be missing; everything else is still checked.
/// </summary>
public sealed partial class ResponseContract
{
    private readonly List<(Regex Pattern, string Template)> _paths;
    private readonly JsonObject _document;
    private readonly string _definitions;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    public ResponseContract(string openApiJson)
    {
        _document = JsonNode.Parse(openApiJson)!.AsObject();
        var schemas = _document["components"]?["schemas"]?.DeepClone() as JsonObject ?? [];
        Close(schemas);
        _definitions = Local(schemas.ToJsonString());
        // Literal segments before parameters, as the router orders them: /articles/slug/{slug} before /articles/{id}/related.
        _paths = _document["paths"]!.AsObject().Select(p => p.Key)
            .OrderBy(t => string.Concat(t.Split('/').Select(s => s.StartsWith('{') ? '1' : '0')), StringComparer.Ordinal)
            .Select(t => (new Regex("^" + Parameter().Replace(Regex.Escape(t).Replace(@"\{", "{"), "[^/]+") + "$"), t))
            .ToList();
    }

    /// <summary>Where the response disagrees with the document; empty when it agrees or the route is not described.</summary>
    public IReadOnlyList<string> Check(string method, string path, QueryString query, int status, IHeaderDictionary headers,
        byte[] body)
    {
        var template = _paths.FirstOrDefault(p => p.Pattern.IsMatch(path)).Template;
        var item = template is null ? null : _document["paths"]![template];
        var operation = item?[method.ToLowerInvariant()] ?? (method == "HEAD" ? item?["get"] : null);
        if (operation is null)
        {
            return [];
        }
        var where = $"{method} {path} → {status}";
        var responses = operation["responses"]!;
        var response = responses[status.ToString()] ?? responses["default"];
        if (response is null)
        {
            return [$"{where}: the document lists no {status} for {operation["operationId"]}"];
        }
        var problems = new List<string>();
        foreach (var (name, header) in response["headers"]?.AsObject() ?? [])
        {
            if (header?["required"]?.GetValue<bool>() == true && !headers.ContainsKey(name))
            {
                problems.Add($"{where}: the required header {name} is missing");
            }
        }
        if (body.Length == 0 || method == "HEAD")
        {
            return problems;
        }
        var mediaType = headers.ContentType.ToString().Split(';')[0].Trim();
        var content = response["content"]?[mediaType];
        if (content is null)
        {
            problems.Add($"{where}: a {mediaType} body, which the document does not list for {status}");
            return problems;
        }
        if (content["schema"] is not { } schema || !mediaType.Contains("json", StringComparison.Ordinal))
        {
            return problems;
        }
        // A sparse fieldset (fields=…) leaves out fields the schema requires, as the parameter says; the rest holds.
        var sparse = query.HasValue && QueryHelpers.ParseQuery(query.Value).ContainsKey("fields");
        var key = $"{template} {method} {status} {mediaType} {sparse}";
        var validator = _schemas.GetOrAdd(key, _ => Compile(schema, sparse));
        using var json = JsonDocument.Parse(Decoded(headers, body));
        var result = validator.Evaluate(json.RootElement, Evaluation);
        if (!result.IsValid)
        {
            problems.AddRange((result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{where}: {d.InstanceLocation} {e.Value} ({d.EvaluationPath})"))
                .Take(10));
            if (problems.Count == 0)
            {
                problems.Add($"{where}: the body does not match the schema");
            }
        }
        return problems;
    }

    /// <summary>Where an example disagrees with its schema (every object closed, as for responses); empty when it agrees.</summary>
    public IReadOnlyList<string> CheckExample(JsonNode schema, JsonNode example, string name)
    {
        using var json = JsonDocument.Parse(example.ToJsonString());
        var result = Compile(schema, sparse: false).Evaluate(json.RootElement, Evaluation);
        return result.IsValid ? [] : (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"example {name}: {d.InstanceLocation} {e.Value} ({d.EvaluationPath})"))
            .DefaultIfEmpty($"example {name}: does not match its schema").ToList();
    }

    private JsonSchema Compile(JsonNode schema, bool sparse)
    {
        var root = JsonNode.Parse(Local(schema.ToJsonString()))!.AsObject();
        Close(root);
        var definitions = JsonNode.Parse(_definitions)!.AsObject();
        if (sparse)
        {
            foreach (var (_, definition) in definitions)
            {
                definition?.AsObject().Remove("required");
            }
        }
        root["$defs"] = definitions;
        return JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    private static string Local(string json) => json.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);

    /// <summary>Every object schema with listed properties gets additionalProperties false, unless it says otherwise.</summary>
    private static void Close(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["properties"] is JsonObject && !obj.ContainsKey("additionalProperties"))
                {
                    obj["additionalProperties"] = false;
                }
                foreach (var (_, child) in obj.ToList())
                {
                    Close(child);
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Close(child);
                }
                break;
        }
    }

    private static byte[] Decoded(IHeaderDictionary headers, byte[] body)
    {
        Stream? decoder = headers.ContentEncoding.ToString() switch
        {
            "br" => new BrotliStream(new MemoryStream(body), CompressionMode.Decompress),
            "gzip" => new GZipStream(new MemoryStream(body), CompressionMode.Decompress),
            _ => null,
        };
        if (decoder is null)
        {
            return body;
        }
        using (decoder)
        {
            var plain = new MemoryStream();
            decoder.CopyTo(plain);
            return plain.ToArray();
        }
    }

    [GeneratedRegex(@"\{[^}/]+\}")]
    private static partial Regex Parameter();

    /// <summary>
    /// Installs the check as the outermost middleware: the response is buffered, checked, then sent. A disagreement
    /// throws, and the test server hands the exception to the test that made the request.
    /// </summary>
    public sealed class StartupFilter(Func<ResponseContract?> contract) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, call) =>
            {
                if (contract() is not { } check)
                {
                    await call(context);
                    return;
                }
                var original = context.Response.Body;
                if (context.Request.Path.Value?.EndsWith("/stream", StringComparison.Ordinal) == true)
                {
                    // An event stream goes out as it is written (a test reads it as it comes): its status and type are
                    // checked when it starts, its events by the tests that read them.
                    context.Response.OnStarting(() =>
                    {
                        if (context.Response.StatusCode == StatusCodes.Status200OK && context.Response.ContentType != "text/event-stream")
                        {
                            throw new ContractViolation($"{context.Request.Path} → 200 is not text/event-stream");
                        }
                        return Task.CompletedTask;
                    });
                    if (context.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.Ordinal))
                    {
                        await call(context);
                        return;
                    }
                }
                using var buffer = new MemoryStream();
                context.Response.Body = buffer;
                try
                {
                    await call(context);
                }
                finally
                {
                    context.Response.Body = original;
                }
                var body = buffer.ToArray();
                var problems = check.Check(context.Request.Method, context.Request.Path.Value ?? "/",
                    context.Request.QueryString, context.Response.StatusCode, context.Response.Headers, body);
                if (problems.Count > 0)
                {
                    throw new ContractViolation(string.Join("\n", problems) + "\nbody: "
                        + Encoding.UTF8.GetString(Decoded(context.Response.Headers, body)));
                }
                if (body.Length > 0)
                {
                    await original.WriteAsync(body, context.RequestAborted);
                }
            });
            next(app);
        };
    }

    public sealed class ContractViolation(string message) : Exception("The response disagrees with openapi.yaml:\n" + message);
}
