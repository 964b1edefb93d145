namespace ActorViews.Silo.Hosting;

/// <summary>Checks run once the host is built and before it starts, so that their failures stop start-up as one line.</summary>
internal static class StartupChecks
{
    /// <summary>
    /// Runs every Orleans configuration validator (options of the stream provider, clustering, storage) now:
    /// the silo would run them while starting, where the host logs a failure with its stack trace first.
    /// </summary>
    public static WebApplication ValidateConfiguration(this WebApplication app)
    {
        foreach (var validator in app.Services.GetServices<IConfigurationValidator>())
        {
            validator.ValidateConfiguration();
        }

        return app;
    }
}
