namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>Where one view starts on a partition this receiver has just taken.</summary>
/// <param name="Offset">The first offset the view is delivered.</param>
/// <param name="Building">
/// Whether the view starts behind the partition and catches up with a reader of its own
/// (<see cref="ViewCatchUp"/>) before the live reader delivers to it.
/// </param>
/// <param name="Stored">The view's stored position, or -1 when it has none; a live view's start is stored unless equal.</param>
internal readonly record struct ViewStartPoint(long Offset, bool Building, long Stored)
{
    /// <summary>A live view at <paramref name="offset"/>, which is its stored position.</summary>
    public static ViewStartPoint Live(long offset) => new(offset, Building: false, Stored: offset);
}
