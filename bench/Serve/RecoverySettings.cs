namespace ActorViews.Serve;

/// <summary>What one recovery run does.</summary>
/// <param name="Rate">Events produced per second, steadily.</param>
/// <param name="Keys">Order views the events spread over.</param>
/// <param name="Before">Seconds of steady ingest before the kill.</param>
/// <param name="After">Seconds watched after the kill.</param>
/// <param name="FastFailureDetection">The silos' <c>Orleans:Membership:FastFailureDetection</c>.</param>
internal sealed record RecoverySettings(int Rate, int Keys, int Before, int After, bool FastFailureDetection);
