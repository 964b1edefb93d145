using System.CommandLine;
using System.Globalization;
using ActorViews.Cli.CommandLine;
using ActorViews.Grains;

namespace ActorViews.Cli.Commands;

/// <summary><c>actorviews get order|customer|inventory ID</c>: prints a view, read from the grains directly.</summary>
internal sealed class GetCommand : DocumentedCommand
{
    private readonly Argument<string> _kind = new("kind") { Description = "the view: order, customer or inventory" };
    private readonly Argument<string> _id = new("id") { Description = "the order ID, the customer's number or the product's name" };
    private readonly GatewayOptions _gateway = new();

    public GetCommand()
        : base("get", "Print an order, customer or inventory view (via the silo's Orleans gateway).")
    {
        Details = """
            Prints the view as JSON; exits with 1 when the view has nothing for ID.
            """;
        _kind.AcceptOnlyFromAmong("order", "customer", "inventory");
        Arguments.Add(_kind);
        Arguments.Add(_id);
        _gateway.AddTo(this);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken shutdown)
    {
        var (kind, id) = (parse.GetRequiredValue(_kind), parse.GetRequiredValue(_id));
        if (!TryParseId(kind, id, out var customerId, out var product))
        {
            throw new UsageException($"'{id}' is not a {kind} ID.");
        }

        await using var client = await _gateway.ConnectAsync(parse, shutdown);
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

    private static bool TryParseId(string kind, string id, out long customerId, out Product product)
    {
        customerId = 0;
        product = Product.Jumpers;
        return kind switch
        {
            "order" => id.Length > 0,
            "customer" => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out customerId),
            _ => ProductNames.TryParse(id, out product),
        };
    }
}
