namespace ActorViews.Integration.Tests.Faults;

/// <summary>
/// Tests that assert what views report through the provider's process-wide logger run alone: another test's
/// in-process silo starting meanwhile would take that logger over.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LogResetCollection
{
    public const string Name = "Log resets";
}
