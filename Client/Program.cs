using ActorViews.Client.Cli;
using ActorViews.Client.Commands;

var dispatcher = new CommandDispatcher(
[
    new DevBrokerCommand(),
    new MigrateCommand(),
]);

return await dispatcher.RunAsync(args);
