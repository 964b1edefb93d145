namespace ActorViews.Streaming.Kafka;

/// <summary>
/// Deletes what one version of a view stored, once a rebuild replaced it and no read can be routed to it any more.
/// The storage knows its rows; the provider knows only the view's name and the version, whose grain keys
/// <see cref="ViewVersions.GrainKey"/> tells apart. Register one per silo; without one a replaced version's state
/// stays where it is, and the silo says so.
/// </summary>
public interface IKafkaViewVersionEraser
{
    /// <summary>Deletes the stored state of version <paramref name="version"/> of view <paramref name="view"/>.</summary>
    /// <param name="view">The view's name (<see cref="ViewNames"/>).</param>
    /// <param name="version">The version replaced.</param>
    /// <param name="cancellationToken">Cancels the deletion.</param>
    /// <returns>How many stored records were deleted.</returns>
    Task<long> DeleteAsync(string view, int version, CancellationToken cancellationToken = default);
}
