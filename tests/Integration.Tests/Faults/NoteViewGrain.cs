using ActorViews.Integration.Tests.Cluster;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Integration.Tests.Faults;

/// <summary>A view holding one text, written the way every view writes: to see what storage refuses.</summary>
public interface INoteView : IGrainWithStringKey
{
    Task WriteAsync(string text);

    Task<string?> GetAsync();
}

[GenerateSerializer]
public sealed class NoteState
{
    [Id(0)]
    public string? Text { get; set; }
}

public sealed class NoteViewGrain([PersistentState("note", ClusterFixture.Storage)] IPersistentState<NoteState> note) : Grain, INoteView
{
    public Task WriteAsync(string text) => note.ApplyOrRevertAsync(this, () =>
    {
        note.State.Text = text;
        return Task.FromResult(true);
    });

    public Task<string?> GetAsync() => Task.FromResult(note.State.Text);
}
