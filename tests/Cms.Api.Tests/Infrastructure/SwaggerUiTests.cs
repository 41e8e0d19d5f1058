using Microsoft.Playwright;

namespace Cms.Api.Tests.Infrastructure;

/// <summary>
/// Swagger UI (the README's /swagger) in Chromium, as a newcomer uses it: the Authorize dialog says how to send a key,
/// and a photo uploaded with the form as "Try it out" fills it in is stored.
/// </summary>
public abstract class SwaggerUiTests(CmsFactory factory)
{
    [Fact]
    public async Task An_upload_filled_in_as_swagger_ui_offers_it_succeeds()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync();
            // The app answers every request; its client carries the admin key (what Authorize would add).
            await Browser.ServeAsync(page, factory.CreateClient(), "https://nothing.example", new Dictionary<string, string>());
            await page.GotoAsync("http://localhost/swagger/index.html");

            await page.Locator("button.authorize").ClickAsync();
            Assert.Contains("Authorization: Bearer <key>", await page.Locator(".auth-container").First.InnerTextAsync());
            Assert.Contains("cms_session", await page.Locator(".auth-container").Nth(1).InnerTextAsync());
            await page.Locator("button.btn-done").First.ClickAsync();

            var upload = page.Locator("#operations-Assets-uploadAsset");
            await upload.Locator(".opblock-summary-control").ClickAsync();
            await upload.Locator(".try-out__btn").ClickAsync();
            // Offered as the examples say, not "string".
            var alt = upload.Locator("input[placeholder='alt']");
            Assert.Equal("Vladimir Putin turun dari pesawat di Bandara Pyongyang", await alt.InputValueAsync());
            Assert.Equal("0.5,0.3", await upload.Locator("input[placeholder='focalPoint']").InputValueAsync());
            // A cleared field is sent as an empty part ("Send empty value"): not given.
            await upload.Locator("input[placeholder='copyright']").FillAsync("");

            using var image = (NetVips.Image.Black(800, 500, bands: 3) + new double[] { Random.Shared.Next(256), 60, 90 })
                .Cast(NetVips.Enums.BandFormat.Uchar);
            await upload.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
            {
                Name = "putin.jpg", MimeType = "image/jpeg", Buffer = image.JpegsaveBuffer(),
            });
            await upload.Locator("button.execute").ClickAsync();

            var status = upload.Locator(".live-responses-table tr.response .response-col_status").First;
            await status.WaitForAsync();
            Assert.Equal("201", (await status.InnerTextAsync()).Trim());
            var body = await upload.Locator(".live-responses-table .microlight").First.InnerTextAsync();
            Assert.Contains("\"alt\": \"Vladimir Putin turun dari pesawat di Bandara Pyongyang\"", body);
            Assert.Contains("\"copyright\": null", body);
        }
    }
}

public sealed class SwaggerUiTestsOnSqlite(SqliteCmsFactory factory) : SwaggerUiTests(factory), IClassFixture<SqliteCmsFactory>;

public sealed class SwaggerUiTestsOnPostgres(PostgresCmsFactory factory) : SwaggerUiTests(factory), IClassFixture<PostgresCmsFactory>;
