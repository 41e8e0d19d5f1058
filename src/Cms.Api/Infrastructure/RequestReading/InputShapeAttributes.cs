namespace Cms.Api.Infrastructure;

/// <summary>
/// Names of response-only fields a client may send back unchanged (GET, modify, PUT); they are
/// dropped on input instead of being refused as unknown.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ReadOnlyFieldsAttribute(params string[] names) : Attribute
{
    public IReadOnlySet<string> Names { get; } = new HashSet<string>(names, StringComparer.Ordinal);
}

/// <summary>
/// A response field that stands for an input field: a byline's <c>id</c> is the <c>authorId</c>
/// to write, so a byline read from GET can be written back as it is.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class InputAliasAttribute(string alias, string target) : Attribute
{
    public string Alias { get; } = alias;
    public string Target { get; } = target;
}
