using GuidanceBot.Bot.Connector;

namespace GuidanceBot.Bot.Authentication;

/// <summary>
/// What is wrong with the bot's configuration, in words an operator acts on; the host lists these with the rest
/// of its configuration problems and refuses to start (<c>StartupChecks</c>) instead of answering every Teams
/// request with 401 or failing every reply.
/// </summary>
public static class BotConfigurationProblems
{
    public static IEnumerable<string> Of(BotAuthenticationOptions bot, ConnectorOptions connector)
    {
        if (ConnectorHosts.Problem(connector) is { } hosts)
        {
            yield return hosts;
        }
        if (Flows.Common.SentFileHosts.Problem(connector) is { } fileHosts)
        {
            yield return fileHosts;
        }

        // Local mode (the Agents Playground on loopback) has no identity at all.
        if (bot.AllowUnauthenticatedLocalMode)
        {
            yield break;
        }

        var msi = bot.AppType == BotAppType.UserAssignedMSI;
        if (string.IsNullOrWhiteSpace(bot.AppId))
        {
            yield return "Bot:AppId is not set: the bot's Microsoft App ID (of its Azure Bot resource). For the Agents Playground on this machine set Bot:AllowUnauthenticatedLocalMode=true instead.";
        }

        if (bot.AppType != BotAppType.MultiTenant && string.IsNullOrWhiteSpace(bot.TenantId))
        {
            yield return $"Bot:TenantId is not set: a {bot.AppType} bot gets its token from its own Entra ID tenant.";
        }

        var credentials = new[]
        {
            string.IsNullOrEmpty(connector.Secret) ? null : "Bot:ClientSecret",
            string.IsNullOrEmpty(connector.CertificatePath) ? null : "Bot:CertificatePath",
            string.IsNullOrEmpty(connector.CertificateThumbprint) ? null : "Bot:CertificateThumbprint",
        }.OfType<string>().ToList();

        if (msi && credentials.Count > 0)
        {
            yield return $"Bot:AppType is UserAssignedMSI, which uses the managed identity and no secret or certificate; remove {string.Join(", ", credentials)}.";
        }
        else if (!msi && credentials.Count == 0)
        {
            yield return "The bot has no credential: set Bot:ClientSecret, Bot:CertificatePath (and Bot:CertificatePassword) or Bot:CertificateThumbprint, or use a managed identity (Bot:AppType=UserAssignedMSI).";
        }
        else if (credentials.Count > 1)
        {
            yield return $"The bot has more than one credential ({string.Join(", ", credentials)}): keep one.";
        }

        if (!msi && !string.IsNullOrEmpty(connector.CertificatePath) && !File.Exists(connector.CertificatePath))
        {
            yield return $"Bot:CertificatePath '{connector.CertificatePath}' does not exist.";
        }
    }
}
