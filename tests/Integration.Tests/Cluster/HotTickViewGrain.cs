using System.Collections.Concurrent;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Integration.Tests.Cluster;

/// <summary>A view that records the size of every call it gets, and whose first call a test can hold open.</summary>
public interface IHotTickView : IKafkaView<Tick>
{
    Task<IReadOnlyList<int>> GetCallSizesAsync();
}

public sealed class HotTickViewGrain : Grain, IHotTickView
{
    private readonly List<int> _callSizes = [];

    /// <summary>Keys whose first call waits until the test completes the source: the key's view is "busy".</summary>
    public static ConcurrentDictionary<string, TaskCompletionSource> Holds { get; } = new();

    /// <summary>Keys whose held call has started.</summary>
    public static ConcurrentDictionary<string, bool> Entered { get; } = new();

    public async Task ApplyAsync(KafkaEventBatch<Tick> batch)
    {
        var key = this.GetPrimaryKeyString();
        if (_callSizes.Count == 0 && Holds.TryGetValue(key, out var hold))
        {
            Entered[key] = true;
            await hold.Task;
        }

        _callSizes.Add(batch.Events.Count);
    }

    public Task<IReadOnlyList<int>> GetCallSizesAsync() => Task.FromResult<IReadOnlyList<int>>([.. _callSizes]);
}
