using System.Text;

namespace ActorViews.Serve;

/// <summary>Writes a result file and prints it.</summary>
internal static class ResultFile
{
    public static void Write(string directory, string name, StringBuilder text)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text.ToString());
        Console.WriteLine(text);
        Console.Error.WriteLine($"written to {path}");
    }
}
