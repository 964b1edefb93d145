using Microsoft.Extensions.Logging;

namespace ActorViews.Cli.Commands;

/// <summary>What <c>actorviews gateway</c> logs.</summary>
internal static partial class GatewayCommandLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information,
        Message = "Gateway serving {Urls}, writing to {BootstrapServers}, calling the cluster through {Silos}")]
    public static partial void Serving(ILogger logger, string urls, string bootstrapServers, string silos);
}
