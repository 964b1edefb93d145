namespace ActorViews.Serve;

/// <summary>The repository the bench was built in: the nearest folder above the binaries holding ActorViews.sln.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ActorViews.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ActorViews.sln above {AppContext.BaseDirectory}; pass --silo and --out.");
    }
}
