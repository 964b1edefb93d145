using Microsoft.Extensions.Options;

namespace ActorViews.Silo.Demo;

/// <summary>Registers the sample order generator.</summary>
internal static class DemoHosting
{
    /// <summary>
    /// Adds the generator when <c>Demo:Enabled</c> (default: <paramref name="enabledByDefault"/>); invalid
    /// settings fail start-up.
    /// </summary>
    public static IServiceCollection AddDemoOrders(this IServiceCollection services, IConfiguration configuration, bool enabledByDefault)
    {
        var section = configuration.GetSection(DemoOptions.Section);
        services.AddOptions<DemoOptions>()
            .Configure(options => options.Enabled = enabledByDefault)
            .Bind(section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DemoOptions>, DemoOptionsValidator>();

        if (section.GetValue("Enabled", enabledByDefault))
        {
            services.AddHostedService<DemoOrderGenerator>();
        }

        return services;
    }
}
