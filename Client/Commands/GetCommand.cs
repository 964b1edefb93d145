using System.Globalization;
using ActorViews.Client.Cli;
using ActorViews.Grains;

namespace ActorViews.Client.Commands;

/// <summary><c>actorviews get order|customer|inventory ID</c>: prints a view, read from the grains directly.</summary>
internal sealed class GetCommand : ICliCommand
{
    public string Name => "get";

    public string Summary => "Print an order, customer or inventory view (via the silo's Orleans gateway).";

    public string Usage => $"""
        Usage: actorviews get order|customer|inventory ID [--gateway HOST:PORT]

        Prints the view as JSON; exits with 1 when the view has nothing for ID.

        Options:
        {GatewayOption.Usage}
          -h, --help                  show this help

        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken shutdown)
    {
        var gateway = new GatewayOption();
        var positional = new List<string>();
        var reader = new ArgumentReader(args);
        while (reader.MoveNext())
        {
            if (gateway.TryRead(reader))
            {
                continue;
            }

            if (reader.Current.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"Unknown option '{reader.Current}'.");
            }

            positional.Add(reader.Current);
        }

        if (positional.Count != 2)
        {
            throw new UsageException("Give the kind of view and an ID, e.g. 'get order 42'.");
        }

        var (kind, id) = (positional[0], positional[1]);
        long customerId = 0;
        var product = Product.Jumpers;
        var valid = kind switch
        {
            "order" => id.Length > 0,
            "customer" => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out customerId),
            "inventory" => ProductNames.TryParse(id, out product),
            _ => throw new UsageException($"Unknown view '{kind}'; use order, customer or inventory."),
        };
        if (!valid)
        {
            throw new UsageException($"'{id}' is not a {kind} ID.");
        }

        await using var client = await gateway.ConnectAsync(shutdown);
        var json = kind switch
        {
            "order" => await client.GetOrderAsync(id) is { } order ? SnapshotJson.Format(order) : null,
            "customer" => await client.GetCustomerAsync(customerId) is { } customer ? SnapshotJson.Format(customer) : null,
            _ => await client.GetInventoryAsync(product) is { } inventory ? SnapshotJson.Format(inventory) : null,
        };
        if (json is null)
        {
            await Console.Error.WriteLineAsync($"get: no {kind} '{id}' in the view.");
            return ExitCodes.Failure;
        }

        await Console.Out.WriteLineAsync(json);
        return ExitCodes.Success;
    }
}
