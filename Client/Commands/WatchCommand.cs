using System.Globalization;
using ActorViews.Client.Cli;
using ActorViews.Grains;

namespace ActorViews.Client.Commands;

/// <summary><c>actorviews watch ORDER_ID</c>: follows an order until it is VALIDATED or FAILED.</summary>
internal sealed class WatchCommand : ICliCommand
{
    public string Name => "watch";

    public string Summary => "Wait until an order is VALIDATED or FAILED, showing its state as it changes.";

    public string Usage => $"""
        Usage: actorviews watch ORDER_ID [--timeout SECONDS] [--gateway HOST:PORT]

        Prints the order's state each time it changes and the final view as JSON. Exits with 0 when the order
        is VALIDATED, 1 when it FAILED or the timeout passed.

        Options:
          --timeout SECONDS           give up after this long (default 60)
        {GatewayOption.Usage}
          -h, --help                  show this help

        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken shutdown)
    {
        var gateway = new GatewayOption();
        var timeout = TimeSpan.FromSeconds(60);
        string? orderId = null;
        var reader = new ArgumentReader(args);
        while (reader.MoveNext())
        {
            if (gateway.TryRead(reader))
            {
                continue;
            }

            if (reader.Current == "--timeout")
            {
                timeout = TimeSpan.FromSeconds(reader.IntValue(minimum: 1));
            }
            else if (reader.Current.StartsWith("--", StringComparison.Ordinal) || orderId is not null)
            {
                throw new UsageException($"Unexpected argument '{reader.Current}'.");
            }
            else
            {
                orderId = reader.Current;
            }
        }

        if (string.IsNullOrEmpty(orderId))
        {
            throw new UsageException("Give the ID of the order to watch.");
        }

        await using var client = await gateway.ConnectAsync(shutdown);
        var view = client.Grains.GetGrain<IOrderView>(orderId);
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
