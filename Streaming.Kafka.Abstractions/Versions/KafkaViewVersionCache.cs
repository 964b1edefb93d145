using System.Collections.Concurrent;

namespace ActorViews.Streaming.Kafka;

/// <summary>
/// The read path's view of the version registries (<see cref="IKafkaViewVersionGrain"/>): which version of a view
/// answers reads, asked at most once per <see cref="MaxAge"/> per view however many reads ask. A read routed by an
/// answer up to <see cref="MaxAge"/> old still finds the version it names: a replaced version's state is deleted
/// only long after the switch (docs/evolving-views.md).
/// </summary>
public sealed class KafkaViewVersionCache
{
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, (Task<KafkaViewVersionInfo> Read, DateTimeOffset At)> _known = new(StringComparer.Ordinal);

    /// <summary>Creates the cache.</summary>
    /// <param name="grains">Where the registries are.</param>
    /// <param name="maxAge">How long an answer is used; at most the delay before a replaced version is deleted.</param>
    /// <param name="clock">The clock answers age by; the system's when null.</param>
    public KafkaViewVersionCache(IGrainFactory grains, TimeSpan maxAge, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxAge, TimeSpan.Zero);
        _grains = grains;
        _clock = clock ?? TimeProvider.System;
        MaxAge = maxAge;
    }

    /// <summary>How long an answer of a registry is used.</summary>
    public TimeSpan MaxAge { get; }

    /// <summary>The versions of view <paramref name="view"/>, at most <see cref="MaxAge"/> old.</summary>
    public Task<KafkaViewVersionInfo> GetAsync(string view)
    {
        ArgumentException.ThrowIfNullOrEmpty(view);
        var now = _clock.GetUtcNow();
        var known = _known.GetValueOrDefault(view);
        if (known.Read is { } read && now - known.At < MaxAge && !read.IsFaulted && !read.IsCanceled)
        {
            return read;
        }

        var fresh = _grains.GetGrain<IKafkaViewVersionGrain>(view).GetAsync();
        _known[view] = (fresh, now);
        return fresh;
    }

    /// <summary>The grain of view <typeparamref name="TView"/> that answers reads of <paramref name="entityKey"/> now.</summary>
    public async Task<TView> ViewAsync<TView>(string entityKey)
        where TView : IGrainWithStringKey =>
        _grains.GetGrain<TView>(await GrainKeyAsync(NameOf<TView>.Value, entityKey).ConfigureAwait(false));

    /// <summary>The key of the grain of view <paramref name="view"/> that answers reads of <paramref name="entityKey"/>.</summary>
    public async Task<string> GrainKeyAsync(string view, string entityKey) =>
        ViewVersions.GrainKey(entityKey, (await GetAsync(view).ConfigureAwait(false)).Current);

    private static class NameOf<TView>
    {
        public static readonly string Value = ViewNames.Of(typeof(TView));
    }
}
