using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Cms.Api.Infrastructure;

public sealed record PageMeta(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("Absent when paging by cursor.")] int? Page,
    int PageSize,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("Absent when not counted (count=false, or a cursor).")] int? TotalItems,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("Absent when not counted.")] int? TotalPages,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("Pass as cursor to get the next page; absent on the last page.")] string? NextCursor = null);

public sealed record Paged<T>(IReadOnlyList<T> Data, PageMeta Meta);

/// <summary>Page number and size, shared by every collection.</summary>
public sealed record PageQuery(
    [property: Description("Page number, from 1 (default 1)."), Range(1, PageQuery.MaxPage), FromQuery(Name = "page")] int? Page,
    [property: Description("Items per page, 1 to 100 (default 20)."), Range(1, PageQuery.MaxPageSize), FromQuery(Name = "pageSize")] int? PageSize)
{
    public const int MaxPage = 1_000_000;
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 20;

    public int PageOrDefault => Page ?? 1;
    public int SizeOrDefault => PageSize ?? DefaultPageSize;

    public void Check(IDictionary<string, string[]> errors)
    {
        if (Page is < 1 or > MaxPage)
        {
            errors["page"] = [$"Must be between 1 and {MaxPage}."];
        }
        if (PageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"Must be between 1 and {MaxPageSize}."];
        }
    }

    /// <summary>One query for the total and one for the page; never a query per row.</summary>
    public async Task<Paged<T>> ToPagedAsync<T>(IQueryable<T> ordered, CancellationToken ct)
    {
        var total = await ordered.CountAsync(ct);
        var items = await ordered.Skip((PageOrDefault - 1) * SizeOrDefault).Take(SizeOrDefault).ToListAsync(ct);
        var pages = (int)Math.Ceiling(total / (double)SizeOrDefault);
        return new Paged<T>(items, new PageMeta(PageOrDefault, SizeOrDefault, total, pages));
    }
}
