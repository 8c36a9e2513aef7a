using System.Runtime.CompilerServices;

namespace Compiled.Tests.Generator;

/// <summary>
/// Verify's file convention without Verify: <c>Snapshots/{Class}.{Method}.verified.{ext}</c> is committed;
/// a mismatch writes <c>.received.{ext}</c> beside it and fails; a pass deletes any stale received file.
/// Accept a change by renaming the received file over the verified one after reading the diff.
/// </summary>
internal static class Snapshot
{
    public static void Verify(string actual, string extension = "cs", [CallerFilePath] string callerFile = "", [CallerMemberName] string method = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "..", "Snapshots");
        string stem = Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(callerFile)}.{method}");
        string verifiedPath = $"{stem}.verified.{extension}";
        string receivedPath = $"{stem}.received.{extension}";
        string normalized = actual.ReplaceLineEndings("\n");
        string? verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).ReplaceLineEndings("\n") : null;
        if (verified == normalized)
        {
            File.Delete(receivedPath);
            return;
        }
        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, normalized);
        Assert.Fail(verified is null
            ? $"No verified snapshot yet. Review {receivedPath} and rename it to {Path.GetFileName(verifiedPath)} to accept it."
            : $"Output differs from {verifiedPath} at line {FirstDifferentLine(verified, normalized)}. Review {receivedPath}; rename it over the verified file to accept it.");
    }

    private static int FirstDifferentLine(string expected, string actual)
    {
        string[] a = expected.Split('\n'), b = actual.Split('\n');
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
            if (a[i] != b[i]) return i + 1;
        return Math.Min(a.Length, b.Length) + 1;
    }
}
