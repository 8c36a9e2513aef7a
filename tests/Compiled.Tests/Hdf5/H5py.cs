using System.Diagnostics;
using System.Text.Json;

namespace Compiled.Tests.Hdf5;

/// <summary>
/// Runs the h5py scripts beside the tests with Debian's Python (<c>/usr/bin/python3</c>: a <c>python3</c> earlier on
/// PATH may not see Debian's modules). Without h5py the calling test is skipped with the reason, except under CI
/// (<c>CI=true</c>), where a missing h5py is a failure: CI installs it, so its absence means the check did not run.
/// </summary>
internal static class H5py
{
    private const string Python = "/usr/bin/python3";
    private static readonly Lazy<string?> Missing = new(FindMissing);

    /// <summary>Skips (or, under CI, fails) the calling test when h5py cannot run.</summary>
    public static void Require()
    {
        string? reason = Missing.Value;
        if (reason is null) return;
        if (Environment.GetEnvironmentVariable("CI") is "true" or "1")
            Assert.Fail($"CI must check files with h5py, but {reason}. .ci/run installs python3-h5py with apt-get.");
        Skip.If(true, $"{reason}; install Debian's python3-h5py (apt-get install python3-h5py) to run this test.");
    }

    /// <summary>Runs a script from <c>Hdf5/Python</c> and returns its standard output.</summary>
    public static string Run(string script, params string[] arguments)
    {
        (int exitCode, string output, string error) = RunAllowingFailure(script, arguments);
        if (exitCode != 0) Assert.Fail($"{script} {string.Join(' ', arguments)} failed with exit code {exitCode}:\n{error}");
        return output;
    }

    /// <summary>Runs a script from <c>Hdf5/Python</c> and returns its exit code, standard output and standard error.</summary>
    public static (int ExitCode, string Output, string Error) RunAllowingFailure(string script, params string[] arguments)
    {
        ProcessStartInfo start = new(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Hdf5", "Python", script));
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            Assert.Fail($"{script} did not finish within 60 s.");
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>h5py's view of a file: <c>dump_keras_h5.py</c>'s JSON.</summary>
    public static JsonDocument Dump(string path) => JsonDocument.Parse(Run("dump_keras_h5.py", path));

    private static string? FindMissing()
    {
        if (!File.Exists(Python)) return $"{Python} does not exist";
        try
        {
            ProcessStartInfo start = new(Python, ["-c", "import h5py"]) { RedirectStandardError = true, UseShellExecute = false };
            using Process process = Process.Start(start)!;
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"{Python} cannot import h5py ({error.Trim().Split('\n')[^1]})";
        }
        catch (Exception e)
        {
            return $"{Python} could not be started ({e.Message})";
        }
    }
}
