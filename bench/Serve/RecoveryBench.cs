namespace ActorViews.Serve;

internal static class RecoveryBench
{
    public static Func<Task> Prepare(ServeArgs args) => () => Task.CompletedTask;
}
