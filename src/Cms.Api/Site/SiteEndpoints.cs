using System.ComponentModel;
using Cms.Api.Infrastructure;
using Microsoft.Extensions.Options;

namespace Cms.Api.Site;

/// <summary>What a frontend or app reads first: the publication, its language and its clock.</summary>
public sealed record SiteResponse(
    [property: Description("The publication's name (Site:Name); null until set.")] string? Name,
    [property: Description("One sentence on what it is (Site:Description).")] string? Description,
    [property: Description("Its language, BCP 47 (Site:Language, else Cms:DefaultLanguage).")] string Language,
    [property: Description("The newsroom's time zone, IANA (Site:TimeZone), in which publishedAtLocal is given.")] string TimeZone,
    [property: Description("What readers call that zone, to print after a time: WIB, WITA, WIT (Site:TimeZoneAbbreviation, "
        + "else known for Indonesia's zones, else the offset as UTC+7).")] string TimeZoneAbbreviation,
    [property: Description("The zone's offset now, e.g. +07:00.")] string UtcOffset,
    [property: Description("The frontend's origin (Site:BaseUrl); null until set, and then no resource has a url.")] string? BaseUrl,
    [property: Description("The publication's logo (Site:LogoUrl).")] string? LogoUrl);

public static class SiteEndpoints
{
    public static RouteHandlerBuilder MapSiteEndpoints(this IEndpointRouteBuilder api) =>
        api.MapGet("/site", (SiteLinks site, IOptions<SiteOptions> options, TimeProvider clock, HttpContext http) =>
            {
                // Settings change only with a restart: any cache may keep it a while.
                http.Response.Headers.CacheControl = "public, max-age=300";
                var o = options.Value;
                return TypedResults.Ok(new SiteResponse(o.Name, o.Description, site.Language, o.TimeZone, site.ZoneAbbreviation,
                    site.Local(clock.GetUtcNow())!.Value.ToString("zzz"), site.Home?.TrimEnd('/'), o.LogoUrl));
            })
            .WithName("getSite").WithTags("Site").ProducesProblems(401, 500).WithSummary("The publication, its language and time zone")
            .WithDescription("What a frontend or app reads first: the publication's name, language, time zone with what readers "
                + "call it (WIB) and its offset, the frontend's origin and the logo. Anyone may read it; it changes only with the settings.");
}
