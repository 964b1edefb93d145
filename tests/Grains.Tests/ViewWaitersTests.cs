namespace ActorViews.Grains.Tests;

public sealed class ViewWaitersTests
{
    [Fact]
    public async Task Waiters_released_by_a_change_return_true_and_leave_none_behind()
    {
        var waiters = new ViewWaiters();
        var applied = false;
        var waits = Enumerable.Range(0, 200).Select(_ => waiters.WaitAsync(() => applied, TimeSpan.FromSeconds(30))).ToList();
        Assert.Equal(200, waiters.Count);

        applied = true;
        waiters.Notify();

        Assert.All(await Task.WhenAll(waits), Assert.True);
        Assert.Equal(0, waiters.Count);
    }

    [Fact]
    public async Task Waiters_that_time_out_return_false_and_leave_none_behind()
    {
        var waiters = new ViewWaiters();

        var waits = Enumerable.Range(0, 200).Select(_ => waiters.WaitAsync(() => false, TimeSpan.FromMilliseconds(100))).ToList();
        waiters.Notify();

        Assert.All(await Task.WhenAll(waits), Assert.False);
        Assert.Equal(0, waiters.Count);
    }

    [Fact]
    public async Task A_condition_that_holds_already_does_not_wait()
    {
        var waiters = new ViewWaiters();

        Assert.True(await waiters.WaitAsync(() => true, TimeSpan.Zero));
        Assert.False(await waiters.WaitAsync(() => false, TimeSpan.Zero));
        Assert.Equal(0, waiters.Count);
    }
}
