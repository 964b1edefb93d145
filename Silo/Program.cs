using ActorViews.Silo.Demo;
using ActorViews.Silo.Endpoints;
using ActorViews.Silo.Hosting;
using ActorViews.Silo.Operations;
using ActorViews.Silo.Security;
using Orleans.Dashboard;

var builder = WebApplication.CreateBuilder(args);
builder.UseDefaultUrl();
var kafka = builder.UseKafkaBroker();

builder.UseOrleans(silo => silo
    .AddActorViewsClustering(builder.Configuration)
    .AddActorViewsStorage(builder.Configuration)
    .AddOrderStreams(builder.Configuration, kafka)
    .AddDashboard());

builder.Services.AddProblemDetails();
builder.Services.AddGateway();
builder.Services.AddDemoOrders(builder.Configuration, enabledByDefault: kafka.IsEmbedded);
builder.AddOperations();
builder.AddGatewaySecurity(devMode: kafka.IsEmbedded);

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseGatewaySecurity();
app.MapGateway().RequireGatewayAccess();
app.MapOperations().RequireOperatorAccess();
app.Run();
