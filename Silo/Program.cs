using ActorViews.Gateway;
using ActorViews.Gateway.Security;
using ActorViews.Silo.Demo;
using ActorViews.Silo.Hosting;
using ActorViews.Silo.Operations;
using Orleans.Dashboard;

WebApplication app;
try
{
    // appsettings.json is read from beside the binary, whichever directory the silo is started from.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.UseDefaultUrl().UseShutdownDeadline();
    var kafka = builder.UseKafkaBroker();

    builder.UseOrleans(silo => silo
        .AddActorViewsClustering(builder.Configuration)
        .AddActorViewsStorage(builder.Configuration)
        .AddOrderStreams(builder.Configuration, kafka)
        .AddDashboard());

    builder.AddActorViewsGateway(devMode: kafka.IsEmbedded);
    builder.Services.AddDemoOrders(builder.Configuration, enabledByDefault: kafka.IsEmbedded);
    builder.AddOperations();

    app = builder.Build();
    app.UseActorViewsGateway();
    app.MapActorViewsGateway();
    app.MapOperations().RequireOperatorAccess();
    app.ValidateConfiguration().CheckTopicPartitions(kafka);
    await app.StartAsync();
}
catch (Exception failure)
{
    return StartupFailure.Report(failure);
}

await app.WaitForShutdownAsync();
await app.DisposeAsync();
return 0;
