using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Tests.Shared;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

public sealed class CallGateTests
{
    [Fact]
    public async Task A_wait_beyond_the_permits_ends_when_a_call_is_released()
    {
        using var gate = new CallGate(2, CancellationToken.None);
        Assert.True(gate.WaitAsync().IsCompletedSuccessfully);
        Assert.True(gate.WaitAsync().IsCompletedSuccessfully);

        var third = gate.WaitAsync().AsTask();
        Assert.False(third.IsCompleted, "A third call must wait while two are in flight.");

        gate.Release();
        await Deadline.Within(third, Deadline.Default, "the waiting call to be let through by the release");

        // The released permit went to the waiter, so the gate is full again.
        Assert.False(gate.WaitAsync().IsCompleted, "The gate should be full again after handing its permit on.");
    }

    [Fact]
    public void Releases_without_a_waiter_return_permits()
    {
        using var gate = new CallGate(1, CancellationToken.None);
        Assert.True(gate.WaitAsync().IsCompletedSuccessfully);
        gate.Release();

        Assert.True(gate.WaitAsync().IsCompletedSuccessfully, "The released permit should be available again.");
    }

    [Fact]
    public async Task Stopping_ends_a_wait_with_cancellation()
    {
        using var stop = new CancellationTokenSource();
        using var gate = new CallGate(1, stop.Token);
        Assert.True(gate.WaitAsync().IsCompletedSuccessfully);
        var waiting = gate.WaitAsync().AsTask();

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Deadline.Within(waiting, Deadline.Default, "the wait to be cancelled"));
        Assert.ThrowsAny<OperationCanceledException>(() => gate.WaitAsync());
    }
}
