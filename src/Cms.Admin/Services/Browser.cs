using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Cms.Admin.Services;

/// <summary>The app's one JavaScript module (wwwroot/js/app.js): the clipboard, where a click fell, uploads with progress.</summary>
public sealed class Browser(IJSRuntime js)
{
    private Task<IJSObjectReference>? module;

    private Task<IJSObjectReference> Module => module ??= js.InvokeAsync<IJSObjectReference>("import", "./js/app.js").AsTask();

    public async Task<bool> CopyAsync(string text) => await (await Module).InvokeAsync<bool>("copy", text);

    /// <summary>Where a click fell in an element, each 0 to 1 from its top left corner.</summary>
    public async Task<(double X, double Y)> FractionAsync(ElementReference element, double clientX, double clientY)
    {
        var xy = await (await Module).InvokeAsync<double[]>("fraction", element, clientX, clientY);
        return (xy[0], xy[1]);
    }

    /// <summary>A new passkey's credential (JSON) for the API's creation options; null when the person declined.</summary>
    public async Task<string?> CreatePasskeyAsync(string optionsJson) => await (await Module).InvokeAsync<string?>("createPasskey", optionsJson);

    /// <summary>A passkey's assertion (JSON) for the API's request options; null when the person declined.</summary>
    public async Task<string?> GetPasskeyAsync(string optionsJson) => await (await Module).InvokeAsync<string?>("getPasskey", optionsJson);

    /// <summary>Follows an event stream; dispose the answer's reference after calling close on it.</summary>
    public async Task<IJSObjectReference> ListenAsync<T>(string url, DotNetObjectReference<T> target) where T : class =>
        await (await Module).InvokeAsync<IJSObjectReference>("listen", url, target);

    public async Task AttachUploadsAsync<T>(ElementReference zone, ElementReference input, DotNetObjectReference<T> target, string csrfToken)
        where T : class =>
        await (await Module).InvokeVoidAsync("attachUploads", zone, input, target, csrfToken);
}
