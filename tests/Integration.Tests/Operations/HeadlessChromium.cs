using System.Diagnostics;

namespace ActorViews.Integration.Tests.Operations;

/// <summary>Loads a page in headless Chromium (Debian package <c>chromium</c>) and returns the DOM after its scripts ran.</summary>
internal static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The rendered DOM of <paramref name="url"/>, after up to five seconds of the page's (virtual) time.</summary>
    public static async Task<string> DumpDomAsync(Uri url)
    {
        Assert.True(
            File.Exists(Executable),
            $"{Executable} is missing: these tests load pages in headless Chromium. Install it with scripts/install-deps (Debian packages chromium, chromium-driver).");

        var profile = Directory.CreateTempSubdirectory("actorviews-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.FullName}",
                "--dump-dom", "--virtual-time-budget=5000", url.ToString(),
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var chromium = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start.");
            var dom = chromium.StandardOutput.ReadToEndAsync();
            var errors = chromium.StandardError.ReadToEndAsync();
            try
            {
                await chromium.WaitForExitAsync().WaitAsync(Timeout);
            }
            catch (TimeoutException)
            {
                chromium.Kill(entireProcessTree: true);
                throw new TimeoutException($"Chromium did not render {url} within {Timeout.TotalSeconds:0}s. Its errors:\n{await errors}");
            }

            Assert.True(chromium.ExitCode == 0, $"Chromium exited with {chromium.ExitCode} rendering {url}:\n{await errors}");
            return await dom;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
