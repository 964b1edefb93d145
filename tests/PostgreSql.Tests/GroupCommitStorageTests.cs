using System.Text;
using ActorViews.PostgreSql.GroupCommit;
using ActorViews.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;

namespace ActorViews.PostgreSql.Tests;

/// <summary>Group commit: many grains' writes in one statement, each with its own version check and its own failure.</summary>
[Collection(PostgresCollection.Name)]
public sealed class GroupCommitStorageTests(PostgresFixture postgres)
{
    private const int Writers = 2;

    [Fact]
    public async Task Grains_writing_at_once_share_statements_and_each_gets_its_own_version()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await Silos.WithLocalSiloAsync("svc-group", s => s.AddPostgresGroupCommitGrainStorage(TallyGrain.StorageName, connectionString, Writers), async silo =>
        {
            var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(TallyGrain.StorageName);
            var writer = silo.Services.GetRequiredKeyedService<GroupCommitWriter>(TallyGrain.StorageName);

            // 'beef' reads as a hex integer key: Orleans keeps it in the number columns, so it goes the single way.
            var ids = Enumerable.Range(0, 400).Select(i => GrainId.Create("tally", $"grain-{i}")).Append(GrainId.Create("tally", "beef")).ToList();
            var states = ids.Select(_ => new GrainState<TallyState>(new TallyState())).ToList();
            for (var round = 1; round <= 2; round++)
            {
                var total = round;
                states.ForEach(s => s.State = new TallyState { TotalAmount = total });
                await Task.WhenAll(ids.Select((id, i) => storage.WriteStateAsync("tally", id, states[i])));
                Assert.All(states, s => Assert.Equal(round.ToString(System.Globalization.CultureInfo.InvariantCulture), s.ETag));
            }

            Assert.InRange(writer.Statements, 1, 400);
            Assert.True(writer.Statements < 2 * 400 / 4, $"800 group-committed writes should share statements; they took {writer.Statements}.");
            Assert.Equal(401, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM grain_state WHERE version = 2 AND (payload->>'totalAmount')::bigint = 2"));

            foreach (var id in new[] { ids[0], ids[^1] })
            {
                var read = new GrainState<TallyState>(new TallyState());
                await storage.ReadStateAsync("tally", id, read);
                Assert.Equal(2, read.State!.TotalAmount);
                Assert.Equal("2", read.ETag);
            }
        });
    }

    [Fact]
    public async Task A_stale_version_fails_only_its_own_write_among_others_at_once()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await Silos.WithLocalSiloAsync("svc-stale", s => s.AddPostgresGroupCommitGrainStorage(TallyGrain.StorageName, connectionString, Writers), async silo =>
        {
            var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(TallyGrain.StorageName);
            var contended = GrainId.Create("tally", "contended");
            await storage.WriteStateAsync("tally", contended, new GrainState<TallyState>(new TallyState { TotalAmount = 1 }));

            // It believes there is no row yet, as a second activation racing the first would.
            var stale = new GrainState<TallyState>(new TallyState { TotalAmount = 100 });
            var others = Enumerable.Range(0, 50).Select(i => (Id: GrainId.Create("tally", $"other-{i}"), State: new GrainState<TallyState>(new TallyState { TotalAmount = 7 }))).ToList();
            var staleWrite = storage.WriteStateAsync("tally", contended, stale);
            await Task.WhenAll(others.Select(o => storage.WriteStateAsync("tally", o.Id, o.State)));

            await Assert.ThrowsAsync<InconsistentStateException>(() => staleWrite);
            Assert.All(others, o => Assert.Equal("1", o.State.ETag));
            Assert.Equal(1, await Sql.ScalarAsync<long>(connectionString, "SELECT (payload->>'totalAmount')::bigint FROM grain_state WHERE grain_key_string = 'contended'"));
        });
    }

    [Fact]
    public async Task A_row_postgres_refuses_fails_alone_and_the_rest_of_its_statement_lands()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await Silos.WithLocalSiloAsync("svc-refused", s => s.AddPostgresGrainStorage(TallyGrain.StorageName, connectionString), async _ =>
        {
            // The schema is the silo's; the writer is driven directly so one row can carry what no serializer writes.
            await using var writer = new GroupCommitWriter(connectionString, "svc-refused", writers: 1);
            var writes = Enumerable.Range(0, 30).Select(i => new StateWrite("tally", $"row-{i}", null, Encoding.UTF8.GetBytes($$"""{"totalAmount":{{i}}}"""))).ToList();
            writes[17] = writes[17] with { Payload = Encoding.UTF8.GetBytes("not json") };

            var outcomes = writes.Select(w => writer.WriteAsync(w)).ToList();
            var refused = await Assert.ThrowsAsync<PostgresException>(() => outcomes[17]);
            Assert.Contains("not UTF-8 JSON", refused.MessageText, StringComparison.Ordinal);
            foreach (var (outcome, i) in outcomes.Select((o, i) => (o, i)).Where(x => x.i != 17))
            {
                Assert.Equal(1, await outcome);
            }

            Assert.Equal(29, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM grain_state WHERE grain_key_string LIKE 'row-%'"));
        });
    }

    [Fact]
    public async Task Rows_written_with_group_commit_are_the_plain_storage_rows()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        const string ServiceId = "svc-compat";
        await Silos.WithLocalSiloAsync(ServiceId, s => s.AddPostgresGroupCommitGrainStorage(TallyGrain.StorageName, connectionString, Writers), silo =>
            silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ITallyGrain>("compat").Add("apples", 3));
        await Silos.WithLocalSiloAsync(ServiceId, s => s.AddPostgresGrainStorage(TallyGrain.StorageName, connectionString), async silo =>
        {
            var tally = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ITallyGrain>("compat");
            Assert.Equal(3, (await tally.Get()).TotalAmount);
            await tally.Add("pears", 2);
        });
        await Silos.WithLocalSiloAsync(ServiceId, s => s.AddPostgresGroupCommitGrainStorage(TallyGrain.StorageName, connectionString, Writers), async silo =>
        {
            var tally = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ITallyGrain>("compat");
            Assert.Equal(5, (await tally.Get()).TotalAmount);
            await tally.Add("apples", 1);
        });

        Assert.Equal(3, await Sql.ScalarAsync<int>(connectionString, "SELECT version FROM grain_state WHERE grain_key_string = 'compat'"));
        Assert.Equal(1, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM grain_state"));
    }
}
