using ActorViews.Client.Cli;
using ActorViews.Client.Commands;

var dispatcher = new CommandDispatcher(
[
    new DevBrokerCommand(),
    new GatewayCommand(),
    new MigrateCommand(),
    new GetCommand(),
    new WatchCommand(),
    new ProduceCommand(),
    new ReplayCommand(),
]);

return await dispatcher.RunAsync(args);
