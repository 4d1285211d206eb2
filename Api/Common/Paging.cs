using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Common;

/// <summary>Paging and sorting query parameters every list takes: <c>page</c> (from 1), <c>pageSize</c> (1–100), <c>sort</c> (a key, <c>-key</c> descending).</summary>
public sealed record PageQuery(int? Page, int? PageSize, string? Sort)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public int PageNumber => Page ?? 1;
    public int Size => PageSize ?? DefaultPageSize;

    public void Validate(Validator v)
    {
        if (Page is < 1)
        {
            v.Add("page", ApiText.Get("field.range", "page", 1, int.MaxValue));
        }
        if (PageSize is < 1 or > MaxPageSize)
        {
            v.Add("pageSize", ApiText.Get("field.range", "pageSize", 1, MaxPageSize));
        }
    }
}

/// <summary>One page of a list, with the total so a client can page on.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

/// <summary>The sort keys a list accepts, each an expression EF translates; unknown keys are a 400.</summary>
public sealed class SortMap<T>
{
    private readonly Dictionary<string, Func<IQueryable<T>, bool, IOrderedQueryable<T>>> keys = new(StringComparer.OrdinalIgnoreCase);
    private readonly Func<IOrderedQueryable<T>, IOrderedQueryable<T>> tieBreak;
    private readonly string defaultKey;

    public SortMap(string defaultKey, Func<IOrderedQueryable<T>, IOrderedQueryable<T>> tieBreak)
    {
        this.defaultKey = defaultKey;
        this.tieBreak = tieBreak;
    }

    public SortMap<T> Add<TKey>(string name, Expression<Func<T, TKey>> key)
    {
        keys[name] = (q, desc) => desc ? q.OrderByDescending(key) : q.OrderBy(key);
        return this;
    }

    public IQueryable<T> Apply(IQueryable<T> query, string? sort, Validator v)
    {
        var text = string.IsNullOrWhiteSpace(sort) ? defaultKey : sort.Trim();
        var desc = text.StartsWith('-');
        var name = text.TrimStart('-', '+');
        if (!keys.TryGetValue(name, out var order))
        {
            v.Add("sort", ApiText.Get("field.sort", text, string.Join(", ", keys.Keys)));
            return query;
        }
        return tieBreak(order(query, desc));
    }
}

public static class PagingExtensions
{
    public static async Task<Paged<T>> ToPagedAsync<T>(this IQueryable<T> query, PageQuery page, CancellationToken ct)
    {
        var total = await query.CountAsync(ct);
        var items = await query.Skip((page.PageNumber - 1) * page.Size).Take(page.Size).ToListAsync(ct);
        return new(items, page.PageNumber, page.Size, total);
    }
}
