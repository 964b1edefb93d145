using ActorViews.Client.Cli;

namespace ActorViews.Client.Commands;

/// <summary>The <c>--gateway</c>, <c>--cluster-id</c> and <c>--service-id</c> options of commands that call grains.</summary>
internal sealed class GatewayOption
{
    public const string Usage = """
          --gateway HOST:PORT         the silo's Orleans gateway (default localhost:30000)
          --cluster-id ID             the silo's cluster ID (default actorviews)
          --service-id ID             the silo's service ID (default actorviews)
        """;

    public string Gateway { get; private set; } = "localhost:30000";

    public string ClusterId { get; private set; } = "actorviews";

    public string ServiceId { get; private set; } = "actorviews";

    /// <summary>Takes the current option when it is one of these; false otherwise.</summary>
    public bool TryRead(ArgumentReader reader)
    {
        switch (reader.Current)
        {
            case "--gateway":
                Gateway = reader.Value();
                return true;
            case "--cluster-id":
                ClusterId = reader.Value();
                return true;
            case "--service-id":
                ServiceId = reader.Value();
                return true;
            default:
                return false;
        }
    }

    public Task<ActorViewsClient> ConnectAsync(CancellationToken cancellationToken) =>
        ActorViewsClient.ConnectAsync(Gateway, ClusterId, ServiceId, cancellationToken);
}
