using System.Globalization;
using Orleans.Storage;

namespace ActorViews.PostgreSql.GroupCommit;

/// <summary>
/// The views' grain storage with group commit: writes of string-keyed grains go through a
/// <see cref="GroupCommitWriter"/>, many grains' states in one statement, each with its own version check; reads,
/// clears and grains with Guid or integer keys go to the ADO.NET storage underneath, whose rows these are.
/// </summary>
/// <param name="inner">The ADO.NET storage over the same database and schema.</param>
/// <param name="writer">The batching writer.</param>
/// <param name="serializer">The serializer the inner storage reads with.</param>
internal sealed class GroupCommitGrainStorage(IGrainStorage inner, GroupCommitWriter writer, IGrainStorageSerializer serializer) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // Orleans' ADO.NET storage keeps Guid and integer keys (a string key that reads as hex is one) in the
        // number columns; only plain string keys are written here, in its layout.
        if (grainId.TryGetGuidKey(out _, out _) || grainId.TryGetIntegerKey(out _, out _))
        {
            await inner.WriteStateAsync(stateName, grainId, grainState).ConfigureAwait(false);
            return;
        }

        var expected = grainState.ETag is { } etag ? int.Parse(etag, CultureInfo.InvariantCulture) : (int?)null;
        var write = new StateWrite(stateName, grainId.Key.ToString(), expected, serializer.Serialize(grainState.State).ToArray());
        var version = await writer.WriteAsync(write).ConfigureAwait(false);
        if (version == expected)
        {
            throw new InconsistentStateException(
                $"Version conflict writing {stateName} of {grainId}: the stored version is not {grainState.ETag ?? "absent"}.",
                storedEtag: "unknown",
                currentEtag: grainState.ETag ?? "");
        }

        grainState.ETag = version!.Value.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }
}
