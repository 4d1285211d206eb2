using System.Net.Http.Headers;
using GuidanceBot.Testing;
using GuidanceBot.Api.Tests.Infrastructure;
using GuidanceBot.Data.Enterprises;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Tests.Api;

/// <summary>
/// The real host on Kestrel at 127.0.0.1 (real HTTP) with the local token issuer, on its own data folder, for the
/// import tests; callers carry real bearer tokens, and what an import stored is read back from the database.
/// </summary>
public sealed class ImportHost : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("guidancebot-import-").FullName;

    public ImportHost() => Host = LoopbackApiFactory.Start(_root);

    public LoopbackApiFactory Host { get; }

    public HttpClient Client(string? role, string? unit = null, string? language = null, string? token = null)
    {
        var client = new HttpClient { BaseAddress = Host.BaseAddress };
        token ??= role is null ? null : Host.Token(role, unit, name: $"{unit ?? role}测试");
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (language is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        }
        return client;
    }

    public HttpClient Liaison(string unit, string? language = null) => Client("CountyLiaison", unit, language);

    public static MultipartFormDataContent Upload(byte[] content, string fileName)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    public sealed record Stored(string Name, string CreditCode, string CategoryCode, EnterpriseTier Tier);

    /// <summary>The enterprises of <paramref name="unit"/> as stored, by credit code.</summary>
    public async Task<List<Stored>> StoredAsync(string unit)
    {
        var rows = new List<Stored>();
        await Host.WithDbAsync(async db => rows = await db.Enterprises.AsNoTracking().Where(e => e.Unit!.Code == unit)
            .OrderBy(e => e.CreditCode).Select(e => new Stored(e.Name, e.CreditCode, e.CategoryCode, e.Tier)).ToListAsync());
        return rows;
    }

    /// <summary>Enterprises and audit entries in the whole database: equal before and after means nothing was written.</summary>
    public async Task<(int Enterprises, int Audit)> CountsAsync()
    {
        var counts = (0, 0);
        await Host.WithDbAsync(async db => counts = (await db.Enterprises.CountAsync(), await db.AuditLog.CountAsync()));
        return counts;
    }

    public Task ForgetAsync(string unit) => Host.WithDbAsync(db => db.Enterprises.Where(e => e.Unit!.Code == unit).ExecuteDeleteAsync());

    public void Dispose()
    {
        Host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
