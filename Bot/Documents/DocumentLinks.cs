using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Bot.Documents;

/// <summary>Where users reach this deployment from Teams, and how long a document link in a card stays valid.</summary>
public sealed class PublicLinkOptions
{
    public const string SectionName = "PublicLinks";

    /// <summary>The public base URL of this deployment, e.g. <c>https://guidance.example.gov.cn</c>.</summary>
    public string BaseUrl { get; set; } = "http://localhost:3978";

    /// <summary>How long a link in a card opens its document; after that the bot gives a fresh one.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>The documents a card can link to.</summary>
public enum LinkedDocument
{
    OpinionLetter = 1,
    RectificationReport = 2,
    WeeklyAssignment = 3,
    MonthlyReview = 4,

    /// <summary>A unit's year dossier (ZIP): the ticket's id is <see cref="DocumentLinks.DossierId"/> (unit and year in one number).</summary>
    UnitYearDossier = 5,
}

/// <summary>What a link grants: one document, to the person the card was made for, until it expires.</summary>
public sealed record DocumentTicket(LinkedDocument Document, int Id, int PersonId, DateTimeOffset ExpiresUtc);

/// <summary>The outcome of opening a link: a ticket, or why there is none.</summary>
public readonly record struct DocumentTicketCheck(DocumentTicket? Ticket, bool Expired);

/// <summary>
/// Signed, expiring download links for the documents linked from cards. A browser opened from Teams carries
/// no bearer token, so the link itself carries the grant: the document, its id and the person it was made for,
/// protected (encrypted and signed) by ASP.NET Core Data Protection. The download endpoint re-checks what the
/// person may see now, so a liaison who changed unit or left loses access with the change.
/// </summary>
public sealed class DocumentLinks(IDataProtectionProvider protection, IOptions<PublicLinkOptions> options, TimeProvider time)
{
    /// <summary>The download route, relative to <see cref="PublicLinkOptions.BaseUrl"/>.</summary>
    public const string Route = "/files";

    private readonly IDataProtector _protector = protection.CreateProtector("GuidanceBot.DocumentLinks.v1");

    /// <summary>The id a dossier link carries: the unit's id × 10,000 + the year (years are 2000–2100, <c>FieldLimits</c>).</summary>
    public static int DossierId(int unitId, int year) => checked(unitId * 10_000 + year);

    /// <summary>The unit and year of a dossier link's id.</summary>
    public static (int UnitId, int Year) Dossier(int id) => (id / 10_000, id % 10_000);

    /// <summary>A link that opens <paramref name="document"/> <paramref name="id"/> for <paramref name="personId"/>.</summary>
    public string For(LinkedDocument document, int id, int personId)
    {
        // The expiry is inside the protected payload and checked against our TimeProvider, so tests move the clock.
        var expires = time.GetUtcNow().Add(options.Value.Lifetime).ToUnixTimeSeconds();
        var token = _protector.Protect(string.Join('|', (int)document, id, personId, expires));
        return $"{options.Value.BaseUrl.TrimEnd('/')}{Route}/{token}";
    }

    /// <summary>Reads a link's token; a forged, altered or foreign token gives no ticket.</summary>
    public DocumentTicketCheck Read(string token)
    {
        string payload;
        try
        {
            payload = _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return default;
        }
        catch (FormatException)
        {
            return default;
        }

        var parts = payload.Split('|');
        if (parts.Length != 4
            || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var kind) || !Enum.IsDefined((LinkedDocument)kind)
            || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var id)
            || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out var personId)
            || !long.TryParse(parts[3], CultureInfo.InvariantCulture, out var expires))
        {
            return default;
        }

        var ticket = new DocumentTicket((LinkedDocument)kind, id, personId, DateTimeOffset.FromUnixTimeSeconds(expires));
        return ticket.ExpiresUtc <= time.GetUtcNow() ? new DocumentTicketCheck(null, true) : new DocumentTicketCheck(ticket, false);
    }
}
