namespace ActorViews.PostgreSql.Tests;

/// <summary>A minimal materialized view: totals per item, kept in PostgreSQL grain storage.</summary>
public interface ITallyGrain : IGrainWithStringKey
{
    Task Add(string item, long amount);

    Task<TallyState> Get();

    Task Clear();
}

[GenerateSerializer]
public sealed class TallyState
{
    [Id(0)]
    public Dictionary<string, long> AmountByItem { get; set; } = [];

    [Id(1)]
    public long TotalAmount { get; set; }
}

public sealed class TallyGrain([PersistentState("tally", TallyGrain.StorageName)] IPersistentState<TallyState> tally) : Grain, ITallyGrain
{
    public const string StorageName = "views";

    public async Task Add(string item, long amount)
    {
        tally.State.AmountByItem[item] = tally.State.AmountByItem.GetValueOrDefault(item) + amount;
        tally.State.TotalAmount += amount;
        await tally.WriteStateAsync();
    }

    public Task<TallyState> Get() => Task.FromResult(tally.State);

    public Task Clear() => tally.ClearStateAsync();
}
