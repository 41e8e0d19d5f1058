using System.Reflection;
using System.Text.Json;
using Microsoft.JSInterop;

namespace Cms.Admin.Services;

/// <summary>
/// Every string the app shows, from its language's resource (Strings/id.json, Strings/en.json); Indonesian unless the
/// person chose English, which the browser remembers. A key missing from a language shows as the key itself, and
/// AdminTextTests fails when the two languages differ in keys or a page asks for one neither has.
/// </summary>
public sealed class Text(IJSRuntime js)
{
    public static readonly string[] Languages = ["id", "en"];

    private Dictionary<string, string> strings = [];

    public string Language { get; private set; } = "id";

    public event Action? Changed;

    public string this[string key] => strings.TryGetValue(key, out var value) ? value : key;

    public string Format(string key, params object[] args) => string.Format(System.Globalization.CultureInfo.InvariantCulture, this[key], args);

    public async Task LoadAsync()
    {
        var saved = await js.InvokeAsync<string?>("localStorage.getItem", "cms.language");
        Use(Languages.Contains(saved) ? saved! : "id");
        await js.InvokeVoidAsync("document.documentElement.setAttribute", "lang", Language);
    }

    public async Task ChooseAsync(string language)
    {
        Use(language);
        await js.InvokeVoidAsync("localStorage.setItem", "cms.language", language);
        await js.InvokeVoidAsync("document.documentElement.setAttribute", "lang", language);
        Changed?.Invoke();
    }

    private void Use(string language)
    {
        using var stream = typeof(Text).Assembly.GetManifestResourceStream($"Cms.Admin.Strings.{language}.json")!;
        strings = JsonSerializer.Deserialize(stream, TextJson.Default.DictionaryStringString)!;
        Language = language;
    }

    /// <summary>The site's zone (GET /site): its offset and its abbreviation (WIB).</summary>
    public (TimeSpan Offset, string Abbreviation) Zone { get; set; } = (TimeSpan.FromHours(7), "WIB");

    /// <summary>A time as the site shows it, "Rabu, 19 Juni 2024, 12:04 WIB", in the site's zone.</summary>
    public string Time(DateTimeOffset? time)
    {
        if (time is not { } utc)
        {
            return "";
        }
        var t = utc.ToOffset(Zone.Offset);
        return $"{this[$"day.{(int)t.DayOfWeek}"]}, {t.Day} {this[$"month.{t.Month}"]} {t.Year}, {t:HH:mm} {Zone.Abbreviation}";
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class TextJson : System.Text.Json.Serialization.JsonSerializerContext;
