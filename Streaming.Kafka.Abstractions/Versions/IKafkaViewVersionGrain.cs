namespace ActorViews.Streaming.Kafka;

/// <summary>
/// The registry of one view's versions, keyed by the view's name (<see cref="ViewNames"/>) and persisted, so a
/// rebuild goes on whichever silo is killed. The delivery engine asks it which versions to feed and tells it where
/// a building version has gone live; reads ask it which version answers.
/// </summary>
public interface IKafkaViewVersionGrain : IGrainWithStringKey
{
    /// <summary>The view's versions as they are now.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<KafkaViewVersionInfo> GetAsync();

    /// <summary>
    /// Starts building the next version from the start of the log, unless a rebuild runs already.
    /// </summary>
    /// <param name="keep">Whether the version it replaces keeps its stored state after the switch.</param>
    /// <returns>Whether this call started it, and the versions after the call.</returns>
    Task<(bool Started, KafkaViewVersionInfo Versions)> StartRebuildAsync(bool keep);

    /// <summary>
    /// Records that <paramref name="version"/> of <paramref name="view"/> (this view, or a feed of it) reads live on a
    /// partition. Once it does on every partition of every such view it becomes the current version, and the one it
    /// replaces is no longer delivered; its stored state is deleted <paramref name="deleteAfter"/> later, unless the
    /// rebuild was asked to keep it.
    /// </summary>
    /// <param name="version">The building version.</param>
    /// <param name="view">The view that went live there: this one, or a feed of it.</param>
    /// <param name="topic">The partition's topic.</param>
    /// <param name="partition">The partition.</param>
    /// <param name="partitions">On how many partitions, counted per view, this view and its feeds read altogether.</param>
    /// <param name="deleteAfter">How long after the switch the replaced version's state is deleted.</param>
    Task ReportLiveAsync(int version, string view, string topic, int partition, int partitions, TimeSpan deleteAfter);
}
