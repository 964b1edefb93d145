using System.CommandLine;
using ActorViews.Client;

namespace ActorViews.Cli.Commands;

/// <summary>The <c>--gateway</c>, <c>--cluster-id</c> and <c>--service-id</c> options of commands that call grains.</summary>
internal sealed class GatewayOptions
{
    private static readonly ActorViewsClientOptions Defaults = new();

    private readonly Option<string> _gateway = new("--gateway")
    {
        Description = "the silo's Orleans gateway",
        HelpName = "HOST:PORT",
        DefaultValueFactory = _ => Defaults.Gateway,
    };

    private readonly Option<string> _clusterId = new("--cluster-id")
    {
        Description = "the silo's cluster ID",
        HelpName = "ID",
        DefaultValueFactory = _ => Defaults.ClusterId,
    };

    private readonly Option<string> _serviceId = new("--service-id")
    {
        Description = "the silo's service ID",
        HelpName = "ID",
        DefaultValueFactory = _ => Defaults.ServiceId,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_gateway);
        command.Options.Add(_clusterId);
        command.Options.Add(_serviceId);
    }

    public Task<ActorViewsClient> ConnectAsync(ParseResult parse, CancellationToken cancellationToken) =>
        ActorViewsClient.ConnectAsync(parse.GetRequiredValue(_gateway), parse.GetRequiredValue(_clusterId), parse.GetRequiredValue(_serviceId), cancellationToken);
}
