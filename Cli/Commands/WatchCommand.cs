using System.CommandLine;
using System.Globalization;
using ActorViews.Cli.CommandLine;
using ActorViews.Grains;

namespace ActorViews.Cli.Commands;

/// <summary><c>actorviews watch ORDER_ID</c>: follows an order until it is VALIDATED or FAILED.</summary>
internal sealed class WatchCommand : DocumentedCommand
{
    private readonly Argument<string> _orderId = new("order-id") { Description = "the order to follow" };
    private readonly Option<int> _timeout = CheckedOptions.WholeNumber("--timeout", "give up after this many seconds", minimum: 1, defaultValue: 60);
    private readonly GatewayOptions _gateway = new();

    public WatchCommand()
        : base("watch", "Wait until an order is VALIDATED or FAILED, showing its state as it changes.")
    {
        Details = """
            Prints the order's state each time it changes and the final view as JSON. Exits with 0 when the order
            is VALIDATED, 1 when it FAILED or the timeout passed.
            """;
        Arguments.Add(_orderId);
        Options.Add(_timeout);
        _gateway.AddTo(this);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken shutdown)
    {
        var orderId = parse.GetRequiredValue(_orderId);
        var timeout = TimeSpan.FromSeconds(parse.GetValue(_timeout));
        await using var client = await _gateway.ConnectAsync(parse, shutdown);
        var view = await client.OrderViewAsync(orderId);
        var deadline = DateTimeOffset.UtcNow + timeout;
        OrderState? shown = null;
        OrderSnapshot? snapshot = null;
        while (DateTimeOffset.UtcNow < deadline)
        {
            // Each long-poll returns as soon as the order appears or settles; between, show where it is.
            var until = shown is null ? OrderWaitCondition.Present : OrderWaitCondition.Settled;
            var result = await view.WaitAsync(until, after: null, ViewWaits.Clamp(deadline - DateTimeOffset.UtcNow)).WaitAsync(shutdown);
            snapshot = result.Snapshot;
            if (snapshot is not null && snapshot.Order.State != shown)
            {
                shown = snapshot.Order.State;
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.Now:HH:mm:ss} order {orderId}: {SnapshotJson.Format(shown).Trim('"')}"));
            }

            if (shown is not null and not OrderState.Created)
            {
                break;
            }
        }

        if (snapshot is not null)
        {
            await Console.Out.WriteLineAsync(SnapshotJson.Format(snapshot));
        }

        if (shown is null or OrderState.Created)
        {
            await Console.Error.WriteLineAsync($"watch: order {orderId} did not settle within {timeout.TotalSeconds} s.");
            return ExitCodes.Failure;
        }

        return shown == OrderState.Failed ? ExitCodes.Failure : ExitCodes.Success;
    }
}
