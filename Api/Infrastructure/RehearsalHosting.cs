using GuidanceBot.Data;
using GuidanceBot.Data.Rehearsal;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GuidanceBot.Api.Infrastructure;

/// <summary>
/// The rehearsal clock (演练): with <c>Rehearsal:StartAt</c> set, the host's <see cref="TimeProvider"/> starts at that China
/// date and time and runs on (the admin's rehearsal card moves it forward), so new liaisons train on a copy of the data with
/// a past year's dates. <see cref="StartupChecks"/> refuses to start it outside Development or on the production data folder
/// (<see cref="IsProductionDataFolder"/>).
/// </summary>
public static class RehearsalHosting
{
    /// <summary>The file a host started in the Production environment leaves in its data folder (a copy carries it along).</summary>
    public const string ProductionMarker = "PRODUCTION";

    public static WebApplicationBuilder AddGuidanceRehearsal(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(RehearsalOptions.SectionName);
        builder.Services.AddOptions<RehearsalOptions>().Bind(section);
        var options = section.Get<RehearsalOptions>() ?? new();
        if (!options.IsOn)
        {
            return builder;
        }
        // The clock the rehearsal runs on, and the one token lifetimes are checked with: the system's (a test registers its own after).
        builder.Services.RemoveAllKeyed<TimeProvider>(RehearsalClock.WallClockKey);
        builder.Services.AddKeyedSingleton<TimeProvider>(RehearsalClock.WallClockKey, TimeProvider.System);
        builder.Services.AddSingleton(sp =>
        {
            var inner = sp.GetRequiredKeyedService<TimeProvider>(RehearsalClock.WallClockKey);
            return new RehearsalClock(inner, options.Start() ?? inner.GetUtcNow()); // a bad StartAt stops the start (StartupChecks)
        });
        builder.Services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<RehearsalClock>());
        return builder;
    }

    /// <summary>
    /// The production data folder: the host's configured default (<c>data</c> under the content root, what a deployment
    /// uses unless told otherwise) or any folder a host in the Production environment has used (it holds
    /// <see cref="ProductionMarker"/>). A rehearsal needs a copy elsewhere, without the marker.
    /// </summary>
    public static bool IsProductionDataFolder(string dataFolder, string contentRoot) =>
        string.Equals(Path.GetFullPath(dataFolder).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(new StorageOptions().DataFolder, contentRoot).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal)
        || File.Exists(Path.Combine(dataFolder, ProductionMarker));

    /// <summary>What stops a rehearsal from starting; nothing when it is off.</summary>
    public static IEnumerable<string> Problems(RehearsalOptions options, IHostEnvironment environment, string dataFolder)
    {
        if (!options.IsOn)
        {
            yield break;
        }
        if (options.Start() is null)
        {
            yield return $"Rehearsal:StartAt must be a China date and time, yyyy-MM-dd HH:mm (e.g. 2022-03-01 09:00); it is '{options.StartAt}'.";
        }
        if (!environment.IsDevelopment())
        {
            yield return $"Rehearsal:StartAt is set but the environment is '{environment.EnvironmentName}': the rehearsal clock runs only in Development, on a copy of the data.";
        }
        if (IsProductionDataFolder(dataFolder, environment.ContentRootPath))
        {
            yield return $"Rehearsal:StartAt is set but Storage:DataFolder '{dataFolder}' is the production data folder (the default one, or it holds {ProductionMarker}): " +
                "copy the data to another folder, delete the marker there, and point Storage:DataFolder at the copy.";
        }
    }

    /// <summary>Marks the data folder of a host in the Production environment (see <see cref="IsProductionDataFolder"/>).</summary>
    public static void MarkProductionDataFolder(IHostEnvironment environment, string dataFolder)
    {
        if (environment.IsProduction() && !File.Exists(Path.Combine(dataFolder, ProductionMarker)))
        {
            File.WriteAllText(Path.Combine(dataFolder, ProductionMarker),
                "This data folder is a production host's: the rehearsal clock (Rehearsal:StartAt) refuses to run on it.\n");
        }
    }
}
