using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using ActorViews.Cli.CommandLine;
using ActorViews.Cli.Commands;

var root = new RootCommand("The ActorViews command line: a development broker, the stand-alone HTTP gateway, database migrations, reads of the views, sample data and dead-letter replay.")
{
    new DevBrokerCommand(),
    new GatewayCommand(),
    new MigrateCommand(),
    new GetCommand(),
    new WatchCommand(),
    new ViewsCommand(),
    new ProduceCommand(),
    new ReplayCommand(),
};
root.Subcommands.Add(new HelpCommand(root));
var help = root.Options.OfType<HelpOption>().Single();
help.Action = new CliHelpAction((SynchronousCommandLineAction)help.Action!);

return await CliRunner.RunAsync(root, args);
