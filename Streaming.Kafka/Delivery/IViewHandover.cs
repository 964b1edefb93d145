namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>The live reader's side of a view's catch-up: where it is, and the switch that makes the view live.</summary>
internal interface IViewHandover
{
    /// <summary>The offset after the last batch the live reader took in: a catch-up is caught up once it applied everything below.</summary>
    long NextOffset { get; }

    /// <summary>Whether the view at index <paramref name="view"/> still catches up; false once handed over, or after a log reset.</summary>
    bool IsBuilding(int view);

    /// <summary>
    /// Makes the view live from <paramref name="position"/> on, the first offset its catch-up has not applied
    /// (and stored), when that is not behind <see cref="NextOffset"/>; false when the live reader moved past it.
    /// </summary>
    bool TryHandOver(int view, long position);
}
