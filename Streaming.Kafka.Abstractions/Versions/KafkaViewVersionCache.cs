using System.Collections.Concurrent;

namespace ActorViews.Streaming.Kafka;

/// <summary>
/// The read path's view of the version registries (<see cref="IKafkaViewVersionGrain"/>): which version of a view
/// answers reads, asked at most once per <see cref="MaxAge"/> per view however many reads ask. Once a view's
/// versions are known, an older answer serves the reads while a newer one is asked for, so a registry that is slow
/// to answer (its silo just lost) delays no read. A read routed by an answer a little older than
/// <see cref="MaxAge"/> still finds the version it names: a replaced version's state is deleted only long after the
/// switch (docs/evolving-views.md).
/// </summary>
public sealed class KafkaViewVersionCache
{
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, Entry> _known = new(StringComparer.Ordinal);

    /// <summary>Creates the cache.</summary>
    /// <param name="grains">Where the registries are.</param>
    /// <param name="maxAge">How long an answer is used before a newer one is asked for; well below the delay before a replaced version is deleted.</param>
    /// <param name="clock">The clock answers age by; the system's when null.</param>
    public KafkaViewVersionCache(IGrainFactory grains, TimeSpan maxAge, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxAge, TimeSpan.Zero);
        _grains = grains;
        _clock = clock ?? TimeProvider.System;
        MaxAge = maxAge;
    }

    /// <summary>How long an answer of a registry is used before a newer one is asked for.</summary>
    public TimeSpan MaxAge { get; }

    /// <summary>The versions of view <paramref name="view"/>: the last answer, at most <see cref="MaxAge"/> old unless a newer one is on its way.</summary>
    public Task<KafkaViewVersionInfo> GetAsync(string view)
    {
        ArgumentException.ThrowIfNullOrEmpty(view);
        var entry = _known.GetOrAdd(view, static _ => new Entry());
        var now = _clock.GetUtcNow();
        lock (entry)
        {
            if (entry.Last is { } last && now - entry.At < MaxAge)
            {
                return Task.FromResult(last);
            }

            // Under the entry's lock, so the ask's own clean-up (which takes it too) runs after this.
            var asking = entry.Asking ?? AskAsync(view, entry);
            entry.Asking = asking.IsCompleted ? null : asking;
            return entry.Last is { } known ? Task.FromResult(known) : asking;
        }
    }

    /// <summary>The grain of view <typeparamref name="TView"/> that answers reads of <paramref name="entityKey"/> now.</summary>
    public async Task<TView> ViewAsync<TView>(string entityKey)
        where TView : IGrainWithStringKey =>
        _grains.GetGrain<TView>(await GrainKeyAsync(NameOf<TView>.Value, entityKey).ConfigureAwait(false));

    /// <summary>The key of the grain of view <paramref name="view"/> that answers reads of <paramref name="entityKey"/>.</summary>
    public async Task<string> GrainKeyAsync(string view, string entityKey) =>
        ViewVersions.GrainKey(entityKey, (await GetAsync(view).ConfigureAwait(false)).Current);

    private async Task<KafkaViewVersionInfo> AskAsync(string view, Entry entry)
    {
        try
        {
            var answer = await _grains.GetGrain<IKafkaViewVersionGrain>(view).GetAsync().ConfigureAwait(false);
            lock (entry)
            {
                entry.Last = answer;
                entry.At = _clock.GetUtcNow();
            }

            return answer;
        }
        finally
        {
            lock (entry)
            {
                entry.Asking = null;
            }
        }
    }

    private sealed class Entry
    {
        public KafkaViewVersionInfo? Last { get; set; }

        public DateTimeOffset At { get; set; }

        public Task<KafkaViewVersionInfo>? Asking { get; set; }
    }

    private static class NameOf<TView>
    {
        public static readonly string Value = ViewNames.Of(typeof(TView));
    }
}
