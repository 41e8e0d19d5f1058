using Cms.Admin.Api;
using Cms.Admin.Api.Models;
using Microsoft.Kiota.Abstractions.Serialization;

namespace Cms.Admin.Services;

/// <summary>The two WebAuthn ceremonies between the API (Identity's options and checks) and the browser's authenticator.</summary>
public sealed class Passkeys(CmsClient api, Browser browser)
{
    /// <summary>Signs in with a passkey; null when the person declined in the browser.</summary>
    public async Task<SessionResponse?> SignInAsync()
    {
        var options = await api.Api.V1.Session.Passkey.OptionsPath.PostAsync();
        var assertion = await browser.GetPasskeyAsync(await KiotaJsonSerializer.SerializeAsStringAsync(options!.Options!));
        return assertion is null ? null
            : await api.Api.V1.Session.Passkey.PostAsync(new PasskeyCredential { Credential = await NodeAsync(assertion) });
    }

    /// <summary>Adds a passkey of the signed-in person under a name; null when they declined in the browser.</summary>
    public async Task<PasskeyResponse?> AddAsync(string name)
    {
        var options = await api.Api.V1.Session.Passkeys.OptionsPath.PostAsync();
        var credential = await browser.CreatePasskeyAsync(await KiotaJsonSerializer.SerializeAsStringAsync(options!.Options!));
        return credential is null ? null
            : await api.Api.V1.Session.Passkeys.PostAsync(new PasskeyCredential { Credential = await NodeAsync(credential), Name = name });
    }

    private static async Task<UntypedNode> NodeAsync(string json) =>
        (await KiotaJsonSerializer.DeserializeAsync(json, UntypedNode.CreateFromDiscriminatorValue))!;
}
