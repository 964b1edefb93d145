using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Security;

/// <summary>An API key copied from an example instead of generated stops start-up, as a missing key does.</summary>
public sealed class PlaceholderKeyTests
{
    [Theory]
    [InlineData("CHANGE-ME-to-a-long-random-writer-key", "it contains the placeholder word 'changeme'")]
    [InlineData("please_Replace_Me_before_deploying", "it contains the placeholder word 'replaceme'")]
    [InlineData("an-example-key-from-the-docs-0042", "it contains the placeholder word 'example'")]
    [InlineData("${ACTORVIEWS_WRITER_KEY}", "it contains '${', left by a template")]
    [InlineData("<a-writer-key-of-32-characters>", "it contains '<', left by a template")]
    [InlineData("0000000000000000000000000000", "it uses only 1 distinct characters")]
    [InlineData("abcabcabcabcabcabcabcabc", "it uses only 3 distinct characters")]
    public async Task A_placeholder_key_fails_start_up_naming_the_option_and_why(string key, string reason)
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync(
            "--Gateway:Auth:Mode=ApiKey", $"--Gateway:Auth:ApiKeys:ci:Key={key}", "--Gateway:Auth:ApiKeys:ci:Roles=writer"));

        Assert.Matches(@"The silo exited with code [1-9]\d*", failure.Message);
        Assert.Contains($"Gateway:Auth:ApiKeys:ci:Key is a placeholder ({reason}", failure.Message);
        Assert.DoesNotContain(key, failure.Message);
    }
}
