using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Cms.Api.Media;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Articles;

/// <summary>
/// Photos of the media library in an article's body: <c>![alt](asset:ID)</c> in Markdown (or <c>&lt;img src="asset:ID"&gt;</c>
/// in its HTML). The stored body keeps each as a placeholder, <c>&lt;img src="asset:ID" alt="…"&gt;</c>, and the
/// article's row a copy of those assets (<c>BodyAssetsJson</c>); where a response leaves, <see cref="Fill"/> turns each
/// placeholder into a <c>&lt;picture&gt;</c> with today's variants, so a new focal point, alt or preset shows in
/// every body without rendering it again.
/// </summary>
public static partial class BodyImages
{
    public const string Scheme = "asset:";

    /// <summary>How a placeholder starts in stored HTML; <see cref="Mark"/> puts src first, the serializer quotes it.</summary>
    private const string Placeholder = "<img src=\"" + Scheme;

    /// <summary>The asset an <c>asset:ID</c> URL names, or null.</summary>
    /// <summary>
    /// The library photos a Markdown body shows (<c>asset:</c>) that no asset is: one query. Only a body that names an
    /// asset is rendered (again, as the save renders it): most name none.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> MissingAssetsAsync(Cms.Data.CmsDbContext db, string? body, CancellationToken ct)
    {
        if (body?.Contains(Scheme, StringComparison.OrdinalIgnoreCase) != true)
        {
            return [];
        }
        var shown = ContentRenderer.Render(body).AssetIds;
        var found = await db.Assets.Where(x => shown.Contains(x.Id)).Select(x => x.Id).ToListAsync(ct);
        return shown.Except(found).ToList();
    }

    public static Guid? AssetId(string url) =>
        url.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && Guid.TryParse(url.AsSpan(Scheme.Length), out var id) ? id : null;

    /// <summary>
    /// Makes each asset image of the sanitized body a placeholder (src, alt and title only, in that order) and answers
    /// the assets in order of first use. An <c>asset:</c> URL anywhere else in an image (a srcset) is dropped.
    /// </summary>
    public static List<Guid> Mark(IElement body)
    {
        var ids = new List<Guid>();
        foreach (var img in body.QuerySelectorAll("img"))
        {
            if (img.GetAttribute("src") is { } src && AssetId(src) is { } id)
            {
                var (alt, title) = (img.GetAttribute("alt"), img.GetAttribute("title"));
                foreach (var name in img.Attributes.Select(a => a.Name).ToList())
                {
                    img.RemoveAttribute(name);
                }
                img.SetAttribute("src", Scheme + id.ToString("D"));
                img.SetAttribute("alt", alt ?? "");
                if (!string.IsNullOrEmpty(title))
                {
                    img.SetAttribute("title", title);
                }
                if (!ids.Contains(id))
                {
                    ids.Add(id);
                }
            }
            else if (img.GetAttribute("srcset") is { } srcset && srcset.Contains(Scheme, StringComparison.OrdinalIgnoreCase))
            {
                img.RemoveAttribute("srcset");
            }
        }
        return ids;
    }

    /// <summary>
    /// The stored body with each placeholder as the image it names: a <c>&lt;picture&gt;</c> whose sources are the
    /// asset's variants that keep its ratio (WebP, and AVIF when enabled) and whose <c>&lt;img&gt;</c> has the JPEG ones, the
    /// widest as <c>src</c> with its <c>width</c> and <c>height</c>, <c>loading="lazy"</c>, the use's alt (else the
    /// asset's) and <c>data-asset-id</c>. A vector, or an asset with no such variants, is a bare <c>&lt;img&gt;</c> of the original.
    /// </summary>
    public static string Fill(string html, IReadOnlyList<ArticleLinks.AssetCopy> assets, Variants variants)
    {
        if (assets.Count == 0)
        {
            return html;
        }
        var filled = new StringBuilder(html.Length + assets.Count * 1024);
        var at = 0;
        for (var open = html.IndexOf(Placeholder, StringComparison.Ordinal); open >= 0;
             open = html.IndexOf(Placeholder, at, StringComparison.Ordinal))
        {
            filled.Append(html, at, open - at);
            // Attribute values are serialized quoted, with no '"' inside: the first '>' outside quotes ends the tag.
            var end = ContentRenderer.TagEnd(html, open);
            var tag = html[open..(end + 1)];
            var attributes = Attribute().Matches(tag).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
            var asset = AssetId(attributes["src"]) is { } id ? assets.FirstOrDefault(a => a.Id == id) : null;
            if (asset is null)
            {
                filled.Append(tag); // not in the copy: cannot happen while the write path keeps it, shown as stored
            }
            else
            {
                Picture(filled, asset, attributes.GetValueOrDefault("alt"), attributes.GetValueOrDefault("title"), variants);
            }
            at = end + 1;
        }
        return filled.Append(html, at, html.Length - at).ToString();
    }

    private static void Picture(StringBuilder html, ArticleLinks.AssetCopy asset, string? alt, string? title, Variants variants)
    {
        var widths = variants.Widths(asset.Image).GroupBy(v => v.Format)
            // Two presets wider than a small original come out the same size: one candidate per width.
            .ToDictionary(g => g.Key, g => g.DistinctBy(v => v.Width).ToList());
        var sizes = Encode(variants.BodyImageSizes);
        var jpeg = widths.GetValueOrDefault(ImageFormat.Jpeg.Extension) ?? [];
        var (src, width, height) = jpeg.Count > 0 ? (jpeg[^1].Url, jpeg[^1].Width, jpeg[^1].Height)
            : (variants.Url(MediaUrls.PathPrefix + asset.Key)!, asset.Width, asset.Height);
        if (jpeg.Count > 0)
        {
            html.Append("<picture>");
            foreach (var format in new[] { ImageFormat.Avif, ImageFormat.WebP })
            {
                if (widths.TryGetValue(format.Extension, out var set))
                {
                    html.Append($"<source type=\"{format.ContentType}\" srcset=\"{Srcset(set)}\" sizes=\"{sizes}\">");
                }
            }
        }
        html.Append($"<img src=\"{Encode(src)}\"");
        if (jpeg.Count > 0)
        {
            html.Append($" srcset=\"{Srcset(jpeg)}\" sizes=\"{sizes}\"");
        }
        html.Append($" width=\"{width}\" height=\"{height}\" alt=\"{Encode(string.IsNullOrEmpty(alt) ? asset.Alt ?? "" : alt)}\"");
        if (!string.IsNullOrEmpty(title))
        {
            html.Append($" title=\"{Encode(title)}\"");
        }
        html.Append($" loading=\"lazy\" decoding=\"async\" data-asset-id=\"{asset.Id:D}\">");
        if (jpeg.Count > 0)
        {
            html.Append("</picture>");
        }
    }

    private static string Srcset(IEnumerable<AssetVariant> set) => string.Join(", ", set.Select(v => $"{Encode(v.Url)} {v.Width}w"));

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    [GeneratedRegex(@"\s([a-z-]+)=""([^""]*)""")]
    private static partial Regex Attribute();
}
