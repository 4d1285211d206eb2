using GuidanceBot.Data;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace GuidanceBot.Api.Demo;

/// <summary>The Development demo: <c>Demo:SeedPersonas=true</c> registers the Agents Playground's personas at start.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>Opt-in, and only in the Development environment.</summary>
    public bool SeedPersonas { get; set; }

    /// <summary>The playground's configuration; by default <c>.m365agentsplayground.yml</c> in the content root or a folder above it.</summary>
    public string? PlaygroundConfig { get; set; }
}

/// <summary>A persona of the playground as registered: who, in which unit, with which role.</summary>
public sealed record DemoPersona(string Name, string UnitCode, PersonRole Role, string AadObjectId);

/// <summary>
/// Registers the personas of <c>.m365agentsplayground.yml</c> (its current user and users) as people of its tenant, so
/// "菜单" answers with the menu at once instead of the invite-code card. The file is the one source: the name is the
/// display name before its bracket, the unit the first label of the e-mail domain (<c>wuyang.example.cn</c> → wuyang),
/// the role the bracket's words (管理员 city admin, 负责人 county's responsible person, 联络员 liaison; anyone else
/// of the city bureau is city staff). A persona already registered is left as it is.
/// </summary>
public sealed class DemoPersonas(GuidanceDbContext db, IOptions<DemoOptions> options, IHostEnvironment environment, ILogger<DemoPersonas> logger)
{
    public const string FileName = ".m365agentsplayground.yml";

    public async Task<IReadOnlyList<DemoPersona>> SeedAsync(CancellationToken ct = default)
    {
        if (!options.Value.SeedPersonas || !environment.IsDevelopment())
        {
            return [];
        }
        var path = options.Value.PlaygroundConfig is { } configured
            ? Path.GetFullPath(configured, environment.ContentRootPath)
            : FindConfig(environment.ContentRootPath);
        if (path is null || !File.Exists(path))
        {
            throw new FileNotFoundException($"Demo:SeedPersonas is on but {FileName} was not found in {environment.ContentRootPath} or above it; set Demo:PlaygroundConfig.", path);
        }

        var config = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).IgnoreUnmatchedProperties().Build()
            .Deserialize<PlaygroundConfig>(await File.ReadAllTextAsync(path, ct));
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Code, StringComparer.OrdinalIgnoreCase, ct);
        var known = await db.People.Where(p => p.TenantId == config.TenantId).Select(p => p.AadObjectId).ToListAsync(ct);
        var registered = new List<DemoPersona>();
        foreach (var user in config.Users.Prepend(config.CurrentUser).OfType<PlaygroundUser>())
        {
            if (Read(user, units) is not { } persona)
            {
                logger.LogWarning("Demo persona {Name} <{Email}>: no unit with the code of its e-mail domain; not registered", user.Name, user.Email);
                continue;
            }
            registered.Add(persona);
            if (!known.Contains(persona.AadObjectId))
            {
                db.People.Add(new Person
                {
                    Name = persona.Name, Role = persona.Role, UnitId = units[persona.UnitCode].Id,
                    TenantId = config.TenantId, AadObjectId = persona.AadObjectId,
                });
            }
        }
        var added = await db.SaveChangesAsync(ct);
        logger.LogWarning("Demo: {Count} playground personas registered from {File} ({Added} new). Development only.", registered.Count, path, added);
        return registered;
    }

    private static DemoPersona? Read(PlaygroundUser user, Dictionary<string, OrgUnit> units)
    {
        var domain = user.Email?.Split('@') is [_, var d] ? d : null;
        var code = domain?.Split('.')[0];
        if (code is null || !units.TryGetValue(code, out var unit) || string.IsNullOrEmpty(user.AadObjectId) || string.IsNullOrWhiteSpace(user.Name))
        {
            return null;
        }
        var bracket = user.Name.IndexOfAny(['（', '(']);
        var name = (bracket > 0 ? user.Name[..bracket] : user.Name).Trim();
        var title = bracket > 0 ? user.Name[bracket..] : "";
        var city = unit.Level != UnitLevel.County;
        var role = title switch
        {
            _ when title.Contains("管理员") && city => PersonRole.CityAdmin,
            _ when title.Contains("负责人") && !city => PersonRole.CountyResponsible,
            _ => city ? PersonRole.CityStaff : PersonRole.CountyLiaison,
        };
        return new DemoPersona(name, unit.Code, role, user.AadObjectId);
    }

    private static string? FindConfig(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private sealed class PlaygroundConfig
    {
        public string TenantId { get; set; } = "";
        public PlaygroundUser? CurrentUser { get; set; }
        public List<PlaygroundUser> Users { get; set; } = [];
    }

    private sealed class PlaygroundUser
    {
        public string Name { get; set; } = "";
        public string AadObjectId { get; set; } = "";
        public string? Email { get; set; }
    }
}
