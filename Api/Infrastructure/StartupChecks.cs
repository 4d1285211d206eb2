using GuidanceBot.Bot.Authentication;
using GuidanceBot.Bot.Connector;
using GuidanceBot.Bot.Documents;
using GuidanceBot.Data;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Api.Infrastructure;

/// <summary>
/// The host's configuration, checked once before it touches the data folder or listens: everything wrong is
/// named in one <see cref="OptionsValidationException"/>, so an operator fixes it in one go instead of meeting
/// a 401 per Teams request, card links to localhost, or a second error after fixing the first.
/// </summary>
public sealed class StartupChecks
{
    public static WebApplicationBuilder AddStartupChecks(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<StartupChecks>, Validator>();
        builder.Services.AddOptions<StartupChecks>().ValidateOnStart();
        return builder;
    }

    /// <summary>Runs the checks now (the host runs them again at start; the answer is cached).</summary>
    public static void Run(IServiceProvider services) => _ = services.GetRequiredService<IOptions<StartupChecks>>().Value;

    internal sealed class Validator(
        IHostEnvironment environment,
        IConfiguration configuration,
        IOptions<BotAuthenticationOptions> bot,
        IOptions<ConnectorOptions> connector,
        IOptions<PublicLinkOptions> links,
        IOptions<StorageOptions> storage,
        IOptions<GuidanceBot.Data.Rehearsal.RehearsalOptions> rehearsal) : IValidateOptions<StartupChecks>
    {
        public ValidateOptionsResult Validate(string? name, StartupChecks options)
        {
            var problems = Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }

        private IEnumerable<string> Problems()
        {
            foreach (var problem in BotConfigurationProblems.Of(bot.Value, connector.Value))
            {
                yield return problem;
            }

            var development = environment.IsDevelopment();
            if (PublicLinkProblem(links.Value.BaseUrl, development) is { } link)
            {
                yield return link;
            }

            if (!development)
            {
                foreach (var problem in ApiTokenProblems(configuration.GetSection("Authentication:Schemes:Bearer")))
                {
                    yield return problem;
                }
            }

            foreach (var problem in ForwardedHeadersConfiguration.Problems(configuration))
            {
                yield return problem;
            }

            if (DataFolderProblem(storage.Value.DataFolder) is { } folder)
            {
                yield return folder;
            }

            foreach (var problem in RehearsalHosting.Problems(rehearsal.Value, environment, storage.Value.DataFolder))
            {
                yield return problem;
            }

            if (storage.Value.IsPostgreSql && string.IsNullOrWhiteSpace(storage.Value.ConnectionString))
            {
                yield return "Storage:Provider is PostgreSql but Storage:ConnectionString is not set " +
                    "(e.g. Host=db.internal;Database=guidancebot;Username=guidancebot;Password=…).";
            }
        }

        private static string? PublicLinkProblem(string? baseUrl, bool development)
        {
            var absolute = Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
            if (absolute && (development || uri!.Scheme == Uri.UriSchemeHttps))
            {
                return null;
            }

            return $"PublicLinks:BaseUrl must be the {(development ? "" : "https ")}address users' browsers reach from Teams " +
                $"(e.g. https://guidance.example.gov.cn); document links in cards start with it. It is '{baseUrl}'.";
        }

        /// <summary>
        /// The API's bearer tokens need an issuer to trust: an authority (Entra ID) whose metadata names the keys, or
        /// keys given outright (as <c>dotnet user-jwts</c> writes them); and the audience they are for.
        /// </summary>
        private static IEnumerable<string> ApiTokenProblems(IConfigurationSection bearer)
        {
            var authority = bearer["Authority"];
            var keys = bearer.GetSection("SigningKeys").GetChildren().Any();
            if (string.IsNullOrWhiteSpace(authority) && string.IsNullOrWhiteSpace(bearer["MetadataAddress"]) && !keys)
            {
                yield return "Authentication:Schemes:Bearer:Authority is not set: the API's token issuer, the Entra ID tenant " +
                    "(https://login.partner.microsoftonline.cn/{tenant}/v2.0 in Azure China, https://login.microsoftonline.com/{tenant}/v2.0 elsewhere).";
            }
            else if (!string.IsNullOrWhiteSpace(authority) && !(Uri.TryCreate(authority, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
            {
                yield return $"Authentication:Schemes:Bearer:Authority must be an absolute https URL; it is '{authority}'.";
            }

            if (!bearer.GetSection("ValidAudiences").GetChildren().Any() && string.IsNullOrWhiteSpace(bearer["ValidAudience"]) && string.IsNullOrWhiteSpace(bearer["Audience"]))
            {
                yield return "Authentication:Schemes:Bearer:ValidAudiences is not set: the API's app ID URI (api://{app id}) its tokens are issued for.";
            }
        }

        private static string? DataFolderProblem(string folder)
        {
            try
            {
                Directory.CreateDirectory(folder);
                var probe = Path.Combine(folder, $".write-check-{Guid.NewGuid():N}");
                File.WriteAllBytes(probe, [1]);
                File.Delete(probe);
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"Storage:DataFolder '{folder}' is not writable ({e.Message}): the database, attachments, keys and backups live there.";
            }
        }
    }
}
